//! Why a leak happened, named from the catalog: RLS off, a role that bypasses it, or the
//! permissive policy whose expression let tenant A's rows through — found by evaluating each
//! candidate policy's own expression, as the persona, on the leaked rows.

use super::values::{ident, qualified, quote};
use crate::catalog::{Policy, Snapshot, Table};
use crate::matrix::{cell, Decision};
use std::collections::BTreeMap;

/// Which expression of a policy let the row through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// USING, on existing rows (SELECT, UPDATE, DELETE).
    Using,
    /// WITH CHECK, on the new row (INSERT, the moved row of an UPDATE).
    Check,
    /// No WITH CHECK: Postgres checks the new row with USING instead.
    UsingAsCheck,
}

/// The SQL command a probe runs (a move is an UPDATE).
pub(crate) fn sql_command(probe: &str) -> &str {
    if probe == "MOVE" {
        "UPDATE"
    } else {
        probe
    }
}

/// What the catalog alone says, before looking at policies: RLS off, or a role that bypasses it.
pub(crate) fn catalog_cause(s: &Snapshot, t: &Table, probe: &str, role: &str) -> Option<String> {
    let command = sql_command(probe);
    let c = cell(s, t, command, role);
    match c.decision {
        Decision::NoRls => Some(format!(
            "RLS is disabled on {}: the {command} grant alone decides, and {role} has it",
            t.qualified()
        )),
        Decision::Bypass
            if t.owner != role
                && crate::matrix::role_closure(&s.roles, role, false).contains(&t.owner)
                && !t.rls_forced =>
        {
            Some(bypass_text(role, &t.owner, &[t.qualified()]))
        }
        Decision::Bypass => Some(format!("{}: RLS does not apply", c.reason)),
        _ => None,
    }
}

/// RLS bypassed through role membership, in the words of the lint on the same thing
/// (rls_bypass_through_membership).
pub(crate) fn bypass_text(role: &str, owner: &str, tables: &[String]) -> String {
    format!(
        "{role} is a member of {owner}, which owns {} with RLS on but not forced: {role} has the owner's rights, and Postgres applies no policy to the owner (GRANT {owner} TO {role}; lint rls_bypass_through_membership)",
        tables.join(", ")
    )
}

/// The permissive policies for this command that apply to `role`, with the expression to test.
pub(crate) fn candidates<'a>(
    s: &'a Snapshot,
    t: &'a Table,
    probe: &str,
    role: &str,
) -> Vec<(&'a Policy, Part, String)> {
    let command = sql_command(probe);
    let c = cell(s, t, command, role);
    let applies: Vec<&String> = c.policies.iter().filter(|p| !c.restrictive.contains(p)).collect();
    let new_row = matches!(probe, "INSERT" | "MOVE");
    s.policies_on(t)
        .filter(|p| p.permissive && applies.contains(&&p.name))
        .filter_map(|p| {
            if new_row {
                match (&p.with_check, &p.using) {
                    (Some(w), _) => Some((p, Part::Check, w.clone())),
                    (None, Some(u)) if command != "INSERT" => {
                        Some((p, Part::UsingAsCheck, u.clone()))
                    }
                    _ => None,
                }
            } else {
                p.using.clone().map(|u| (p, Part::Using, u))
            }
        })
        .collect()
}

/// Test one USING expression on the leaked rows (as the persona): how many pass it.
pub(crate) fn using_test_sql(table: &str, pred: &str, expr: &str) -> String {
    format!("select count(*)::text from {} where {pred} and ({expr})", qualified(table))
}

/// Test one WITH CHECK expression on the would-be row, given as column texts (arrays and json
/// as `to_jsonb` wrote them are passed as JSON, the rest as text for the column's input function).
pub(crate) fn check_test_sql(
    t: &Table,
    row: &BTreeMap<String, Option<String>>,
    expr: &str,
) -> String {
    let table = t.qualified();
    let value = |k: &str, v: &Option<String>| {
        let Some(v) = v else { return serde_json::Value::Null };
        let ty = t.columns.iter().find(|c| c.name == k).map(|c| c.type_.as_str()).unwrap_or("");
        let structured = ty.ends_with("[]") && v.starts_with('[') || matches!(ty, "json" | "jsonb");
        match serde_json::from_str::<serde_json::Value>(v) {
            Ok(j) if structured => j,
            _ => serde_json::Value::String(v.clone()),
        }
    };
    let json =
        serde_json::Value::Object(row.iter().map(|(k, v)| (k.clone(), value(k, v))).collect());
    let name = t.name.as_str();
    format!(
        "select count(*)::text from jsonb_populate_record(null::{}, {}::jsonb) as {} where ({expr})",
        qualified(&table),
        quote(&json.to_string()),
        ident(name)
    )
}

fn one(p: &Policy, part: Part, expr: &str, probe: &str) -> String {
    let expr = expr.trim();
    let to = p.roles.join(", ");
    let head = format!("policy \"{}\" ({} to {to})", p.name, p.command);
    let everything = expr == "true" || expr == "(true)";
    match part {
        Part::Using if everything => format!("{head} has USING (true): every row passes"),
        Part::Using => format!("{head} lets tenant A's rows through: USING ({expr}) does not scope the rows to the user's tenant"),
        Part::Check if everything => format!("{head} has WITH CHECK (true): any row may be written"),
        Part::Check if probe == "MOVE" => format!("{head} lets a row be moved into tenant A: WITH CHECK ({expr}) does not check the new tenant"),
        Part::Check => format!("{head} lets a row be written into tenant A: WITH CHECK ({expr}) does not check the tenant"),
        Part::UsingAsCheck => format!("no WITH CHECK on {head}: its USING ({expr}) is checked on the new row instead, and passes for a row in tenant A"),
    }
}

/// The cause of a leak through policies: those that were found to let it through, else the
/// permissive policies that apply (one of them does).
pub(crate) fn policy_cause(
    s: &Snapshot,
    t: &Table,
    probe: &str,
    role: &str,
    passing: &[(&Policy, Part, String)],
) -> String {
    if !passing.is_empty() {
        return passing
            .iter()
            .map(|(p, part, e)| one(p, *part, e, probe))
            .collect::<Vec<_>>()
            .join("; ");
    }
    let all = candidates(s, t, probe, role);
    // Catalog-only guess: an expression that is plainly `true`.
    let open: Vec<String> = all
        .iter()
        .filter(|(_, _, e)| matches!(e.trim(), "true" | "(true)"))
        .map(|(p, part, e)| one(p, *part, e, probe))
        .collect();
    if !open.is_empty() {
        return open.join("; ");
    }
    let command = sql_command(probe);
    if all.is_empty() {
        return format!(
            "the {command} policies of {} for {role} let the rows through",
            t.qualified()
        );
    }
    let names: Vec<String> = all.iter().map(|(p, _, _)| format!("\"{}\"", p.name)).collect();
    format!(
        "one of the permissive {command} policies for {role} on {} lets the rows through: {}",
        t.qualified(),
        names.join(", ")
    )
}

/// Why a view shows tenant A's rows.
pub(crate) fn view_cause(s: &Snapshot, view: &crate::catalog::View) -> String {
    let invoker = view.options.iter().any(|o| {
        let o = o.to_ascii_lowercase();
        o == "security_invoker=true" || o == "security_invoker=on" || o == "security_invoker=1"
    });
    let owner_bypasses =
        s.roles.iter().any(|r| r.name == view.owner && (r.superuser || r.bypassrls));
    let name = format!("{}.{}", view.schema, view.name);
    if !invoker {
        let how = if owner_bypasses {
            "who bypasses RLS"
        } else {
            "so the RLS of tables it owns does not apply"
        };
        format!("view {name} runs with the rights of its owner {} ({how}): it has no security_invoker, so the policies of the tables it reads are not applied to the caller", view.owner)
    } else {
        format!("view {name} (security_invoker) returns rows the policies of the tables it reads let through")
    }
}

/// Why a set-returning function returns tenant A's rows.
pub(crate) fn function_cause(f: &crate::catalog::Function) -> String {
    if f.security_definer {
        format!(
            "function {} is SECURITY DEFINER: it runs as {} and its queries bypass the caller's RLS; it returns tenant A's rows to whoever may execute it",
            f.signature(),
            f.owner
        )
    } else {
        format!(
            "function {} returns rows the policies of the tables it reads let through",
            f.signature()
        )
    }
}
