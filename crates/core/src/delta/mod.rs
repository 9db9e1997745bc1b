//! What a change does to a project: the reports of two versions of it — the base (before the
//! change) and the head (after it) — compared, for a reviewer. Tables added, removed or
//! reclassified; policy-matrix cells that changed (who gained or lost which command on which
//! table); lint findings, failed statements, failed validation checks and leaks that are new or
//! fixed; the rollback and the verdict before and after; and a warning when the two reports were
//! not made alike (engine, Postgres version, profile, tool version).
//!
//! Pure: it reads two typed [`Report`]s and judges nothing again (each report's own verdict,
//! rollback level and leak list are taken as they are). Findings are matched by what they are
//! about, never by line: a lint finding by rule, object and level, a leak by table, persona and
//! command, a failed statement by file, SQLSTATE and message, a failed validation check by file
//! and name — so code that only moved is not "new". `tenant-planner diff` prints it (text, JSON,
//! the Markdown of [`markdown`] for a pull-request comment) and the app's Compare view shows it;
//! [`report_json`] puts it under a `delta` key of the head's report (docs/report.md).

use crate::isolation::Leak;
use crate::lint::Level;
use crate::matrix::Decision;
use crate::report::{EngineInfo, ErrorEntry, FileEntry, Report};
use crate::rollback::RollbackLevel;
use crate::verdict::{CheckId, State};
use serde::{Deserialize, Serialize};

mod catalog;
mod cells;
mod findings;
mod headline;
mod markdown;
mod outcome;
#[cfg(test)]
mod tests;

pub use markdown::markdown;

/// Two reports compared: what the change (base → head) did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delta {
    /// One sentence for a pull request, what the change introduces first: "This change opens 1
    /// cross-tenant leak", "This change adds 1 error", or "No new findings" (and what it fixes).
    pub headline: String,
    /// The counts the headline and `--fail-on new-…` read.
    pub counts: Counts,
    /// How each report was made.
    pub base: Side,
    pub head: Side,
    /// Why the two reports may differ for reasons other than the change, one sentence each
    /// ("the comparison ran on …"): a different engine, Postgres version, profile or tool
    /// version. Empty when both were made alike.
    pub warnings: Vec<String>,
    /// Files the head has that the base has not (`added`), and the other way round (by name).
    pub files: AddedRemoved<FileEntry>,
    /// Tables added, removed, or changed in tenancy class, RLS, policies or columns (by
    /// qualified name), sorted by name. Tables that did not change are left out.
    pub tables: Vec<TableChange>,
    /// Counts over the whole catalog, and the functions and views added or removed.
    pub catalog: CatalogChange,
    /// Policy-matrix cells (table × command × role) whose decision or policies changed, sorted by
    /// table, command, role. The cells of an added table are listed when the role gets any
    /// access there; the cells of a removed table are not (the table's row says it).
    pub policy_cells: Vec<CellChange>,
    /// Lint findings new in the head / gone from it, matched by rule, object and level.
    pub lints: Changes<LintChange>,
    /// Cross-tenant leaks new in the head (with the head's repro SQL) / gone from it (with the
    /// base's), matched by table, persona and command.
    pub leaks: Changes<Leak>,
    /// Failed statements new in the head / gone, matched by file, SQLSTATE and message.
    pub errors: Changes<ErrorEntry>,
    /// Failed validation checks new in the head / gone, matched by file and check name.
    pub validation: Changes<ValidationChange>,
    pub rollback: RollbackChange,
    pub verdict: VerdictChange,
}

/// What the head has that the base has not (`new`), and the other way round (`fixed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Changes<T> {
    pub new: Vec<T>,
    pub fixed: Vec<T>,
}

impl<T> Default for Changes<T> {
    fn default() -> Self {
        Changes { new: Vec::new(), fixed: Vec::new() }
    }
}

impl<T> Changes<T> {
    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.fixed.is_empty()
    }
}

/// What the head has that the base has not (`added`), and the other way round (`removed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedRemoved<T> {
    pub added: Vec<T>,
    pub removed: Vec<T>,
}

impl<T> Default for AddedRemoved<T> {
    fn default() -> Self {
        AddedRemoved { added: Vec::new(), removed: Vec::new() }
    }
}

impl<T> From<Changes<T>> for AddedRemoved<T> {
    fn from(c: Changes<T>) -> Self {
        AddedRemoved { added: c.new, removed: c.fixed }
    }
}

/// What the change introduced and what it fixed, counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    pub tables_added: usize,
    pub tables_removed: usize,
    /// Tables in both whose tenancy class changed.
    pub tables_reclassified: usize,
    /// Policy cells where a role gained access (none → policies → unrestricted), lost it, or
    /// where the deciding policies changed at the same level.
    pub cells_gained: usize,
    pub cells_lost: usize,
    pub cells_changed: usize,
    pub new_leaks: usize,
    pub fixed_leaks: usize,
    /// New errors: failed statements, failed validation checks and unsuppressed ERROR lint
    /// findings (not those counted under another rule, `same_as`).
    pub new_errors: usize,
    pub fixed_errors: usize,
    /// Unsuppressed WARN lint findings (not `same_as`).
    pub new_warnings: usize,
    pub fixed_warnings: usize,
    /// The rollback got worse (`rollback.change` is `regressed`).
    pub rollback_regressed: bool,
}

/// How one report was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub engine: EngineInfo,
    pub profile: String,
    pub tool_version: String,
    /// How many files the project has (every role).
    pub files: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableChangeKind {
    Added,
    Removed,
    Changed,
}

impl TableChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TableChangeKind::Added => "added",
            TableChangeKind::Removed => "removed",
            TableChangeKind::Changed => "changed",
        }
    }
}

/// A table the change added, removed or changed. `*_before` is null for an added table,
/// `*_after` for a removed one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableChange {
    /// schema.name
    pub table: String,
    pub change: TableChangeKind,
    /// Tenancy class: root | direct | indirect | user-owned | global.
    pub class_before: Option<String>,
    pub class_after: Option<String>,
    pub rls_before: Option<bool>,
    pub rls_after: Option<bool>,
    pub forced_before: Option<bool>,
    pub forced_after: Option<bool>,
    /// Policy names (for an added table: all of its policies; removed: all it had).
    pub policies_added: Vec<String>,
    pub policies_removed: Vec<String>,
    /// Column names.
    pub columns_added: Vec<String>,
    pub columns_removed: Vec<String>,
}

/// The catalog as a whole, before and after (the catalog after the up files, or where the run
/// stopped; zero and empty when a report has neither).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CatalogChange {
    pub tables_before: usize,
    pub tables_after: usize,
    pub indexes_before: usize,
    pub indexes_after: usize,
    pub policies_before: usize,
    pub policies_after: usize,
    /// Function signatures and view names.
    pub functions: AddedRemoved<String>,
    pub views: AddedRemoved<String>,
}

/// Which way a role's access moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// More access: none (no privilege, denied, no cell) → policies → unrestricted (no RLS,
    /// bypass).
    Gained,
    Lost,
    /// The same level, decided otherwise (other policies, bypass instead of no RLS).
    Changed,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Gained => "gained",
            Access::Lost => "lost",
            Access::Changed => "changed",
        }
    }
}

/// One side of a policy cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellSide {
    pub decision: Decision,
    pub policies: Vec<String>,
    pub reason: String,
}

/// A policy-matrix cell that changed. `before` is null when the base has no such cell (a new
/// table or role), `after` when the head has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellChange {
    pub table: String,
    /// SELECT | INSERT | UPDATE | DELETE
    pub command: String,
    pub role: String,
    pub change: Access,
    pub before: Option<CellSide>,
    pub after: Option<CellSide>,
}

/// A lint finding that is new or fixed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintChange {
    pub rule: String,
    pub object: String,
    pub level: Level,
    pub detail: String,
    /// Where the finding is placed (migration rules), in its own report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The user's reason, when suppressed (not counted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<String>,
    /// Counted under this other rule instead (not counted here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
}

impl LintChange {
    /// Counted in `counts` (not suppressed, not reported under another rule).
    pub fn counted(&self) -> bool {
        self.suppressed.is_none() && self.same_as.is_none()
    }
}

/// A failed validation check, new or fixed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationChange {
    pub file: String,
    pub check: String,
    /// In its own report's file.
    pub line: usize,
}

/// How the rollback moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Same,
    /// Better: not clean → clean, or checked and clean where it was not checked.
    Fixed,
    /// Worse: clean → not clean, or checked and not clean where it was not checked.
    Regressed,
    /// Checked in the base, not checked in the head (no rollback file, or the run stopped
    /// before it): neither better nor worse, unknown.
    Unverified,
}

impl Trend {
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Same => "same",
            Trend::Fixed => "fixed",
            Trend::Regressed => "regressed",
            Trend::Unverified => "unverified",
        }
    }
}

/// The rollback before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollbackChange {
    pub before: RollbackLevel,
    pub after: RollbackLevel,
    pub change: Trend,
    /// Each report's own words (`rollback.verdict`).
    pub before_verdict: String,
    pub after_verdict: String,
}

/// One check of the verdict before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckChange {
    pub id: CheckId,
    pub before: State,
    pub after: State,
    pub before_summary: String,
    pub after_summary: String,
}

/// The verdict before and after: each report's own, as it judged itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictChange {
    pub before: State,
    pub after: State,
    /// same | fixed (better) | regressed (worse), by the order passed < partial < not_checked <
    /// inconclusive < failed.
    pub change: Trend,
    pub before_headline: String,
    pub after_headline: String,
    /// Every check (run, validation, rollback, leaks, lints), before and after.
    pub checks: Vec<CheckChange>,
}

/// Compare the base's report with the head's.
pub fn compare(base: &Report, head: &Report) -> Delta {
    let tables = catalog::tables(base, head);
    let policy_cells = cells::compare(base, head, &tables);
    let lints = findings::lints(base, head);
    let leaks = findings::leaks(base, head);
    let errors = findings::errors(base, head);
    let validation = findings::validation(base, head);
    let rollback = outcome::rollback(base, head);
    let mut d = Delta {
        headline: String::new(),
        counts: Counts::default(),
        base: outcome::side(base),
        head: outcome::side(head),
        warnings: outcome::warnings(base, head),
        files: findings::files(base, head).into(),
        catalog: catalog::whole(base, head),
        tables,
        policy_cells,
        lints,
        leaks,
        errors,
        validation,
        rollback,
        verdict: outcome::verdict(base, head),
    };
    d.counts = headline::counts(&d);
    d.headline = headline::headline(&d);
    d
}

/// The head's report JSON with the comparison under a `delta` key (pretty-printed, as
/// `report::to_json`).
pub fn report_json(head: &Report, delta: &Delta) -> String {
    let mut v = serde_json::to_value(head).expect("report serializes");
    if let serde_json::Value::Object(map) = &mut v {
        map.insert("delta".into(), serde_json::to_value(delta).expect("delta serializes"));
    }
    serde_json::to_string_pretty(&v).expect("report serializes")
}
