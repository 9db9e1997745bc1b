//! Reading a migration folder from disk into a project (the CLI and the tests), the way the app
//! reads a dropped folder: every `.sql` file under it by its path relative to the folder
//! (`supabase/migrations/…`, `prisma/migrations/<ts>_x/migration.sql`), `sqitch.plan` for the
//! order, dbmate files split into their up and down sections. Hidden folders and
//! `node_modules` are not entered.

use std::path::Path;
use tenant_planner_core::conventions::{self, FileKind};
use tenant_planner_core::files::{decode, SqlFile};
use tenant_planner_core::project::Project;

/// The project in `dir` (see the module doc), files sorted by path.
pub fn load_dir(dir: &Path) -> Result<Project, String> {
    let mut found = Vec::new();
    walk(dir, "", &mut found).map_err(|e| format!("cannot read folder {}: {e}", dir.display()))?;
    let mut entries = Vec::new();
    for (rel, path) in found {
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        entries.push((rel, bytes));
    }
    load_entries(entries).map_err(|e| {
        if e == NO_SQL {
            format!("{} holds no .sql files", dir.display())
        } else {
            e
        }
    })
}

const NO_SQL: &str = "no .sql files";

/// A project from files given as (path relative to the folder, bytes): `.sql` files decoded
/// with the app's rules, `sqitch.plan` kept for the order, anything else left out.
pub fn load_entries(entries: Vec<(String, Vec<u8>)>) -> Result<Project, String> {
    let mut files = Vec::new();
    let mut plan_files = Vec::new();
    for (name, bytes) in entries {
        match conventions::kind_of(&name) {
            FileKind::Sql => files.push(SqlFile::new(name.clone(), decode(&name, &bytes)?)),
            FileKind::Plan => plan_files.push(SqlFile::new(name.clone(), decode(&name, &bytes)?)),
            FileKind::Other => {}
        }
    }
    if files.is_empty() {
        return Err(NO_SQL.into());
    }
    files.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    Ok(Project { files: conventions::prepare(files), plan_files, ..Default::default() })
}

/// Files under `dir` that the loader reads (SQL and plans), as (relative path, full path).
fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, std::path::PathBuf)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let rel_name = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        if path.is_dir() {
            if !name.starts_with('.') && name != "node_modules" {
                walk(&path, &rel_name, out)?;
            }
        } else if path.is_file() && conventions::kind_of(&rel_name) != FileKind::Other {
            out.push((rel_name, path));
        }
    }
    Ok(())
}
