//! Findings new and fixed: lint findings, leaks, failed statements, failed validation checks, and
//! the files themselves. Each is matched by what it is about, never by its line.

use super::{Changes, LintChange, ValidationChange};
use crate::isolation::Leak;
use crate::report::{ErrorEntry, FileEntry, Report};
use std::collections::BTreeMap;

/// What `after` has beyond `before` (new) and `before` beyond `after` (fixed), matching items by
/// `key` and counting repeats: two findings with one key in the base and three in the head make
/// one new (the head's last). Each side keeps its order.
pub(super) fn changes<T: Clone, K: Ord>(
    before: &[T],
    after: &[T],
    key: impl Fn(&T) -> K,
) -> Changes<T> {
    let extra = |from: &[T], other: &[T]| {
        let mut left: BTreeMap<K, usize> = BTreeMap::new();
        for x in other {
            *left.entry(key(x)).or_default() += 1;
        }
        from.iter()
            .filter(|x| match left.get_mut(&key(x)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .cloned()
            .collect::<Vec<T>>()
    };
    Changes { new: extra(after, before), fixed: extra(before, after) }
}

/// Every lint finding of a report, with its rule, in rule order.
fn lint_list(r: &Report) -> Vec<LintChange> {
    r.lint
        .iter()
        .flat_map(|(rule, found)| {
            found.iter().map(move |f| LintChange {
                rule: rule.clone(),
                object: f.object.clone(),
                level: f.level,
                detail: f.detail.clone(),
                file: f.file.clone(),
                line: f.line,
                suppressed: f.suppressed.clone(),
                same_as: f.same_as.clone(),
            })
        })
        .collect()
}

/// Lint findings by rule, object and level.
pub(super) fn lints(base: &Report, head: &Report) -> Changes<LintChange> {
    changes(&lint_list(base), &lint_list(head), |f| (f.rule.clone(), f.object.clone(), f.level))
}

fn leak_list(r: &Report) -> &[Leak] {
    r.isolation.as_ref().map_or(&[], |i| i.leaks.as_slice())
}

/// Leaks by table, persona and command.
pub(super) fn leaks(base: &Report, head: &Report) -> Changes<Leak> {
    changes(leak_list(base), leak_list(head), |l| {
        (l.table.clone(), l.persona.clone(), l.command.clone())
    })
}

/// Failed statements by file, SQLSTATE and message.
pub(super) fn errors(base: &Report, head: &Report) -> Changes<ErrorEntry> {
    changes(&base.errors, &head.errors, |e| (e.file.clone(), e.sqlstate.clone(), e.message.clone()))
}

fn failed_checks(r: &Report) -> Vec<ValidationChange> {
    r.validation
        .iter()
        .flat_map(|(file, v)| {
            v.checks.iter().filter(|c| !c.passed).map(move |c| ValidationChange {
                file: file.clone(),
                check: c.name.clone(),
                line: c.line,
            })
        })
        .collect()
}

/// Failed validation checks by file and name.
pub(super) fn validation(base: &Report, head: &Report) -> Changes<ValidationChange> {
    changes(&failed_checks(base), &failed_checks(head), |c| (c.file.clone(), c.check.clone()))
}

/// Files by name.
pub(super) fn files(base: &Report, head: &Report) -> Changes<FileEntry> {
    changes(&base.files, &head.files, |f| f.file.clone())
}
