//! Tables and the catalog's counts, before and after.

use super::{CatalogChange, Changes, TableChange, TableChangeKind};
use crate::report::{CatalogSummary, Report, TableSummary};
use std::collections::BTreeSet;

/// The catalog a report ends with: after the up files, or where the run stopped.
pub(super) fn latest(r: &Report) -> Option<&CatalogSummary> {
    r.catalog.after_up.as_ref().or(r.catalog.at_stop.as_ref())
}

/// What is in `after` and not in `before` (new), and the other way round (fixed), in order.
pub(super) fn set_changes(before: &[String], after: &[String]) -> Changes<String> {
    let (b, a): (BTreeSet<&String>, BTreeSet<&String>) =
        (before.iter().collect(), after.iter().collect());
    Changes {
        new: a.difference(&b).map(|s| s.to_string()).collect(),
        fixed: b.difference(&a).map(|s| s.to_string()).collect(),
    }
}

fn column_names(t: &TableSummary) -> Vec<String> {
    t.columns.iter().map(|c| c.name.clone()).collect()
}

/// `(before, after)` for a table on one side only.
fn sides<T>(added: bool, v: T) -> (Option<T>, Option<T>) {
    if added {
        (None, Some(v))
    } else {
        (Some(v), None)
    }
}

fn one_side(name: &str, t: &TableSummary, added: bool) -> TableChange {
    let (class_before, class_after) = sides(added, t.tenancy.clone());
    let (rls_before, rls_after) = sides(added, t.rls_enabled);
    let (forced_before, forced_after) = sides(added, t.rls_forced);
    let (policies_removed, policies_added) = sides(added, t.policies.clone());
    let (columns_removed, columns_added) = sides(added, column_names(t));
    TableChange {
        table: name.to_string(),
        change: if added { TableChangeKind::Added } else { TableChangeKind::Removed },
        class_before,
        class_after,
        rls_before,
        rls_after,
        forced_before,
        forced_after,
        policies_added: policies_added.unwrap_or_default(),
        policies_removed: policies_removed.unwrap_or_default(),
        columns_added: columns_added.unwrap_or_default(),
        columns_removed: columns_removed.unwrap_or_default(),
    }
}

/// A table in both: its change, or `None` when nothing the delta shows changed.
fn both(name: &str, b: &TableSummary, a: &TableSummary) -> Option<TableChange> {
    let policies = set_changes(&b.policies, &a.policies);
    let columns = set_changes(&column_names(b), &column_names(a));
    let same = b.tenancy == a.tenancy
        && b.rls_enabled == a.rls_enabled
        && b.rls_forced == a.rls_forced
        && policies.is_empty()
        && columns.is_empty();
    if same {
        return None;
    }
    Some(TableChange {
        table: name.to_string(),
        change: TableChangeKind::Changed,
        class_before: Some(b.tenancy.clone()),
        class_after: Some(a.tenancy.clone()),
        rls_before: Some(b.rls_enabled),
        rls_after: Some(a.rls_enabled),
        forced_before: Some(b.rls_forced),
        forced_after: Some(a.rls_forced),
        policies_added: policies.new,
        policies_removed: policies.fixed,
        columns_added: columns.new,
        columns_removed: columns.fixed,
    })
}

/// Tables added, removed and changed, sorted by name.
pub(super) fn tables(base: &Report, head: &Report) -> Vec<TableChange> {
    let empty = Default::default();
    let b = latest(base).map_or(&empty, |c| &c.tables);
    let a = latest(head).map_or(&empty, |c| &c.tables);
    let names: BTreeSet<&String> = b.keys().chain(a.keys()).collect();
    names
        .into_iter()
        .filter_map(|n| match (b.get(n), a.get(n)) {
            (None, Some(t)) => Some(one_side(n, t, true)),
            (Some(t), None) => Some(one_side(n, t, false)),
            (Some(x), Some(y)) => both(n, x, y),
            (None, None) => None,
        })
        .collect()
}

/// The catalog's counts before and after, and its functions and views added or removed.
pub(super) fn whole(base: &Report, head: &Report) -> CatalogChange {
    let (b, a) = (latest(base), latest(head));
    let count = |c: Option<&CatalogSummary>, f: fn(&CatalogSummary) -> usize| c.map_or(0, f);
    let list = |c: Option<&CatalogSummary>, f: fn(&CatalogSummary) -> &Vec<String>| {
        c.map(f).cloned().unwrap_or_default()
    };
    CatalogChange {
        tables_before: count(b, |c| c.tables.len()),
        tables_after: count(a, |c| c.tables.len()),
        indexes_before: count(b, |c| c.index_count),
        indexes_after: count(a, |c| c.index_count),
        policies_before: count(b, |c| c.policy_count),
        policies_after: count(a, |c| c.policy_count),
        functions: set_changes(&list(b, |c| &c.functions), &list(a, |c| &c.functions)).into(),
        views: set_changes(&list(b, |c| &c.views), &list(a, |c| &c.views)).into(),
    }
}
