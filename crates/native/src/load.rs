//! Reading a migration folder from disk into a project (the CLI and the tests).

use std::path::Path;
use tenant_planner_core::files::{decode, SqlFile};
use tenant_planner_core::project::Project;

/// Every `.sql` file directly in `dir` (sorted by name), decoded with the same rules the app uses.
pub fn load_dir(dir: &Path) -> Result<Project, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read folder {}: {e}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("cannot read folder {}: {e}", dir.display()))?.path();
        let is_sql = path.extension().is_some_and(|x| x.eq_ignore_ascii_case("sql"));
        if !is_sql || !path.is_file() {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        files.push(SqlFile::new(name.clone(), decode(&name, &bytes)?));
    }
    if files.is_empty() {
        return Err(format!("{} holds no .sql files", dir.display()));
    }
    files.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    Ok(Project { files, ..Default::default() })
}
