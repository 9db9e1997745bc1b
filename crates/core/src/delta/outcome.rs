//! How each report was made, and its rollback and verdict, before and after.

use super::{CheckChange, RollbackChange, Side, Trend, VerdictChange};
use crate::report::Report;
use crate::rollback::RollbackLevel;
use crate::verdict::{CheckId, State};

pub(super) fn side(r: &Report) -> Side {
    Side {
        engine: r.engine.clone(),
        profile: r.profile.clone(),
        tool_version: r.tool.version.clone(),
        files: r.files.len(),
    }
}

/// One sentence per way the two reports were made differently.
pub(super) fn warnings(base: &Report, head: &Report) -> Vec<String> {
    let mut out = Vec::new();
    let mut differ = |what: &str, b: &str, a: &str, why: &str| {
        if b != a {
            let show = |s: &str| if s.is_empty() { "(unknown)".to_string() } else { s.to_string() };
            out.push(format!(
                "the comparison ran on {what} {} for the base and {} for the head: {why}",
                show(b),
                show(a)
            ));
        }
    };
    differ(
        "engine",
        &base.engine.name,
        &head.engine.name,
        "differences may come from the engines, not the change",
    );
    differ(
        "PostgreSQL",
        &base.engine.postgres_version,
        &head.engine.postgres_version,
        "differences may come from the versions, not the change",
    );
    differ(
        "profile",
        &base.profile,
        &head.profile,
        "roles, policies and lints are judged differently under each profile",
    );
    differ(
        "tenant-planner",
        &base.tool.version,
        &head.tool.version,
        "rules and probes may differ between the versions",
    );
    out
}

/// Worse to better: clean, clean except triggers, not clean (`NotVerified` is apart).
fn rank(l: RollbackLevel) -> u8 {
    match l {
        RollbackLevel::Clean => 0,
        RollbackLevel::CleanExceptTriggers => 1,
        RollbackLevel::NotClean | RollbackLevel::NotVerified => 2,
    }
}

/// How the rollback level moved (see [`Trend`]).
pub(super) fn rollback_trend(before: RollbackLevel, after: RollbackLevel) -> Trend {
    use RollbackLevel::NotVerified;
    match (before, after) {
        _ if before == after => Trend::Same,
        (_, NotVerified) => Trend::Unverified,
        (NotVerified, RollbackLevel::NotClean) => Trend::Regressed,
        (NotVerified, _) => Trend::Fixed,
        _ if rank(after) < rank(before) => Trend::Fixed,
        _ => Trend::Regressed,
    }
}

pub(super) fn rollback(base: &Report, head: &Report) -> RollbackChange {
    RollbackChange {
        before: base.rollback.level,
        after: head.rollback.level,
        change: rollback_trend(base.rollback.level, head.rollback.level),
        before_verdict: base.rollback.verdict.clone(),
        after_verdict: head.rollback.verdict.clone(),
    }
}

fn state_trend(before: State, after: State) -> Trend {
    match after.cmp(&before) {
        std::cmp::Ordering::Equal => Trend::Same,
        std::cmp::Ordering::Less => Trend::Fixed,
        std::cmp::Ordering::Greater => Trend::Regressed,
    }
}

/// A check's state and summary in a report (a report without that check: not checked).
fn check(r: &Report, id: CheckId) -> (State, String) {
    r.verdict
        .checks
        .iter()
        .find(|c| c.id == id)
        .map_or((State::NotChecked, String::new()), |c| (c.state, c.summary.clone()))
}

pub(super) fn verdict(base: &Report, head: &Report) -> VerdictChange {
    let checks = CheckId::ALL
        .iter()
        .map(|&id| {
            let ((before, before_summary), (after, after_summary)) =
                (check(base, id), check(head, id));
            CheckChange { id, before, after, before_summary, after_summary }
        })
        .collect();
    VerdictChange {
        before: base.verdict.state,
        after: head.verdict.state,
        change: state_trend(base.verdict.state, head.verdict.state),
        before_headline: base.verdict.headline.clone(),
        after_headline: head.verdict.headline.clone(),
        checks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RollbackLevel::*;

    #[test]
    fn rollback_trends() {
        assert_eq!(rollback_trend(Clean, Clean), Trend::Same);
        assert_eq!(rollback_trend(Clean, NotClean), Trend::Regressed);
        assert_eq!(rollback_trend(Clean, CleanExceptTriggers), Trend::Regressed);
        assert_eq!(rollback_trend(NotClean, Clean), Trend::Fixed);
        assert_eq!(rollback_trend(NotClean, CleanExceptTriggers), Trend::Fixed);
        // Not checked is neither better nor worse …
        assert_eq!(rollback_trend(Clean, NotVerified), Trend::Unverified);
        assert_eq!(rollback_trend(NotClean, NotVerified), Trend::Unverified);
        // … and a first check counts by its result.
        assert_eq!(rollback_trend(NotVerified, Clean), Trend::Fixed);
        assert_eq!(rollback_trend(NotVerified, NotClean), Trend::Regressed);
        assert_eq!(rollback_trend(NotVerified, NotVerified), Trend::Same);
    }

    #[test]
    fn verdict_trends_follow_the_order_of_states() {
        assert_eq!(state_trend(State::Passed, State::Failed), Trend::Regressed);
        assert_eq!(state_trend(State::Inconclusive, State::Partial), Trend::Fixed);
        assert_eq!(state_trend(State::Partial, State::Partial), Trend::Same);
    }
}
