//! The one verdict on a run: what was checked, what passed, what failed, what is inconclusive and
//! what was not checked at all, each with its reasons. The summary, the Export tab, the bundle,
//! report.md and the CLI's exit codes all read this; none of them judges on its own.
//!
//! A verdict is a promise: the run is `passed` (validated) only when every check below actually
//! ran and passed. A check that could not run is `not_checked` with the reason, and that alone
//! keeps the whole verdict from being green (`partial`: nothing failed, but not everything was
//! checked). A check that ran but could not decide (a probe that errored, a run that was
//! cancelled) is `inconclusive`.
//!
//! The checks, in the order they are listed:
//! - `run`: every statement of every file ran without error;
//! - `validation`: the validation files ran and none of their checks failed;
//! - `rollback`: the rollback files bring the database back after baseline + seed;
//! - `leaks`: the leak probes ran on every tenant-scoped table and found no leak — every tenant
//!   table probed by every counted persona, no probe errored, and tenant A's own member read its
//!   rows wherever the catalog lets members read (the positive control), all in
//!   `isolation.coverage.complete`; a leak found fails even where the rest is inconclusive;
//! - `lints`: no unsuppressed ERROR-level finding (warnings are counted, not failed).
//!
//! The verdict sits below the report: it judges the [`Parts`] of a run (counts, validation,
//! rollback, probes, lints), and `report::build` hands it those parts of the report it builds.

use crate::isolation::IsolationReport;
use crate::lint::{count_active, Finding, Level};
use crate::rollback::{RollbackLevel, RollbackReport};
use crate::run::Outcome;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The state of one check, and of the whole verdict. Ordered from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Passed,
    /// Overall only: nothing failed or was inconclusive, but some check did not run.
    Partial,
    NotChecked,
    Inconclusive,
    Failed,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Passed => "passed",
            State::Partial => "partial",
            State::NotChecked => "not_checked",
            State::Inconclusive => "inconclusive",
            State::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    Run,
    Validation,
    Rollback,
    Leaks,
    Lints,
}

impl CheckId {
    pub const ALL: [CheckId; 5] =
        [CheckId::Run, CheckId::Validation, CheckId::Rollback, CheckId::Leaks, CheckId::Lints];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Run => "run",
            CheckId::Validation => "validation",
            CheckId::Rollback => "rollback",
            CheckId::Leaks => "leaks",
            CheckId::Lints => "lints",
        }
    }

    /// How the check is named in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            CheckId::Run => "the run",
            CheckId::Validation => "validation",
            CheckId::Rollback => "the rollback",
            CheckId::Leaks => "leak probes",
            CheckId::Lints => "lints",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub id: CheckId,
    pub state: State,
    /// One line: what was checked and what came of it ("230 statements ran, none failed").
    pub summary: String,
    /// Why it failed, is inconclusive or was not checked (empty when it passed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// passed | partial | inconclusive | failed (never not_checked).
    pub state: State,
    /// One sentence for a banner: the state in words and what it rests on.
    pub headline: String,
    pub checks: Vec<Check>,
}

impl Verdict {
    /// A placeholder while the report that `judge` reads is being built.
    pub fn pending() -> Verdict {
        Verdict {
            state: State::Inconclusive,
            headline: "not judged yet".into(),
            checks: Vec::new(),
        }
    }

    pub fn check(&self, id: CheckId) -> &Check {
        self.checks.iter().find(|c| c.id == id).expect("every check is present")
    }

    /// The banner's first word(s).
    pub fn title(&self) -> &'static str {
        match self.state {
            State::Passed => "Validated",
            State::Partial => "Partly checked",
            State::Inconclusive | State::NotChecked => "Inconclusive",
            State::Failed => "NOT VALIDATED",
        }
    }

    /// The file-name tag of an export bundle: empty when validated.
    pub fn bundle_tag(&self) -> &'static str {
        match self.state {
            State::Passed => "",
            State::Partial => "-PARTLY-CHECKED",
            State::Inconclusive | State::NotChecked => "-INCONCLUSIVE",
            State::Failed => "-NOT-VALIDATED",
        }
    }

    /// Every reason of every check that is not passed, prefixed by the check ("leak probes: …").
    pub fn reasons(&self) -> Vec<String> {
        self.checks
            .iter()
            .flat_map(|c| c.reasons.iter().map(move |r| format!("{}: {r}", c.id.label())))
            .collect()
    }
}

/// Statement counts of the whole run (statements skipped as psql meta-commands do not count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Statements {
    pub ok: usize,
    pub failed: usize,
    pub not_run: usize,
    pub cancelled: usize,
}

/// A validation file of the run and how its statements fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidationFile<'a> {
    pub file: &'a str,
    /// Statements that failed, and that did not run.
    pub failed: usize,
    pub not_run: usize,
}

/// Everything the verdict judges, borrowed from a run's report.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    pub outcome: Outcome,
    pub abort_reason: Option<&'a str>,
    pub statements: Statements,
    /// The files with the validate role, in run order.
    pub validation_files: &'a [ValidationFile<'a>],
    /// PASS / FAIL checks counted over every validation file.
    pub checks_passed: usize,
    pub checks_failed: usize,
    pub rollback: &'a RollbackReport,
    /// The leak probes (`None` when they did not run).
    pub isolation: Option<&'a IsolationReport>,
    /// The run left a catalog after the up files, or where it stopped.
    pub after_up: bool,
    pub at_stop: bool,
    /// Every lint rule's findings.
    pub lint: &'a BTreeMap<String, Vec<Finding>>,
}

/// Judge a run. Pure: the same parts always give the same verdict.
pub fn judge(r: &Parts) -> Verdict {
    let checks = vec![run(r), validation(r), rollback(r), leaks(r), lints(r)];
    let worst = checks.iter().map(|c| c.state).max().unwrap_or(State::Passed);
    let state = match worst {
        State::Failed => State::Failed,
        State::Inconclusive => State::Inconclusive,
        State::NotChecked => State::Partial,
        _ => State::Passed,
    };
    let of =
        |s: State| checks.iter().filter(|c| c.state == s).map(|c| c.id.label()).collect::<Vec<_>>();
    let headline = match state {
        State::Passed => format!("Validated: {} all checked and passed.", join(&of(State::Passed))),
        State::Failed => {
            let why: Vec<String> = checks
                .iter()
                .filter(|c| c.state == State::Failed)
                .flat_map(|c| c.reasons.clone())
                .collect();
            format!("NOT VALIDATED: {}.", why.join("; "))
        }
        State::Inconclusive => {
            let why: Vec<String> = checks
                .iter()
                .filter(|c| c.state == State::Inconclusive)
                .flat_map(|c| c.reasons.clone())
                .collect();
            format!("Inconclusive: {}.", why.join("; "))
        }
        _ => format!(
            "Partly checked: {} passed; not checked: {}.",
            join(&of(State::Passed)),
            join(&of(State::NotChecked))
        ),
    };
    Verdict { state, headline, checks }
}

fn join(items: &[&str]) -> String {
    match items {
        [] => "nothing".into(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn check(id: CheckId, state: State, summary: impl Into<String>, reasons: Vec<String>) -> Check {
    Check { id, state, summary: summary.into(), reasons }
}

fn run(r: &Parts) -> Check {
    let s = &r.statements;
    let ran = plural(s.ok + s.failed, "statement ran", "statements ran");
    let mut why = Vec::new();
    if s.failed > 0 {
        why.push(format!("{} failed", plural(s.failed, "statement", "statements")));
    }
    match r.outcome {
        Outcome::Aborted => {
            why.push(format!("could not run: {}", r.abort_reason.unwrap_or("the engine stopped")));
            check(CheckId::Run, State::Failed, "the run could not start or was aborted", why)
        }
        Outcome::Cancelled => {
            why.push(format!(
                "the run was cancelled ({} not run)",
                plural(s.not_run + s.cancelled, "statement", "statements")
            ));
            let state = if s.failed > 0 { State::Failed } else { State::Inconclusive };
            check(CheckId::Run, state, ran, why)
        }
        _ => {
            if r.outcome == Outcome::Stopped && why.is_empty() {
                why.push("the run stopped before its end".into());
            }
            if s.not_run > 0 {
                why.push(format!("{} did not run", plural(s.not_run, "statement", "statements")));
            }
            let state = if why.is_empty() { State::Passed } else { State::Failed };
            let summary = if state == State::Passed { format!("{ran}, none failed") } else { ran };
            check(CheckId::Run, state, summary, why)
        }
    }
}

fn validation(r: &Parts) -> Check {
    let files = r.validation_files;
    if files.is_empty() {
        return check(
            CheckId::Validation,
            State::NotChecked,
            "no validation file",
            vec!["the project has no validation file".into()],
        );
    }
    let (passed, failed) = (r.checks_passed, r.checks_failed);
    let unrun: Vec<&str> = files.iter().filter(|f| f.not_run > 0).map(|f| f.file).collect();
    let errored: usize = files.iter().map(|f| f.failed).sum();
    let checks = plural(passed + failed, "check", "checks");
    let mut why = Vec::new();
    if failed > 0 {
        why.push(format!("{failed} of {checks} failed"));
    }
    if errored > 0 {
        why.push(format!(
            "{} in validation files failed",
            plural(errored, "statement", "statements")
        ));
    }
    if !why.is_empty() {
        return check(
            CheckId::Validation,
            State::Failed,
            format!("{passed} of {checks} passed"),
            why,
        );
    }
    if !unrun.is_empty() {
        let why = vec![format!("the run stopped before {}", unrun.join(", "))];
        return check(CheckId::Validation, State::NotChecked, "validation files did not run", why);
    }
    let summary = if passed == 0 {
        format!(
            "{} ran without error (no PASS/FAIL lines to count)",
            plural(files.len(), "validation file", "validation files")
        )
    } else {
        format!("{passed} of {checks} passed")
    };
    check(CheckId::Validation, State::Passed, summary, vec![])
}

fn rollback(r: &Parts) -> Check {
    let rb = r.rollback;
    if !rb.provided {
        return check(
            CheckId::Rollback,
            State::NotChecked,
            "no rollback file",
            vec!["the project has no rollback file".into()],
        );
    }
    if !rb.ran {
        return check(
            CheckId::Rollback,
            State::NotChecked,
            "the rollback did not run",
            vec!["the run stopped before the rollback files ended".into()],
        );
    }
    if rb.clean {
        return check(CheckId::Rollback, State::Passed, rb.verdict.clone(), vec![]);
    }
    // Every value the files wrote came back; only columns that triggers maintain (an updated_at
    // touched by the backfill) differ, and the summary names them, their triggers and rows.
    if rb.level == RollbackLevel::CleanExceptTriggers {
        return check(CheckId::Rollback, State::Passed, rb.verdict.clone(), vec![]);
    }
    check(
        CheckId::Rollback,
        State::Failed,
        rb.verdict.clone(),
        vec![format!("it does not restore the database ({})", rb.verdict)],
    )
}

fn leaks(r: &Parts) -> Check {
    let Some(iso) = r.isolation else {
        let why = if !r.after_up {
            "the up files did not run to their end"
        } else {
            "the probes did not run"
        };
        return check(CheckId::Leaks, State::NotChecked, "leaks not probed", vec![why.into()]);
    };
    let tables: std::collections::BTreeSet<&str> =
        iso.matrix.iter().map(|p| p.table.as_str()).collect();
    let personas: std::collections::BTreeSet<&str> =
        iso.matrix.iter().map(|p| p.persona.as_str()).collect();
    let scope = format!(
        "{} × {}",
        plural(tables.len(), "table", "tables"),
        plural(personas.len(), "persona", "personas")
    );
    if let Some(why) = &iso.skipped {
        return check(CheckId::Leaks, State::NotChecked, "nothing to probe", vec![why.clone()]);
    }
    if !iso.leaks.is_empty() {
        return check(
            CheckId::Leaks,
            State::Failed,
            format!("{scope} probed"),
            vec![format!(
                "{} found",
                plural(iso.leaks.len(), "cross-tenant leak", "cross-tenant leaks")
            )],
        );
    }
    if let Some(e) = &iso.error {
        return check(
            CheckId::Leaks,
            State::Inconclusive,
            format!("{scope} probed before the probes stopped"),
            vec![format!("the probes stopped: {e}")],
        );
    }
    if tables.is_empty() {
        return check(
            CheckId::Leaks,
            State::NotChecked,
            "nothing to probe",
            vec!["no tenant-scoped table was found to probe".into()],
        );
    }
    // "No leak" only when every tenant table was probed by every counted persona, none errored
    // (the probes' own coverage, see isolation::Coverage).
    // The positive control too: a table where tenant A's own member reads none of its rows
    // (`coverage.unconfirmed`) is no answer (see isolation::Coverage::gaps).
    let why = iso.coverage.gaps();
    if !why.is_empty() {
        return check(
            CheckId::Leaks,
            State::Inconclusive,
            format!("{scope} probed, no leak found"),
            why,
        );
    }
    check(CheckId::Leaks, State::Passed, format!("{scope} probed, no leak found"), vec![])
}

fn lints(r: &Parts) -> Check {
    if !r.after_up && !r.at_stop {
        return check(
            CheckId::Lints,
            State::NotChecked,
            "no catalog to lint",
            vec!["the run left no catalog to read".into()],
        );
    }
    let n = |l| count_active(r.lint, l);
    let (e, w, i) = (n(Level::Error), n(Level::Warn), n(Level::Info));
    let suppressed = r.lint.values().flatten().filter(|f| f.suppressed.is_some()).count();
    let mut summary = format!(
        "{}, {}, {}",
        plural(e, "error", "errors"),
        plural(w, "warning", "warnings"),
        plural(i, "info", "info")
    );
    if suppressed > 0 {
        summary.push_str(&format!(" ({suppressed} suppressed)"));
    }
    if !r.after_up {
        summary.push_str(" on the catalog where the run stopped");
    }
    if e > 0 {
        return check(
            CheckId::Lints,
            State::Failed,
            summary,
            vec![format!("{e} unsuppressed ERROR-level finding{}", if e == 1 { "" } else { "s" })],
        );
    }
    check(CheckId::Lints, State::Passed, summary, vec![])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isolation::{Coverage, IsolationReport, Leak, ProbeResult, Unfilled};
    use crate::lint::Finding;

    /// The parts of a run, owned, for the tests to change.
    struct Run {
        outcome: Outcome,
        abort_reason: Option<String>,
        statements: Statements,
        /// (file, failed statements, statements not run)
        files: Vec<(String, usize, usize)>,
        checks: (usize, usize),
        rollback: RollbackReport,
        isolation: Option<IsolationReport>,
        after_up: bool,
        at_stop: bool,
        lint: BTreeMap<String, Vec<Finding>>,
    }

    fn judge(r: &Run) -> Verdict {
        let files: Vec<ValidationFile> = r
            .files
            .iter()
            .map(|(file, failed, not_run)| ValidationFile {
                file,
                failed: *failed,
                not_run: *not_run,
            })
            .collect();
        super::judge(&Parts {
            outcome: r.outcome,
            abort_reason: r.abort_reason.as_deref(),
            statements: r.statements,
            validation_files: &files,
            checks_passed: r.checks.0,
            checks_failed: r.checks.1,
            rollback: &r.rollback,
            isolation: r.isolation.as_ref(),
            after_up: r.after_up,
            at_stop: r.at_stop,
            lint: &r.lint,
        })
    }

    /// A completed run of three statements, every other check not run.
    fn base() -> Run {
        Run {
            outcome: Outcome::Completed,
            abort_reason: None,
            statements: Statements { ok: 3, ..Default::default() },
            files: vec![],
            checks: (0, 0),
            rollback: RollbackReport {
                provided: false,
                ran: false,
                clean: false,
                level: RollbackLevel::NotVerified,
                differences: vec![],
                data: vec![],
                verdict: "no rollback file".into(),
                draft: None,
            },
            isolation: None,
            after_up: true,
            at_stop: false,
            lint: BTreeMap::new(),
        }
    }

    fn with_everything_passing() -> Run {
        let mut r = base();
        r.files.push(("validate.sql".into(), 0, 0));
        r.checks = (4, 0);
        r.rollback.provided = true;
        r.rollback.ran = true;
        r.rollback.clean = true;
        r.rollback.level = RollbackLevel::Clean;
        r.rollback.verdict = "clean".into();
        let probe = |persona: &str| ProbeResult {
            persona: persona.into(),
            table: "public.notes".into(),
            command: "SELECT".into(),
            rows: Some(0),
            sqlstate: None,
            outcome: Default::default(),
            error: None,
            predicted: false,
        };
        let coverage = Coverage { complete: true, ..Default::default() };
        r.isolation = Some(IsolationReport {
            matrix: vec![probe("anon"), probe("outsider")],
            coverage,
            ..Default::default()
        });
        r
    }

    /// The reasons of the failed checks only.
    fn failed(v: &Verdict) -> Vec<String> {
        v.checks
            .iter()
            .filter(|c| c.state == State::Failed)
            .flat_map(|c| c.reasons.iter().map(move |r| format!("{}: {r}", c.id.label())))
            .collect()
    }

    fn states(v: &Verdict) -> Vec<(&'static str, State)> {
        v.checks.iter().map(|c| (c.id.as_str(), c.state)).collect()
    }

    #[test]
    fn a_rollback_clean_except_trigger_columns_passes_and_says_so() {
        let mut r = with_everything_passing();
        r.rollback.clean = false;
        r.rollback.level = RollbackLevel::CleanExceptTriggers;
        r.rollback.verdict = "clean except columns maintained by triggers: … public.t.updated_at (set by trigger t_touch …)".into();
        let v = judge(&r);
        assert_eq!(v.check(CheckId::Rollback).state, State::Passed);
        assert!(
            v.check(CheckId::Rollback).summary.contains("t_touch"),
            "{}",
            v.check(CheckId::Rollback).summary
        );
        r.rollback.level = RollbackLevel::NotClean;
        assert_eq!(judge(&r).check(CheckId::Rollback).state, State::Failed);
    }

    #[test]
    fn nothing_is_green_unless_it_was_checked() {
        let v = judge(&base());
        assert_eq!(v.state, State::Partial);
        assert_eq!(v.title(), "Partly checked");
        assert_eq!(
            states(&v),
            [
                ("run", State::Passed),
                ("validation", State::NotChecked),
                ("rollback", State::NotChecked),
                ("leaks", State::NotChecked),
                ("lints", State::Passed)
            ]
        );
        assert_eq!(v.headline, "Partly checked: the run and lints passed; not checked: validation, the rollback and leak probes.");
        assert_eq!(v.bundle_tag(), "-PARTLY-CHECKED");
    }

    #[test]
    fn every_check_passing_is_validated() {
        let v = judge(&with_everything_passing());
        assert_eq!(v.state, State::Passed, "{v:#?}");
        assert_eq!(v.headline, "Validated: the run, validation, the rollback, leak probes and lints all checked and passed.");
        assert_eq!(v.check(CheckId::Leaks).summary, "1 table × 2 personas probed, no leak found");
        assert!(v.reasons().is_empty());
    }

    #[test]
    fn an_error_lint_fails_even_with_no_other_check() {
        let mut r = base();
        r.lint.insert(
            "rls_disabled_in_public".into(),
            vec![Finding::new("public.x", Level::Error, "no RLS")],
        );
        let v = judge(&r);
        assert_eq!(v.state, State::Failed);
        assert_eq!(failed(&v), ["lints: 1 unsuppressed ERROR-level finding"]);
        // Suppressed, it no longer fails; the summary still counts it.
        r.lint.get_mut("rls_disabled_in_public").unwrap()[0].suppressed = Some("reviewed".into());
        let v = judge(&r);
        assert_eq!(v.check(CheckId::Lints).state, State::Passed);
        assert_eq!(v.check(CheckId::Lints).summary, "0 errors, 0 warnings, 0 info (1 suppressed)");
    }

    #[test]
    fn probes_that_stopped_or_left_tables_unfilled_are_inconclusive() {
        let mut r = with_everything_passing();
        r.isolation.as_mut().unwrap().error = Some("could not reset the role".into());
        let v = judge(&r);
        assert_eq!(v.state, State::Inconclusive);
        assert_eq!(v.reasons(), ["leak probes: the probes stopped: could not reset the role"]);
        assert_eq!(v.bundle_tag(), "-INCONCLUSIVE");

        let mut r = with_everything_passing();
        let iso = r.isolation.as_mut().unwrap();
        iso.fixtures
            .unfilled
            .push(Unfilled { table: "public.members".into(), reason: "23514".into() });
        iso.coverage = Coverage { complete: false, missing: vec!["1 of 2 tenant tables were not fully probed: public.members (SELECT, UPDATE, DELETE)".into()], ..Default::default() };
        assert_eq!(judge(&r).check(CheckId::Leaks).state, State::Inconclusive);
        // A probe that errored is no refusal: inconclusive, with what the probes say is missing.
        let mut r = with_everything_passing();
        let iso = r.isolation.as_mut().unwrap();
        iso.matrix[1].outcome = crate::isolation::Outcome::Errored;
        iso.coverage = Coverage {
            complete: false,
            errored: 1,
            missing: vec![
                "1 of 1 tenant tables were not fully probed: public.notes (1 errored)".into()
            ],
            ..Default::default()
        };
        let v = judge(&r);
        assert_eq!(v.state, State::Inconclusive);
        assert_eq!(
            v.reasons(),
            ["leak probes: 1 of 1 tenant tables were not fully probed: public.notes (1 errored)"]
        );

        // No tenant table at all: nothing was probed, so nothing passed.
        let mut r = with_everything_passing();
        r.isolation.as_mut().unwrap().matrix.clear();
        let v = judge(&r);
        assert_eq!(v.check(CheckId::Leaks).state, State::NotChecked);
        assert_eq!(v.state, State::Partial);
    }

    /// The positive control: where tenant A's own member reads none of its rows, every persona's
    /// 0 rows prove nothing, so "no leak" is inconclusive there, named per table; a closed table
    /// (no policy for the members' role) is an answer; a leak elsewhere still fails.
    #[test]
    fn an_unconfirmed_table_makes_no_leak_inconclusive_and_a_leak_still_fails() {
        use crate::isolation::{Control, ControlState, TableCoverage};
        let line = "tenant A's own member reads none of its rows on public.notes: the policy may read an identity the probes do not set, or deny everyone";
        let table = |state: ControlState, detail: &str| TableCoverage {
            table: "public.notes".into(),
            class: "direct".into(),
            probed: true,
            not_probed: vec![],
            errors: vec![],
            control: Some(Control {
                state,
                a_rows: 1,
                rows: Some(0),
                error: None,
                detail: detail.into(),
            }),
        };
        // As the probes write it: not complete, the table named in `missing` and `unconfirmed`.
        let mut r = with_everything_passing();
        let iso = r.isolation.as_mut().unwrap();
        iso.coverage = Coverage {
            tables: vec![table(ControlState::Unconfirmed, line)],
            complete: false,
            missing: vec![line.into()],
            unconfirmed: vec!["public.notes".into()],
            ..Default::default()
        };
        let v = judge(&r);
        assert_eq!(v.state, State::Inconclusive);
        assert_eq!(v.reasons(), [format!("leak probes: {line}")]);
        assert_eq!(v.check(CheckId::Leaks).summary, "1 table × 2 personas probed, no leak found");
        // A report claiming completeness with an unconfirmed table is still no answer.
        r.isolation.as_mut().unwrap().coverage.complete = true;
        r.isolation.as_mut().unwrap().coverage.missing.clear();
        let v = judge(&r);
        assert_eq!(v.check(CheckId::Leaks).state, State::Inconclusive);
        assert_eq!(v.reasons(), [format!("leak probes: {line}")]);
        // Closed to members by the catalog: an answer, the verdict passes.
        let mut r = with_everything_passing();
        let closed = "closed: RLS is on and no SELECT policy applies to authenticated on public.notes, so no member reads it";
        r.isolation.as_mut().unwrap().coverage.tables = vec![table(ControlState::Closed, closed)];
        assert_eq!(judge(&r).state, State::Passed);
        // A leak on another table fails, whatever the control says here.
        let mut r = with_everything_passing();
        let iso = r.isolation.as_mut().unwrap();
        iso.coverage.complete = false;
        iso.coverage.missing = vec![line.into()];
        iso.coverage.unconfirmed = vec!["public.notes".into()];
        iso.leaks.push(Leak {
            table: "public.other".into(),
            command: "SELECT".into(),
            persona: "outsider".into(),
            rows: 1,
            cause: "policy p".into(),
            sql: String::new(),
            kind: "read".into(),
            severity: "high".into(),
        });
        let v = judge(&r);
        assert_eq!(v.state, State::Failed);
        assert_eq!(failed(&v), ["leak probes: 1 cross-tenant leak found"]);
    }

    #[test]
    fn failures_outrank_everything_and_name_their_reasons() {
        let mut r = with_everything_passing();
        r.isolation.as_mut().unwrap().leaks.push(Leak {
            table: "public.notes".into(),
            command: "SELECT".into(),
            persona: "outsider".into(),
            rows: 2,
            cause: "policy p".into(),
            sql: String::new(),
            kind: "read".into(),
            severity: "high".into(),
        });
        r.isolation.as_mut().unwrap().error = Some("boom".into());
        r.rollback.clean = false;
        r.rollback.level = RollbackLevel::NotClean;
        r.rollback.verdict = "not clean: 1 schema difference".into();
        let v = judge(&r);
        assert_eq!(v.state, State::Failed);
        assert_eq!(
            v.headline,
            "NOT VALIDATED: it does not restore the database (not clean: 1 schema difference); 1 cross-tenant leak found."
        );
    }

    #[test]
    fn stopped_cancelled_and_aborted_runs() {
        let mut r = base();
        r.outcome = Outcome::Stopped;
        r.statements.failed = 1;
        r.statements.not_run = 2;
        assert_eq!(
            failed(&judge(&r)),
            ["the run: 1 statement failed", "the run: 2 statements did not run"]
        );
        let mut r = base();
        r.outcome = Outcome::Cancelled;
        r.statements.not_run = 2;
        let v = judge(&r);
        assert_eq!(
            (v.state, v.check(CheckId::Run).state),
            (State::Inconclusive, State::Inconclusive)
        );
        let mut r = base();
        r.outcome = Outcome::Aborted;
        r.abort_reason = Some("the shim failed".into());
        assert_eq!(failed(&judge(&r)), ["the run: could not run: the shim failed"]);
        // Validation files the run never reached were not checked, not passed.
        let mut r = base();
        r.outcome = Outcome::Stopped;
        r.statements.failed = 1;
        r.files.push(("validate.sql".into(), 0, 3));
        assert_eq!(judge(&r).check(CheckId::Validation).state, State::NotChecked);
    }

    #[test]
    fn a_failed_validation_check_or_a_failing_validation_statement_fails() {
        let mut r = with_everything_passing();
        r.checks.1 = 1;
        assert_eq!(judge(&r).reasons(), ["validation: 1 of 5 checks failed"]);
        let mut r = with_everything_passing();
        r.files.last_mut().unwrap().1 = 1;
        assert_eq!(judge(&r).reasons(), ["validation: 1 statement in validation files failed"]);
    }
}
