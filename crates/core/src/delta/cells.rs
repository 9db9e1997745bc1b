//! Policy-matrix cells before and after: who gained or lost which command on which table.

use super::{Access, CellChange, CellSide, TableChange, TableChangeKind};
use crate::matrix::{Cell, Decision, COMMANDS};
use crate::report::Report;
use std::collections::{BTreeMap, BTreeSet};

/// How much a decision lets through: 0 nothing, 1 what the policies allow, 2 everything the
/// grant allows.
fn level(side: Option<&CellSide>) -> u8 {
    match side.map(|s| s.decision) {
        None | Some(Decision::NoPrivilege | Decision::Denied) => 0,
        Some(Decision::Policies) => 1,
        Some(Decision::NoRls | Decision::Bypass) => 2,
    }
}

fn side(c: &Cell) -> CellSide {
    let mut policies = c.policies.clone();
    policies.extend(c.restrictive.iter().map(|p| format!("{p} (restrictive)")));
    CellSide { decision: c.decision, policies, reason: c.reason.clone() }
}

type Key<'a> = (&'a str, usize, &'a str, &'a str);

/// Keyed by table, command (in the matrix's order, then by name), role.
fn keyed(r: &Report) -> BTreeMap<Key<'_>, CellSide> {
    r.policy_matrix
        .iter()
        .map(|c| {
            let cmd = COMMANDS.iter().position(|x| *x == c.command).unwrap_or(COMMANDS.len());
            ((c.table.as_str(), cmd, c.command.as_str(), c.role.as_str()), side(c))
        })
        .collect()
}

/// The cells that changed (see `Delta::policy_cells`).
pub(super) fn compare(base: &Report, head: &Report, tables: &[TableChange]) -> Vec<CellChange> {
    let removed: BTreeSet<&str> = tables
        .iter()
        .filter(|t| t.change == TableChangeKind::Removed)
        .map(|t| t.table.as_str())
        .collect();
    let (b, a) = (keyed(base), keyed(head));
    let keys: BTreeSet<&Key> = b.keys().chain(a.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let (table, _, command, role) = *key;
        if removed.contains(table) {
            continue;
        }
        let (before, after) = (b.get(key), a.get(key));
        if before == after || (before.is_none() && level(after) == 0) {
            continue;
        }
        let same_decision =
            before.map(|s| (s.decision, &s.policies)) == after.map(|s| (s.decision, &s.policies));
        if same_decision {
            continue; // only the wording of the reason moved
        }
        let change = match level(after).cmp(&level(before)) {
            std::cmp::Ordering::Greater => Access::Gained,
            std::cmp::Ordering::Less => Access::Lost,
            std::cmp::Ordering::Equal => Access::Changed,
        };
        out.push(CellChange {
            table: table.to_string(),
            command: command.to_string(),
            role: role.to_string(),
            change,
            before: before.cloned(),
            after: after.cloned(),
        });
    }
    out
}
