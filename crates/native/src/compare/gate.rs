//! `--fail-on` for a comparison (`tenant-planner diff`, `check --base`): what makes the exit
//! code one. The `new-…` conditions count only what the change introduced, read from the core's
//! [`Delta`], so a finding the base already had blocks nothing:
//!
//! - `new-leak`: a cross-tenant leak the base did not have, or leak probes that were complete in
//!   the base and are inconclusive in the head (a lost check is not a pass);
//! - `new-error`: a failed statement, a failed validation check or an unsuppressed ERROR lint
//!   finding the base did not have, or a run that completed in the base and does not in the head;
//! - `new-warn`: all of `new-error`, and any new unsuppressed WARN lint finding;
//! - `rollback-regressed`: the rollback got worse (`delta.rollback.change` is `regressed`).
//!
//! The words of `check --fail-on` (`error`, `warn`, `leak`, `rollback`) may be mixed in: they
//! judge the head's report as a whole, as `check` does. The default is `new-error`.

use crate::format::fail_on::{self, FailOn};
use crate::format::plural;
use tenant_planner_core::delta::{Delta, Trend};
use tenant_planner_core::lint::Level;
use tenant_planner_core::report::Report;
use tenant_planner_core::verdict::{CheckId, State};

/// A condition on what the change introduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NewFailOn {
    NewLeak,
    NewError,
    NewWarn,
    RollbackRegressed,
}

impl NewFailOn {
    pub fn as_str(self) -> &'static str {
        match self {
            NewFailOn::NewLeak => "new-leak",
            NewFailOn::NewError => "new-error",
            NewFailOn::NewWarn => "new-warn",
            NewFailOn::RollbackRegressed => "rollback-regressed",
        }
    }
}

/// One `--fail-on` word of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Condition {
    New(NewFailOn),
    /// A condition of `check --fail-on`, on the head's report as a whole.
    Head(FailOn),
}

impl Condition {
    pub fn as_str(self) -> &'static str {
        match self {
            Condition::New(n) => n.as_str(),
            Condition::Head(f) => f.as_str(),
        }
    }
}

/// One `--fail-on` value: a word or a comma-separated list of them.
pub fn parse(s: &str) -> Result<Vec<Condition>, String> {
    s.split(',')
        .map(str::trim)
        .map(|w| match w.to_ascii_lowercase().as_str() {
            "new-leak" | "new-leaks" => Ok(Condition::New(NewFailOn::NewLeak)),
            "new-error" | "new-errors" => Ok(Condition::New(NewFailOn::NewError)),
            "new-warn" | "new-warning" | "new-warnings" => Ok(Condition::New(NewFailOn::NewWarn)),
            "rollback-regressed" => Ok(Condition::New(NewFailOn::RollbackRegressed)),
            _ => match fail_on::parse(w) {
                Ok(f) => Ok(Condition::Head(f[0])),
                Err(_) => Err(format!(
                    "unknown --fail-on value {w:?} (expected new-leak, new-error, new-warn, rollback-regressed; or error, warn, leak, rollback on the head as a whole)"
                )),
            },
        })
        .collect()
}

/// The conditions checked and what tripped them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Gate {
    /// Sorted, without repeats.
    pub conditions: Vec<Condition>,
    /// One line per reason to fail, prefixed by its condition (`new-leak: …`).
    pub reasons: Vec<String>,
}

impl Gate {
    pub fn failed(&self) -> bool {
        !self.reasons.is_empty()
    }

    pub fn exit_code(&self) -> u8 {
        u8::from(self.failed())
    }

    /// `new-leak,new-error`
    pub fn conditions(&self) -> String {
        self.conditions.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(",")
    }
}

fn check_state(r: &Report, id: CheckId) -> State {
    r.verdict.checks.iter().find(|c| c.id == id).map_or(State::NotChecked, |c| c.state)
}

fn new_leaks(d: &Delta, base: &Report, head: &Report, out: &mut Vec<String>) {
    for l in &d.leaks.new {
        out.push(format!("new-leak: {}", crate::format::describe_leak(l)));
    }
    let (b, h) = (check_state(base, CheckId::Leaks), check_state(head, CheckId::Leaks));
    if b == State::Passed && h == State::Inconclusive {
        let why = head.verdict.check(CheckId::Leaks).reasons.join("; ");
        out.push(format!("new-leak: the leak probes were complete in the base and are inconclusive in the head: {why}"));
    }
}

fn new_errors(tag: &str, d: &Delta, base: &Report, head: &Report, out: &mut Vec<String>) {
    for e in &d.errors.new {
        out.push(format!(
            "{tag}: {}:{}:{}: {} (SQLSTATE {})",
            e.file, e.line, e.column, e.message, e.sqlstate
        ));
    }
    for c in &d.validation.new {
        out.push(format!("{tag}: {}:{}: validation check failed: {}", c.file, c.line, c.check));
    }
    for f in d.lints.new.iter().filter(|f| f.counted() && f.level == Level::Error) {
        out.push(format!("{tag}: lint {} on {}: {}", f.rule, f.object, f.detail));
    }
    let (b, h) = (check_state(base, CheckId::Run), check_state(head, CheckId::Run));
    if d.errors.new.is_empty() && b == State::Passed && h != State::Passed {
        let why = head.verdict.check(CheckId::Run).reasons.join("; ");
        out.push(format!("{tag}: the run completed in the base and not in the head: {why}"));
    }
}

/// Judge a comparison: the `new-…` conditions on the delta, the others on the head's report.
pub fn judge(d: &Delta, base: &Report, head: &Report, conditions: &[Condition]) -> Gate {
    let mut set: Vec<Condition> = if conditions.is_empty() {
        vec![Condition::New(NewFailOn::NewError)]
    } else {
        conditions.to_vec()
    };
    set.sort();
    set.dedup();
    let has = |n: NewFailOn| set.contains(&Condition::New(n));
    let mut reasons = Vec::new();
    if has(NewFailOn::NewLeak) {
        new_leaks(d, base, head, &mut reasons);
    }
    if has(NewFailOn::NewError) || has(NewFailOn::NewWarn) {
        let tag = if has(NewFailOn::NewError) { "new-error" } else { "new-warn" };
        new_errors(tag, d, base, head, &mut reasons);
    }
    if has(NewFailOn::NewWarn) {
        for f in d.lints.new.iter().filter(|f| f.counted() && f.level == Level::Warn) {
            reasons.push(format!("new-warn: lint {} on {}: {}", f.rule, f.object, f.detail));
        }
    }
    if has(NewFailOn::RollbackRegressed) && d.rollback.change == Trend::Regressed {
        reasons.push(format!(
            "rollback-regressed: {} → {}: {}",
            d.rollback.before.as_str(),
            d.rollback.after.as_str(),
            d.rollback.after_verdict
        ));
    }
    let head_words: Vec<FailOn> = set
        .iter()
        .filter_map(|c| match c {
            Condition::Head(f) => Some(*f),
            Condition::New(_) => None,
        })
        .collect();
    if !head_words.is_empty() {
        reasons.extend(
            fail_on::decide(head, &head_words).reasons.into_iter().map(|r| format!("head {r}")),
        );
    }
    Gate { conditions: set, reasons }
}

/// "2 new cross-tenant leaks", for the summary line.
pub fn summary(d: &Delta) -> String {
    let c = &d.counts;
    format!(
        "{}, {}, {}",
        plural(c.new_leaks, "new leak", "new leaks"),
        plural(c.new_errors, "new error", "new errors"),
        plural(c.new_warnings, "new warning", "new warnings")
    )
}
