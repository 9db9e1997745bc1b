//! `--fail-on error|warn|leak|rollback`: which findings make `check` exit 1.
//!
//! - `error`: an unsuppressed ERROR lint, a failed statement, a failed validation check, or a run
//!   that did not complete;
//! - `warn`: all of `error`, and any unsuppressed WARN lint;
//! - `leak`: any entry in `isolation.leaks`;
//! - `rollback`: a rollback that was provided and is not clean.
//!
//! Conditions add up (`--fail-on error,leak` or `--fail-on error --fail-on leak`); the default is
//! `error`. `--fail-on leak` alone fails on leaks only.

use super::{leaks, lint_counts, list_of, num_of, plural, rollback_dirty, str_of};
use serde_json::Value;

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
            _ => Err(format!("unknown --fail-on value {w:?} (expected error, warn, leak or rollback)")),
        })
        .collect()
}

/// The conditions checked and what tripped them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verdict {
    /// Sorted, without repeats.
    pub fail_on: Vec<FailOn>,
    /// One line per reason to fail, prefixed by the condition (`error: 1 failed statement`).
    pub reasons: Vec<String>,
}

impl Verdict {
    pub fn failed(&self) -> bool {
        !self.reasons.is_empty()
    }

    /// `error,leak`
    pub fn conditions(&self) -> String {
        self.fail_on.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(",")
    }
}

pub fn judge(report: &Value, fail_on: &[FailOn]) -> Verdict {
    let mut set: Vec<FailOn> = if fail_on.is_empty() { vec![FailOn::Error] } else { fail_on.to_vec() };
    set.sort();
    set.dedup();
    let mut reasons = Vec::new();
    let lints = lint_counts(report);
    let has = |f: FailOn| set.contains(&f);
    if has(FailOn::Error) || has(FailOn::Warn) {
        let tag = if has(FailOn::Error) { "error" } else { "warn" };
        let failed = num_of(report.get("statements").unwrap_or(&Value::Null), "failed") as usize;
        let failed = failed.max(list_of(report, "errors").len());
        if failed > 0 {
            reasons.push(format!("{tag}: {}", plural(failed, "failed statement", "failed statements")));
        }
        let checks: u64 = report.get("validation").and_then(Value::as_object).map(|v| v.values().map(|e| num_of(e, "failed")).sum()).unwrap_or(0);
        if checks > 0 {
            reasons.push(format!("{tag}: {}", plural(checks as usize, "failed validation check", "failed validation checks")));
        }
        let outcome = str_of(report, "outcome");
        if outcome != "completed" {
            let outcome = if outcome.is_empty() { "unknown" } else { outcome };
            reasons.push(format!("{tag}: the run did not complete ({outcome})"));
        }
        if lints.error > 0 {
            reasons.push(format!("{tag}: {}", plural(lints.error, "unsuppressed ERROR lint", "unsuppressed ERROR lints")));
        }
    }
    if has(FailOn::Warn) && lints.warn > 0 {
        reasons.push(format!("warn: {}", plural(lints.warn, "unsuppressed WARN lint", "unsuppressed WARN lints")));
    }
    if has(FailOn::Leak) && !leaks(report).is_empty() {
        reasons.push(format!("leak: {}", plural(leaks(report).len(), "cross-tenant leak", "cross-tenant leaks")));
    }
    if has(FailOn::Rollback) && rollback_dirty(report) {
        let verdict = str_of(report.get("rollback").unwrap_or(&Value::Null), "verdict");
        reasons.push(format!("rollback: the rollback is not clean ({verdict})"));
    }
    Verdict { fail_on: set, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::sample;

    #[test]
    fn parses_lists_and_refuses_unknown_words() {
        assert_eq!(parse("error").unwrap(), [FailOn::Error]);
        assert_eq!(parse("warn, leak,rollback").unwrap(), [FailOn::Warn, FailOn::Leak, FailOn::Rollback]);
        assert!(parse("errors,leaks").is_ok());
        assert!(parse("fatal").unwrap_err().contains("\"fatal\""));
        assert!(parse("").is_err());
    }

    #[test]
    fn a_clean_report_passes_every_condition() {
        let v = judge(&sample::clean(), &[FailOn::Error, FailOn::Warn, FailOn::Leak, FailOn::Rollback]);
        assert!(!v.failed(), "{:?}", v.reasons);
        assert_eq!(v.conditions(), "error,warn,leak,rollback");
    }

    #[test]
    fn the_default_is_error() {
        let v = judge(&sample::report(), &[]);
        assert_eq!(v.fail_on, [FailOn::Error]);
        assert_eq!(
            v.reasons,
            ["error: 1 failed statement", "error: 1 failed validation check", "error: the run did not complete (stopped)", "error: 1 unsuppressed ERROR lint"]
        );
    }

    #[test]
    fn warn_adds_unsuppressed_warnings_only() {
        let mut r = sample::clean();
        r["lint"] = serde_json::json!({ "r": [
            { "object": "a", "detail": "a", "level": "WARN" },
            { "object": "b", "detail": "b", "level": "WARN", "suppressed": "fine" },
            { "object": "c", "detail": "c", "level": "INFO" }
        ] });
        assert!(!judge(&r, &[FailOn::Error]).failed());
        assert_eq!(judge(&r, &[FailOn::Warn]).reasons, ["warn: 1 unsuppressed WARN lint"]);
        // warn includes what error fails on.
        let mut broken = r.clone();
        broken["outcome"] = "aborted".into();
        assert_eq!(judge(&broken, &[FailOn::Warn]).reasons, ["warn: the run did not complete (aborted)", "warn: 1 unsuppressed WARN lint"]);
    }

    #[test]
    fn leak_and_rollback_are_their_own_conditions() {
        let r = sample::report();
        assert_eq!(judge(&r, &[FailOn::Leak]).reasons, ["leak: 1 cross-tenant leak"]);
        assert_eq!(judge(&r, &[FailOn::Rollback]).reasons, ["rollback: the rollback is not clean (not clean: 1 schema difference, data lost in 1 table)"]);
        // No rollback file is not a dirty rollback; no isolation section is no leak.
        let c = sample::clean();
        assert!(!judge(&c, &[FailOn::Leak, FailOn::Rollback]).failed());
        let v = judge(&r, &[FailOn::Rollback, FailOn::Leak, FailOn::Leak]);
        assert_eq!(v.fail_on, [FailOn::Leak, FailOn::Rollback]);
        assert_eq!(v.reasons.len(), 2);
    }
}
