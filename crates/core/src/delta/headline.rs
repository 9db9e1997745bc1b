//! The counts and the one sentence a reviewer reads first.

use super::{Access, Counts, Delta, LintChange, TableChangeKind, Trend};
use crate::lint::Level;

fn lints_at(found: &[LintChange], level: Level) -> usize {
    found.iter().filter(|f| f.counted() && f.level == level).count()
}

pub(super) fn counts(d: &Delta) -> Counts {
    let tables = |k: TableChangeKind| d.tables.iter().filter(|t| t.change == k).count();
    let cells = |a: Access| d.policy_cells.iter().filter(|c| c.change == a).count();
    Counts {
        tables_added: tables(TableChangeKind::Added),
        tables_removed: tables(TableChangeKind::Removed),
        tables_reclassified: d
            .tables
            .iter()
            .filter(|t| t.change == TableChangeKind::Changed && t.class_before != t.class_after)
            .count(),
        cells_gained: cells(Access::Gained),
        cells_lost: cells(Access::Lost),
        cells_changed: cells(Access::Changed),
        new_leaks: d.leaks.new.len(),
        fixed_leaks: d.leaks.fixed.len(),
        new_errors: d.errors.new.len()
            + d.validation.new.len()
            + lints_at(&d.lints.new, Level::Error),
        fixed_errors: d.errors.fixed.len()
            + d.validation.fixed.len()
            + lints_at(&d.lints.fixed, Level::Error),
        new_warnings: lints_at(&d.lints.new, Level::Warn),
        fixed_warnings: lints_at(&d.lints.fixed, Level::Warn),
        rollback_regressed: d.rollback.change == Trend::Regressed,
    }
}

/// "1 cross-tenant leak", "2 errors".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// What the change introduced, as phrases ("opens 1 cross-tenant leak", "adds 2 errors").
fn introduced(d: &Delta) -> Vec<String> {
    let c = &d.counts;
    let mut out = Vec::new();
    if c.new_leaks > 0 {
        out.push(format!(
            "opens {}",
            count(c.new_leaks, "cross-tenant leak", "cross-tenant leaks")
        ));
    }
    if c.new_errors > 0 {
        out.push(format!("adds {}", count(c.new_errors, "error", "errors")));
    }
    if c.new_warnings > 0 {
        out.push(format!("adds {}", count(c.new_warnings, "warning", "warnings")));
    }
    if c.rollback_regressed {
        out.push(format!(
            "makes the rollback worse ({} → {})",
            d.rollback.before.as_str(),
            d.rollback.after.as_str()
        ));
    }
    out
}

/// What the change fixed, as phrases ("fixes 1 cross-tenant leak and 2 warnings").
fn fixed(d: &Delta) -> Option<String> {
    let c = &d.counts;
    let mut items = Vec::new();
    if c.fixed_leaks > 0 {
        items.push(count(c.fixed_leaks, "cross-tenant leak", "cross-tenant leaks"));
    }
    if c.fixed_errors > 0 {
        items.push(count(c.fixed_errors, "error", "errors"));
    }
    if c.fixed_warnings > 0 {
        items.push(count(c.fixed_warnings, "warning", "warnings"));
    }
    if d.rollback.change == Trend::Fixed {
        items.push(format!(
            "the rollback ({} → {})",
            d.rollback.before.as_str(),
            d.rollback.after.as_str()
        ));
    }
    (!items.is_empty()).then(|| format!("fixes {}", and_list(&items)))
}

/// The verdict's move, when it says more than the findings do.
fn verdict_tail(d: &Delta) -> Option<String> {
    let v = &d.verdict;
    match v.change {
        Trend::Same if v.after == crate::verdict::State::Passed => None,
        Trend::Same => {
            Some(format!("the head's verdict is {}, as the base's was", v.after.as_str()))
        }
        _ => Some(format!("the verdict went from {} to {}", v.before.as_str(), v.after.as_str())),
    }
}

pub(super) fn headline(d: &Delta) -> String {
    let new = introduced(d);
    let mut s = if new.is_empty() {
        match fixed(d) {
            Some(f) => format!("No new findings; this change {f}"),
            None => "No new findings".to_string(),
        }
    } else {
        let mut s = format!("This change {}", and_list(&new));
        if let Some(f) = fixed(d) {
            s.push_str(&format!("; it also {f}"));
        }
        s
    };
    if let Some(t) = verdict_tail(d) {
        s.push_str(&format!(" ({t})"));
    }
    s
}
