//! Turning files picked or dropped by the user into project files, with a clear message for
//! each one that cannot be used. Nothing already loaded is ever dropped by a bad file.
//!
//! Names keep their folder path as dropped (`supabase/migrations/…`, `prisma/migrations/<ts>_x/
//! migration.sql`): the migration tool's conventions read it, and files of the same base name
//! stay apart. `sqitch.plan` is kept for the order; other non-SQL files are ignored, except a
//! report (`.json` made by the command line or downloaded), which opens as the finished run.

use crate::bridge::PickedFile;
use crate::plural::plural;
use crate::state::{Action, Level};
use tenant_planner_core::conventions::{kind_of, FileKind};
use tenant_planner_core::files::{decode, SqlFile};
use tenant_planner_core::project::Project;
use tenant_planner_core::reopen::{self, ReopenError, Reopened};

/// A picked path with `/` separators and no leading `/` or `./`.
fn clean(name: &str) -> String {
    let name = name.replace('\\', "/");
    let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    parts.join("/")
}

/// The actions that load `picked` into the project (messages first, then the files), given the
/// bundled example the project still is, if any, and whether it has no files. A report file
/// among them is opened instead (see [`reports`]).
pub fn ingest(picked: Vec<PickedFile>, example: Option<&str>, project_empty: bool) -> Vec<Action> {
    let (json, picked): (Vec<PickedFile>, Vec<PickedFile>) =
        picked.into_iter().partition(|p| is_json(&p.name));
    let mut out = Vec::new();
    let mut ignored = Vec::new();
    if !json.is_empty() {
        let others = picked.iter().filter(|p| kind_of(&clean(&p.name)) != FileKind::Other).count();
        if let Some(open) = reports(json, others, &mut out, &mut ignored) {
            out.push(open);
            return out;
        }
    }
    let mut files = Vec::new();
    for p in picked {
        let name = clean(&p.name);
        let kind = kind_of(&name);
        if kind == FileKind::Other {
            ignored.push(name);
            continue;
        }
        let Some(bytes) = p.bytes else {
            out.push(Action::Say(
                Level::Error,
                format!("{name} is {:.0} MB: too large to load", p.size / 1_048_576.0),
            ));
            continue;
        };
        match decode(&name, &bytes) {
            Ok(text) => {
                if kind == FileKind::Sql && text.trim().is_empty() {
                    out.push(Action::Say(
                        Level::Warning,
                        format!("{name} is empty: it is listed but has nothing to run"),
                    ));
                }
                files.push(SqlFile::new(name, text));
            }
            Err(why) => out.push(Action::Say(Level::Error, why)),
        }
    }
    if !ignored.is_empty() {
        let shown: Vec<_> = ignored.iter().take(4).cloned().collect();
        let more = if ignored.len() > 4 {
            format!(" and {} more", ignored.len() - 4)
        } else {
            String::new()
        };
        out.push(Action::Say(
            Level::Info,
            format!(
                "Ignored {} not .sql: {}{more}",
                plural(ignored.len(), "file that is", "files that are"),
                shown.join(", ")
            ),
        ));
    }
    if files.is_empty() {
        return out;
    }
    // A plan alone (added to files already loaded) never replaces them.
    let has_sql = files.iter().any(|f| kind_of(&f.name) == FileKind::Sql);
    // Loading files over an untouched bundled example replaces it; otherwise files are added.
    let replace = has_sql && (example.is_some() || project_empty);
    let n = files.iter().filter(|f| kind_of(&f.name) == FileKind::Sql).count();
    if replace {
        if let Some(ex) = example {
            out.push(Action::Say(
                Level::Info,
                format!("Replaced the example {ex} with your {}", plural(n, "file", "files")),
            ));
        }
    }
    out.push(Action::AddFiles { files, replace });
    out
}

fn is_json(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".json")
}

/// JSON files picked or dropped: the first Tenant Planner report among them opened (the action),
/// every other one said. With `others` SQL files beside them (a dropped folder), the SQL files are
/// what the user meant: JSON that is no report is only listed as ignored, as other non-SQL files
/// are, and a report is not opened (a migrations folder may hold a CI's report.json) but named,
/// with how to open it. Dropped alone, JSON that is no report is an error. Nothing here changes
/// the project unless a report opens.
fn reports(
    json: Vec<PickedFile>,
    others: usize,
    out: &mut Vec<Action>,
    ignored: &mut Vec<String>,
) -> Option<Action> {
    let mut opened: Option<(String, Reopened)> = None;
    for p in json {
        let name = clean(&p.name);
        let Some(bytes) = p.bytes else {
            out.push(Action::Say(
                Level::Error,
                format!("{name} is {:.0} MB: too large to load", p.size / 1_048_576.0),
            ));
            continue;
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                out.push(Action::Say(
                    Level::Error,
                    format!("{name} is not UTF-8 text (byte {at}): the project is unchanged"),
                ));
                continue;
            }
        };
        match reopen::open(text.trim_start_matches('\u{feff}')) {
            Ok(_) if others > 0 => out.push(Action::Say(
                Level::Info,
                format!(
                    "{name} is a Tenant Planner report: not opened beside the {} dropped with it (drop it alone, or use Open report…, to see its recorded run)",
                    plural(others, "SQL file", "SQL files")
                ),
            )),
            Ok(r) => match &opened {
                None => opened = Some((name, r)),
                Some((first, _)) => out.push(Action::Say(
                    Level::Warning,
                    format!("{name} was not opened: one report at a time ({first} is shown)"),
                )),
            },
            Err(ReopenError::NotAReport(_)) if others > 0 => ignored.push(name),
            Err(e) => out.push(Action::Say(
                Level::Error,
                format!("{}; the project is unchanged", e.describe(&name)),
            )),
        }
    }
    let (file, r) = opened?;
    Some(Action::OpenReport { file, opened: Box::new(r) })
}

/// Files picked or dropped as the Compare view's base: a project of their own (sqitch.plan
/// kept, dbmate files split, as [`ingest`] loads them), or why they cannot be one. Files that
/// cannot be read or are not SQL are named in the error only when no SQL file is left.
pub fn base_project(picked: Vec<PickedFile>) -> Result<Project, String> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for p in picked {
        let name = clean(&p.name);
        if kind_of(&name) == FileKind::Other {
            problems.push(format!("{name} is not a .sql file"));
            continue;
        }
        let Some(bytes) = p.bytes else {
            problems.push(format!("{name} is too large to load"));
            continue;
        };
        match decode(&name, &bytes) {
            Ok(text) => files.push(SqlFile::new(name, text)),
            Err(why) => problems.push(why),
        }
    }
    if !files.iter().any(|f| kind_of(&f.name) == FileKind::Sql) {
        let why = if problems.is_empty() {
            "no files were given".to_string()
        } else {
            problems.iter().take(3).cloned().collect::<Vec<_>>().join("; ")
        };
        return Err(format!("The base has no .sql file to run: {why}"));
    }
    let mut project = Project::default();
    crate::state::add_files(&mut project, files);
    Ok(project)
}

#[cfg(test)]
mod tests {
    use super::base_project;
    use crate::bridge::PickedFile;

    fn picked(name: &str, text: &str) -> PickedFile {
        PickedFile {
            name: name.into(),
            size: text.len() as f64,
            bytes: Some(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn a_base_is_a_project_of_its_own_sql_files_or_says_why_not() {
        let p = base_project(vec![
            picked("base/001_init.sql", "create table t (id int);"),
            picked("base/expected.md", "# notes"),
        ])
        .unwrap();
        let names: Vec<&str> = p.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["base/001_init.sql"]);

        let err = base_project(vec![picked("expected.md", "# notes")]).unwrap_err();
        assert_eq!(err, "The base has no .sql file to run: expected.md is not a .sql file");
        let err = base_project(Vec::new()).unwrap_err();
        assert_eq!(err, "The base has no .sql file to run: no files were given");
    }

    #[test]
    fn paths_are_cleaned_not_cut() {
        assert_eq!(super::clean("/supabase/migrations/x.sql"), "supabase/migrations/x.sql");
        assert_eq!(super::clean("./a\\b.sql"), "a/b.sql");
        assert_eq!(super::clean("x.sql"), "x.sql");
    }
}
