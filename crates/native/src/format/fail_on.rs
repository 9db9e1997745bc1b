//! `--fail-on error|warn|leak|rollback`: which parts of the run's one verdict
//! (`tenant_planner_core::verdict`, the same the app and the bundle show) make `check` exit 1.
//!
//! - `error`: the run check failed (a failed or unrun statement, a run that did not complete), a
//!   validation check failed, or an unsuppressed ERROR lint;
//! - `warn`: all of `error`, and any unsuppressed WARN lint;
//! - `leak`: a cross-tenant leak, or leak probes that are inconclusive (errored, tables left
//!   unprobed): "no leak found" is only a pass when every tenant table was probed;
//! - `rollback`: a rollback that was provided and is not clean.
//!
//! Conditions add up (`--fail-on error,leak` or `--fail-on error --fail-on leak`); the default is
//! `error`. `--fail-on leak` alone fails on leaks only. A check that was not run (no validation
//! file, no rollback file) fails nothing: the verdict line says it was not checked.

use tenant_planner_core::report::Report;
use tenant_planner_core::verdict::{CheckId, State, Verdict};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FailOn {
    Error,
    Warn,
    Leak,
    Rollback,
}

impl FailOn {
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warn => "warn",
            FailOn::Leak => "leak",
            FailOn::Rollback => "rollback",
        }
    }
}

/// One `--fail-on` value: a name or a comma-separated list of them.
pub fn parse(s: &str) -> Result<Vec<FailOn>, String> {
    s.split(',')
        .map(str::trim)
        .map(|w| match w.to_ascii_lowercase().as_str() {
            "error" | "errors" => Ok(FailOn::Error),
            "warn" | "warning" | "warnings" => Ok(FailOn::Warn),
            "leak" | "leaks" => Ok(FailOn::Leak),
            "rollback" => Ok(FailOn::Rollback),
            _ => Err(format!(
                "unknown --fail-on value {w:?} (expected error, warn, leak or rollback)"
            )),
        })
        .collect()
}

/// The conditions checked and what tripped them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decision {
    /// Sorted, without repeats.
    pub fail_on: Vec<FailOn>,
    /// One line per reason to fail, prefixed by the condition (`error: the run: 1 statement failed`).
    pub reasons: Vec<String>,
    /// The verdict's headline (what was checked and how it came out), for the summary line.
    pub headline: String,
}

impl Decision {
    pub fn failed(&self) -> bool {
        !self.reasons.is_empty()
    }

    /// `check`'s exit code when it ran: 1 when something matched `--fail-on`, else 0.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.failed())
    }

    /// `error,leak`
    pub fn conditions(&self) -> String {
        self.fail_on.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(",")
    }
}

/// Decide from the verdict and the count of unsuppressed WARN findings (the verdict does not fail
/// on warnings; `--fail-on warn` does).
pub fn judge(verdict: &Verdict, warnings: usize, fail_on: &[FailOn]) -> Decision {
    let mut set: Vec<FailOn> =
        if fail_on.is_empty() { vec![FailOn::Error] } else { fail_on.to_vec() };
    set.sort();
    set.dedup();
    let has = |f: FailOn| set.contains(&f);
    let mut reasons = Vec::new();
    let trip = |reasons: &mut Vec<String>, tag: &str, id: CheckId, states: &[State]| {
        if let Some(c) = verdict.checks.iter().find(|c| c.id == id && states.contains(&c.state)) {
            let what = if c.state == State::Inconclusive { "inconclusive: " } else { "" };
            for r in &c.reasons {
                reasons.push(format!("{tag}: {}: {what}{r}", id.label()));
            }
        }
    };
    if has(FailOn::Error) || has(FailOn::Warn) {
        let tag = if has(FailOn::Error) { "error" } else { "warn" };
        trip(&mut reasons, tag, CheckId::Run, &[State::Failed, State::Inconclusive]);
        trip(&mut reasons, tag, CheckId::Validation, &[State::Failed]);
        trip(&mut reasons, tag, CheckId::Lints, &[State::Failed]);
    }
    if has(FailOn::Warn) && warnings > 0 {
        reasons.push(format!(
            "warn: {warnings} unsuppressed WARN lint{}",
            if warnings == 1 { "" } else { "s" }
        ));
    }
    if has(FailOn::Leak) {
        trip(&mut reasons, "leak", CheckId::Leaks, &[State::Failed, State::Inconclusive]);
    }
    if has(FailOn::Rollback) {
        trip(&mut reasons, "rollback", CheckId::Rollback, &[State::Failed]);
    }
    Decision { fail_on: set, reasons, headline: verdict.headline.clone() }
}

/// [`judge`] on a report: its verdict and its unsuppressed WARN findings (counted as the verdict
/// counts them).
pub fn decide(report: &Report, fail_on: &[FailOn]) -> Decision {
    judge(&report.verdict, super::lint_counts(report).warn, fail_on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::sample;
    use tenant_planner_core::lint::{Finding, Level};
    use tenant_planner_core::verdict::Check;

    #[test]
    fn parses_lists_and_refuses_unknown_words() {
        assert_eq!(parse("error").unwrap(), [FailOn::Error]);
        assert_eq!(
            parse("warn, leak,rollback").unwrap(),
            [FailOn::Warn, FailOn::Leak, FailOn::Rollback]
        );
        assert!(parse("errors,leaks").is_ok());
        assert!(parse("fatal").unwrap_err().contains("\"fatal\""));
        assert!(parse("").is_err());
    }

    #[test]
    fn a_clean_report_passes_every_condition() {
        let v = decide(
            &sample::clean(),
            &[FailOn::Error, FailOn::Warn, FailOn::Leak, FailOn::Rollback],
        );
        assert!(!v.failed(), "{:?}", v.reasons);
        assert_eq!(v.conditions(), "error,warn,leak,rollback");
    }

    #[test]
    fn the_default_is_error() {
        let v = decide(&sample::report(), &[]);
        assert_eq!(v.fail_on, [FailOn::Error]);
        assert_eq!(
            v.reasons,
            [
                "error: the run: 1 statement failed",
                "error: the run: 1 statement did not run",
                "error: validation: 1 of 2 checks failed",
                "error: lints: 1 unsuppressed ERROR-level finding"
            ]
        );
    }

    #[test]
    fn warn_adds_unsuppressed_warnings_only() {
        let mut r = sample::clean();
        let mut suppressed = Finding::new("b", Level::Warn, "b");
        suppressed.suppressed = Some("fine".into());
        r.lint.insert(
            "r".into(),
            vec![
                Finding::new("a", Level::Warn, "a"),
                suppressed,
                Finding::new("c", Level::Info, "c"),
            ],
        );
        assert!(!decide(&r, &[FailOn::Error]).failed());
        assert_eq!(decide(&r, &[FailOn::Warn]).reasons, ["warn: 1 unsuppressed WARN lint"]);
        // warn includes what error fails on.
        let mut broken = r.clone();
        broken.verdict.checks[0] = Check {
            id: CheckId::Run,
            state: State::Failed,
            summary: String::new(),
            reasons: vec!["could not run: boom".into()],
        };
        assert_eq!(
            decide(&broken, &[FailOn::Warn]).reasons,
            ["warn: the run: could not run: boom", "warn: 1 unsuppressed WARN lint"]
        );
    }

    #[test]
    fn leak_and_rollback_are_their_own_conditions() {
        let r = sample::report();
        assert_eq!(
            decide(&r, &[FailOn::Leak]).reasons,
            ["leak: leak probes: 1 cross-tenant leak found"]
        );
        assert_eq!(
            decide(&r, &[FailOn::Rollback]).reasons,
            ["rollback: the rollback: it does not restore the database (not clean: 1 schema difference, data lost in 1 table)"]
        );
        // No rollback file is not a dirty rollback; no probes is not a leak.
        let c = sample::clean();
        assert!(!decide(&c, &[FailOn::Leak, FailOn::Rollback]).failed());
        let v = decide(&r, &[FailOn::Rollback, FailOn::Leak, FailOn::Leak]);
        assert_eq!(v.fail_on, [FailOn::Leak, FailOn::Rollback]);
        assert_eq!(v.reasons.len(), 2);
    }

    #[test]
    fn inconclusive_probes_fail_leak_but_not_error() {
        let mut r = sample::clean();
        r.verdict.checks[3] = Check {
            id: CheckId::Leaks,
            state: State::Inconclusive,
            summary: String::new(),
            reasons: vec!["the probes stopped: boom".into()],
        };
        assert!(!decide(&r, &[FailOn::Error]).failed());
        assert_eq!(
            decide(&r, &[FailOn::Leak]).reasons,
            ["leak: leak probes: inconclusive: the probes stopped: boom"]
        );
    }
}
