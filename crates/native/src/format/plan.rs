//! `tenant-planner plan DIR`: what `check` would run, without running it — the profile, every
//! file in run order with its role and why, and its statements as the app splits them, each at
//! file:line:column. `--format json` for scripts (scripts/lib/check-examples-pg.sh takes its roles,
//! order and statements from it), `--format sql` a psql script of the whole run in that order.

use serde::Serialize;
use std::fmt::Write;
use tenant_planner_core::conventions::source_path;
use tenant_planner_core::profile::{detect_profile, Profile, SUPABASE_SHIM};
use tenant_planner_core::project::Project;
use tenant_planner_core::split::{split, Piece, Statement};

/// `plan --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFormat {
    Json,
    Sql,
}

impl PlanFormat {
    pub fn parse(s: &str) -> Option<PlanFormat> {
        match s.to_ascii_lowercase().as_str() {
            "json" => Some(PlanFormat::Json),
            "sql" => Some(PlanFormat::Sql),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The folder as given on the command line.
    pub dir: String,
    /// supabase | postgres: the one given, or the one detected from the files.
    pub profile: String,
    pub profile_reason: String,
    /// The migration tool's layout detected, in one line.
    pub convention: String,
    /// The statements of the profile's shim, which runs before the files (none for postgres).
    pub shim: Vec<Statement>,
    /// Every file in run order: the apply order, then the rollback order.
    pub files: Vec<PlanFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanFile {
    /// The file's name in the project (a dbmate down section is `x.sql#down`).
    pub file: String,
    /// The file on disk it comes from, relative to the folder.
    pub source: String,
    /// baseline | seed | up | validate | rollback
    pub role: String,
    /// 1-based place in run order.
    pub position: usize,
    /// Why it has this role and place.
    pub reason: String,
    /// The text that runs (for a section, the section only, its line numbers kept).
    pub text: String,
    /// Its statements as the run sends them (`piece.kind` "sql") or skips them ("meta").
    pub statements: Vec<Statement>,
}

pub fn plan(project: &Project, dir: &str, profile: Option<Profile>) -> Plan {
    let detected = detect_profile(&project.files);
    let (profile, profile_reason) = match profile.or(project.profile) {
        Some(p) => (p, "given".to_string()),
        None => (detected.profile, detected.reason),
    };
    let conventions = project.conventions();
    let reasons = conventions.report(&project.files);
    let order = project.order();
    let files = order
        .apply
        .iter()
        .chain(order.rollback.iter())
        .enumerate()
        .map(|(k, &i)| {
            let f = &project.files[i];
            PlanFile {
                file: f.name.clone(),
                source: source_path(&f.name).to_string(),
                role: f.role().as_str().into(),
                position: k + 1,
                reason: reasons
                    .files
                    .iter()
                    .find(|r| r.file == f.name)
                    .map(|r| r.reason.clone())
                    .unwrap_or_default(),
                text: f.text.clone(),
                statements: split(&f.text),
            }
        })
        .collect();
    let shim = match profile {
        Profile::Supabase => split(SUPABASE_SHIM),
        Profile::Postgres => Vec::new(),
    };
    Plan {
        dir: dir.into(),
        profile: profile.as_str().into(),
        profile_reason,
        convention: reasons.summary,
        shim,
        files,
    }
}

/// The plan as a psql script: the profile's shim, then every file in run order under a header,
/// each statement after a `-- file:line:column` comment; meta-commands the run skips stay
/// comments.
pub fn to_sql(p: &Plan) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "-- tenant-planner plan {}: {} files in run order, profile {} ({})",
        p.dir,
        p.files.len(),
        p.profile,
        p.profile_reason
    );
    let _ = writeln!(o, "-- {}", p.convention);
    if !p.shim.is_empty() {
        let _ = writeln!(
            o,
            "\n-- ==== the {} profile's shim ({} statements), as the app applies it first",
            p.profile,
            p.shim.iter().filter(|s| s.is_sql()).count()
        );
        for st in p.shim.iter().filter(|s| s.is_sql()) {
            let _ = writeln!(o, "{}", st.sql);
        }
    }
    for f in &p.files {
        let _ = writeln!(
            o,
            "\n-- ==== {} ({}, {} of {}): {}",
            f.file,
            f.role,
            f.position,
            p.files.len(),
            f.reason
        );
        for st in &f.statements {
            match &st.piece {
                Piece::Sql => {
                    let _ = writeln!(o, "-- {}:{}:{}\n{}", f.file, st.line, st.column, st.sql);
                }
                Piece::Meta { reason, .. } => {
                    let _ = writeln!(
                        o,
                        "-- {}:{}:{} not sent ({reason}): {}",
                        f.file,
                        st.line,
                        st.column,
                        st.sql.lines().next().unwrap_or("")
                    );
                }
            }
        }
    }
    o
}

pub fn to_json(p: &Plan) -> String {
    serde_json::to_string_pretty(p).expect("the plan serializes") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use tenant_planner_core::files::SqlFile;

    fn project() -> Project {
        Project {
            files: vec![
                SqlFile::new("validate_x.sql", "select 1;"),
                SqlFile::new("001_x_rollback.sql", "drop table x;"),
                SqlFile::new("001_x.sql", "-- make x\ncreate table x (id int);\n\\set ON_ERROR_STOP on\ninsert into x\n  values (1);\n"),
                SqlFile::new("000_baseline.sql", "create table b (id int);"),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn files_in_run_order_with_roles_and_statements_at_their_lines() {
        let p = plan(&project(), "db", None);
        assert_eq!(p.profile, "postgres");
        let order: Vec<(&str, &str, usize)> =
            p.files.iter().map(|f| (f.file.as_str(), f.role.as_str(), f.position)).collect();
        assert_eq!(
            order,
            [
                ("000_baseline.sql", "baseline", 1),
                ("001_x.sql", "up", 2),
                ("validate_x.sql", "validate", 3),
                ("001_x_rollback.sql", "rollback", 4)
            ]
        );
        let up = &p.files[1];
        let at: Vec<(usize, bool)> = up.statements.iter().map(|s| (s.line, s.is_sql())).collect();
        assert_eq!(at, [(2, true), (3, false), (4, true)]);
        assert!(p.files.iter().all(|f| !f.reason.is_empty()), "{:#?}", p.files);
        let json: serde_json::Value = serde_json::from_str(&to_json(&p)).unwrap();
        assert_eq!(json["files"][1]["statements"][2]["piece"]["kind"], "sql");
        assert_eq!(json["files"][1]["statements"][1]["piece"]["kind"], "meta");
    }

    #[test]
    fn sql_is_a_psql_script_in_run_order() {
        let s = to_sql(&plan(&project(), "db", Some(Profile::Supabase)));
        assert!(
            s.starts_with(
                "-- tenant-planner plan db: 4 files in run order, profile supabase (given)\n"
            ),
            "{s}"
        );
        let shim = s.find("-- ==== the supabase profile's shim (").unwrap();
        assert!(shim < s.find("-- ==== 000_baseline.sql").unwrap(), "{s}");
        assert!(!to_sql(&plan(&project(), "db", None)).contains("shim"));
        let a = s.find("-- ==== 000_baseline.sql (baseline, 1 of 4)").unwrap();
        let b = s.find("-- ==== 001_x.sql (up, 2 of 4)").unwrap();
        let c = s.find("-- ==== 001_x_rollback.sql (rollback, 4 of 4)").unwrap();
        assert!(a < b && b < c, "{s}");
        assert!(s.contains("-- 001_x.sql:4:1\ninsert into x\n  values (1);\n"), "{s}");
        assert!(s.contains("-- 001_x.sql:3:1 not sent ("), "{s}");
        assert!(!s.contains("\n\\set"), "meta-commands stay comments: {s}");
    }
}
