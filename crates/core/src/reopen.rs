//! Opening a report file again. A `report.json` written by `tenant-planner check --format json`
//! (natively or on a real PostgreSQL server) or downloaded from the app carries the project and
//! the run it was built from (`Report::run`), so the app can show that run exactly as it was
//! recorded, on whatever engine made it, without running anything. Every other file gets a reason
//! naming what is wrong — not JSON (serde's line and column), not a Tenant Planner report, a newer
//! report format, a shape this version cannot read, no recorded run, a run that does not match
//! its project — so the host can say it and leave the current project alone.

use crate::project::Project;
use crate::report::{Report, REPORT_FORMAT, TOOL_NAME};
use crate::run::RunResult;
use serde_json::Value;

/// A report opened again: the report as recorded (its `run` taken out), the project and the run.
#[derive(Debug, Clone, PartialEq)]
pub struct Reopened {
    pub report: Report,
    pub project: Project,
    pub result: RunResult,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReopenError {
    /// Not JSON at all: serde's message, with its line and column.
    NotJson(String),
    /// JSON, but not a Tenant Planner report (what it lacks).
    NotAReport(String),
    /// A report of a format newer than this version reads.
    NewerFormat(u64),
    /// A report whose shape this version cannot read: serde's message, with its line and column.
    Unreadable(String),
    /// A report without its recorded run (older, trimmed, or the app's on-page JSON).
    NoRun,
    /// The recorded run names files its project does not hold at those places.
    Inconsistent(String),
}

impl ReopenError {
    /// The message for the user, naming `file`.
    pub fn describe(&self, file: &str) -> String {
        match self {
            ReopenError::NotJson(e) => format!("{file} is not valid JSON: {e}"),
            ReopenError::NotAReport(why) => {
                format!("{file} is not a Tenant Planner report ({why})")
            }
            ReopenError::NewerFormat(n) => format!(
                "{file} is a report of format {n}, made by a newer Tenant Planner; this one reads format {REPORT_FORMAT}: open it with the newer version"
            ),
            ReopenError::Unreadable(e) => {
                format!("{file} is a Tenant Planner report this version cannot read: {e}")
            }
            ReopenError::NoRun => format!(
                "{file} is a Tenant Planner report without its recorded run (the \"run\" field: the project and the run's result), so its ERD, timeline and matrix cannot be shown again. Reports made before it existed, the page's Report JSON and trimmed reports lack it: make one that opens with `tenant-planner check DIR --format json > report.json`, or the app's Download report"
            ),
            ReopenError::Inconsistent(why) => {
                format!("{file}: the recorded run does not match its project ({why})")
            }
        }
    }
}

/// Whether `v` says it is a Tenant Planner report, and if not, what it lacks.
fn report_format(v: &Value) -> Result<u64, ReopenError> {
    let tool = v.get("tool").filter(|t| t.is_object());
    let Some(tool) = tool else {
        return Err(ReopenError::NotAReport("it has no \"tool\" object".into()));
    };
    if tool.get("name").and_then(Value::as_str) != Some(TOOL_NAME) {
        return Err(ReopenError::NotAReport(format!("its \"tool\" is not named \"{TOOL_NAME}\"")));
    }
    tool.get("report_format").and_then(Value::as_u64).ok_or_else(|| {
        ReopenError::NotAReport("its \"tool\" has no \"report_format\" number".into())
    })
}

/// A report file's text opened again, or why it cannot be.
pub fn open(text: &str) -> Result<Reopened, ReopenError> {
    let v: Value = serde_json::from_str(text).map_err(|e| ReopenError::NotJson(e.to_string()))?;
    let format = report_format(&v)?;
    if format > u64::from(REPORT_FORMAT) {
        return Err(ReopenError::NewerFormat(format));
    }
    if v.get("run").is_none_or(Value::is_null) {
        return Err(ReopenError::NoRun);
    }
    drop(v);
    // Parsed again from the text, so a shape error carries its line and column.
    let mut report: Report =
        serde_json::from_str(text).map_err(|e| ReopenError::Unreadable(e.to_string()))?;
    let run = report.run.take().ok_or(ReopenError::NoRun)?;
    check_matches(&run.project, &run.result)?;
    Ok(Reopened { report, project: run.project, result: run.result })
}

/// Every file of the run is the project's file at the index it names (the tabs look files up by
/// that index).
fn check_matches(project: &Project, run: &RunResult) -> Result<(), ReopenError> {
    for fr in &run.files {
        let name = project.files.get(fr.file).map(|f| f.name.as_str());
        if name != Some(fr.name.as_str()) {
            return Err(ReopenError::Inconsistent(match name {
                Some(n) => format!("the run's file {} is the project's {n}", fr.name),
                None => format!(
                    "the run's file {} is number {} of a project of {}",
                    fr.name,
                    fr.file + 1,
                    project.files.len()
                ),
            }));
        }
        if let Some(st) = fr.statements.iter().find(|s| s.file != fr.file) {
            return Err(ReopenError::Inconsistent(format!(
                "a statement of {} at line {} names another file",
                fr.name, st.line
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::{Role, SqlFile};
    use crate::profile::Profile;
    use crate::run::{FileRun, Outcome, Snapshots};

    fn project() -> Project {
        Project {
            files: vec![SqlFile::new("001_t.sql", "create table t (id int);\n")],
            ..Default::default()
        }
    }

    fn run() -> RunResult {
        RunResult {
            profile: Profile::Postgres,
            outcome: Outcome::Completed,
            abort_reason: None,
            shim_statements: 0,
            files: vec![FileRun {
                file: 0,
                name: "001_t.sql".into(),
                role: Role::Up,
                statements: vec![],
            }],
            validation: Default::default(),
            snapshots: Snapshots::default(),
            total_ms: 12.5,
            snapshot_ms: 0.0,
            isolation: None,
            platform: Default::default(),
        }
    }

    fn full_json() -> String {
        let r = crate::report::build(&project(), &run(), "postgresql (server)");
        crate::report::to_json(&r.with_run(&project(), &run()))
    }

    #[test]
    fn a_report_with_its_run_opens_as_recorded() {
        let opened = open(&full_json()).unwrap();
        assert_eq!(opened.project, project());
        assert_eq!(opened.result, run());
        assert_eq!(opened.report, crate::report::build(&project(), &run(), "postgresql (server)"));
        assert_eq!(opened.report.engine.name, "postgresql (server)");
        assert!(opened.report.run.is_none());
    }

    #[test]
    fn everything_else_says_what_is_wrong() {
        let err = |text: &str| open(text).unwrap_err().describe("x.json");
        assert_eq!(
            err("{\"a\": 1,\n}"),
            "x.json is not valid JSON: trailing comma at line 2 column 1"
        );
        assert_eq!(
            err("{\"name\": \"my-app\", \"version\": \"1.0.0\"}"),
            "x.json is not a Tenant Planner report (it has no \"tool\" object)"
        );
        assert_eq!(
            err("{\"tool\": {\"name\": \"eslint\"}}"),
            "x.json is not a Tenant Planner report (its \"tool\" is not named \"tenant-planner\")"
        );
        let full = full_json();
        let newer = full.replacen("\"report_format\": 1", "\"report_format\": 2", 1);
        assert_eq!(open(&newer).unwrap_err(), ReopenError::NewerFormat(2));
        // The on-page JSON, without the run.
        let r = crate::report::build(&project(), &run(), "pglite (browser)");
        assert_eq!(open(&crate::report::to_json(&r)).unwrap_err(), ReopenError::NoRun);
        // A field of the wrong type: serde names it and where.
        let bad = full.replacen("\"outcome\": \"completed\"", "\"outcome\": 7", 1);
        let msg = err(&bad);
        assert!(
            msg.starts_with("x.json is a Tenant Planner report this version cannot read: "),
            "{msg}"
        );
        assert!(msg.contains(" at line "), "{msg}");
        // A run whose file is not the project's.
        let at = full.rfind("\"name\": \"001_t.sql\"").unwrap();
        let other = format!("{}\"name\": \"002_u.sql\"{}", &full[..at], &full[at + 19..]);
        assert_eq!(
            open(&other).unwrap_err(),
            ReopenError::Inconsistent("the run's file 002_u.sql is the project's 001_t.sql".into())
        );
    }
}
