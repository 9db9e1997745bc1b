//! What a run produced: every statement's status, error and measurements per file, the
//! catalog snapshots at each stage boundary, the validation results, the leak probes and the
//! platform's notes. Plain data (serialized between the worker and the page): the run (`run`)
//! fills it, lints, rollback, report and verdict read it.

use crate::catalog::Snapshot;
use crate::engine::Notice;
use crate::files::Role;
use crate::platform::PlatformRun;
use crate::profile::Profile;
use crate::validation::ValidationResult;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Failed,
    /// psql meta-command: never sent.
    Skipped,
    /// Not reached: the run stopped before it.
    NotRun,
    Cancelled,
}

/// A Postgres error placed in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocatedError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub sqlstate: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub where_: Option<String>,
    /// How the position was found: "position" (Postgres gave one), "body line" (a line inside a
    /// function or DO body), or "statement" (start of the statement).
    pub located_by: String,
    /// What the splitter noticed (an unterminated quote …), when that explains the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub splitter_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementRun {
    /// Index of the file in the project.
    pub file: usize,
    /// 0-based position of the statement in its file.
    pub index: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub status: Status,
    pub duration_ms: f64,
    pub notices: Vec<Notice>,
    pub rows: Option<u64>,
    pub error: Option<LocatedError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_reason: Option<String>,
    /// First line of the statement, for the timeline.
    pub summary: String,
    /// Objects this statement created, altered or dropped, as Postgres' event triggers named
    /// them (object type, identity). Recorded for up files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub touched: Vec<(String, String)>,
    /// Tables (`schema.name`) on which the session held an ACCESS EXCLUSIVE lock when this
    /// statement's DDL ended, each charged to the first statement of its transaction that held
    /// it; measured by the DDL log's event trigger. Up files only; new tables included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locks: Vec<String>,
    /// Tables (`schema.name`) this statement rewrote (Postgres' table_rewrite event). Up files only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rewrites: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileRun {
    pub file: usize,
    pub name: String,
    pub role: Role,
    pub statements: Vec<StatementRun>,
}

impl FileRun {
    pub fn count(&self, s: Status) -> usize {
        self.statements.iter().filter(|x| x.status == s).count()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every statement ran (some may have failed with continue-on-error).
    Completed,
    /// Stopped at the first failing statement.
    Stopped,
    Cancelled,
    /// The engine died or the shim failed; the message says why.
    Aborted,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Snapshots {
    /// Fresh database plus the profile's shim: what `user_view` leaves out.
    pub base: Option<Snapshot>,
    pub after_seed: Option<Snapshot>,
    pub after_up: Option<Snapshot>,
    /// After validation, when nothing followed it (with rollback files, not taken: nothing reads it).
    pub after_validate: Option<Snapshot>,
    pub after_rollback: Option<Snapshot>,
    /// Where the run stopped, when it stopped early.
    pub at_stop: Option<Snapshot>,
    /// After each up file that ran to its end, in run order: what each file changed.
    #[serde(default)]
    pub after_file: Vec<(String, Snapshot)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    pub profile: Profile,
    pub outcome: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abort_reason: Option<String>,
    pub shim_statements: usize,
    /// Files in run order (apply order, then rollback order).
    pub files: Vec<FileRun>,
    pub validation: BTreeMap<String, ValidationResult>,
    pub snapshots: Snapshots,
    pub total_ms: f64,
    /// Time spent taking catalog snapshots (when the observer has a clock).
    pub snapshot_ms: f64,
    /// The cross-tenant leak probes, run after the validation files when the up files completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolation: Option<crate::isolation::IsolationReport>,
    /// Extensions available, stood in or missing; roles created for a baseline dump; the session
    /// reset after the baseline (see `platform`).
    #[serde(default, skip_serializing_if = "PlatformRun::is_empty")]
    pub platform: PlatformRun,
}

impl RunResult {
    /// A run that has not run a statement yet: completed, no files, no snapshots (where a run
    /// starts, and the run of an empty project in tests).
    pub fn empty(profile: Profile) -> RunResult {
        RunResult {
            profile,
            outcome: Outcome::Completed,
            abort_reason: None,
            shim_statements: 0,
            files: Vec::new(),
            validation: BTreeMap::new(),
            snapshots: Snapshots::default(),
            total_ms: 0.0,
            snapshot_ms: 0.0,
            isolation: None,
            platform: PlatformRun::default(),
        }
    }

    pub fn statements(&self) -> impl Iterator<Item = &StatementRun> {
        self.files.iter().flat_map(|f| f.statements.iter())
    }
    pub fn count(&self, s: Status) -> usize {
        self.statements().filter(|x| x.status == s).count()
    }
    pub fn errors(&self) -> impl Iterator<Item = &LocatedError> {
        self.statements().filter_map(|s| s.error.as_ref())
    }
    /// The statement a cancel (or the host's statement timeout) stopped while it ran: its
    /// file's name and line. None when the cancel came between statements.
    pub fn cancelled_at(&self) -> Option<(&str, &StatementRun)> {
        self.files.iter().find_map(|f| {
            f.statements
                .iter()
                .find(|s| s.status == Status::Cancelled)
                .map(|s| (f.name.as_str(), s))
        })
    }
}

impl Status {
    /// The name used in the report and in the page's data attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Failed => "failed",
            Status::Skipped => "skipped",
            Status::NotRun => "not_run",
            Status::Cancelled => "cancelled",
        }
    }
}
