//! The probe statements: what a persona tries on tenant A's rows. Rows are named by their keys
//! (read beforehand as the superuser), so the statements need no join through tables whose own
//! policies would hide the rows, and each one can be replayed as it is.

use super::fixtures::{fk_target, fks_of, primary_key, Kind};
use super::values::{ident, literal, qualified};
use crate::catalog::Snapshot;
use crate::tenancy::{Tenancy, TenancyClass};
use std::collections::BTreeMap;

/// At most this many of tenant A's rows per table are named in a probe.
pub const MAX_KEYS: usize = 50;

/// The columns that name a row (with their types): the primary key, else a unique constraint
/// on NOT NULL columns, else the row's physical address (`ctid`).
pub(crate) fn key_cols(s: &Snapshot, table: &str) -> Vec<(String, String)> {
    let Some(t) = s.table(table) else { return vec![] };
    let ty = |c: &str| t.columns.iter().find(|x| x.name == c).map(|x| x.type_.clone());
    let pk = primary_key(s, table);
    let unique = || {
        s.constraints
            .iter()
            .filter(|c| c.kind == "unique" && format!("{}.{}", c.schema, c.table) == table)
            .find(|c| {
                c.columns.iter().all(|col| t.columns.iter().any(|x| &x.name == col && x.not_null))
            })
            .map(|c| c.columns.clone())
    };
    let cols = if pk.is_empty() { unique().unwrap_or_default() } else { pk };
    let typed: Option<Vec<(String, String)>> =
        cols.iter().map(|c| ty(c).map(|t| (c.clone(), t))).collect();
    match typed {
        Some(v) if !v.is_empty() => v,
        _ => vec![("ctid".into(), "tid".into())],
    }
}

/// `id in ('…'::uuid, …)` or `(a, b) in (('…'::uuid, '…'::uuid), …)`.
pub(crate) fn keys_pred(cols: &[(String, String)], keys: &[Vec<Option<String>>]) -> String {
    let tuple = |k: &Vec<Option<String>>| {
        let lits: Vec<String> =
            cols.iter().zip(k).map(|((_, t), v)| literal(v.as_deref(), t)).collect();
        if lits.len() == 1 {
            lits[0].clone()
        } else {
            format!("({})", lits.join(", "))
        }
    };
    let names: Vec<String> = cols.iter().map(|(c, _)| ident(c)).collect();
    let lhs = if names.len() == 1 { names[0].clone() } else { format!("({})", names.join(", ")) };
    format!("{lhs} in ({})", keys.iter().map(tuple).collect::<Vec<_>>().join(", "))
}

/// The key of one row, from its column texts.
pub(crate) fn row_key(
    cols: &[(String, String)],
    values: &BTreeMap<String, Option<String>>,
) -> Option<Vec<Option<String>>> {
    cols.iter().map(|(c, _)| values.get(c).cloned()).collect()
}

pub(crate) fn select_sql(table: &str, pred: &str) -> String {
    format!("select count(*)::text from {} where {pred}", qualified(table))
}

/// A column to set to itself: a plain one if there is (not a key, not a reference), so the
/// UPDATE changes nothing but still needs the UPDATE policies to let the rows through.
pub(crate) fn noop_column(s: &Snapshot, table: &str) -> Option<String> {
    let t = s.table(table)?;
    let pk = primary_key(s, table);
    let fk: Vec<String> = fks_of(s, table).flat_map(|c| c.columns.clone()).collect();
    let settable =
        |c: &&crate::catalog::Column| c.generated.is_none() && c.identity.as_deref() != Some("a");
    t.columns
        .iter()
        .filter(settable)
        .find(|c| !pk.contains(&c.name) && !fk.contains(&c.name))
        .or_else(|| t.columns.iter().find(settable))
        .map(|c| c.name.clone())
}

pub(crate) fn update_sql(table: &str, column: &str, pred: &str) -> String {
    let c = ident(column);
    format!("update {} set {c} = {c} where {pred}", qualified(table))
}

pub(crate) fn delete_sql(table: &str, pred: &str) -> String {
    format!("delete from {} where {pred}", qualified(table))
}

/// The columns that tie a row to its tenant: every foreign key to a root or a tenant-scoped
/// table (the row itself left out).
pub(crate) fn tenant_link_columns(
    s: &Snapshot,
    table: &str,
    kinds: &BTreeMap<String, Kind>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in fks_of(s, table) {
        let target = fk_target(c);
        if target != table
            && matches!(kinds.get(&target), Some(Kind::Root | Kind::Scoped | Kind::Membership))
        {
            for col in &c.columns {
                if !out.contains(col) {
                    out.push(col.clone());
                }
            }
        }
    }
    out
}

/// Move one of tenant B's rows into tenant A: its tenant links take tenant A's row's values.
pub(crate) fn move_sql(
    s: &Snapshot,
    table: &str,
    links: &[String],
    a_values: &BTreeMap<String, Option<String>>,
    b_pred: &str,
) -> Option<String> {
    let t = s.table(table)?;
    if links.is_empty() {
        return None;
    }
    let sets: Vec<String> = links
        .iter()
        .map(|c| {
            let ty =
                t.columns.iter().find(|x| &x.name == c).map(|x| x.type_.as_str()).unwrap_or("text");
            format!("{} = {}", ident(c), literal(a_values.get(c).cloned().flatten().as_deref(), ty))
        })
        .collect();
    Some(format!("update {} set {} where {b_pred}", qualified(table), sets.join(", ")))
}

/// How a row's tenant is read: the joins from the table (alias t0) along its path, and the
/// expression giving the tenant key as text.
pub(crate) fn tenant_expr(
    s: &Snapshot,
    tenancy: &Tenancy,
    table: &str,
) -> Option<(String, String)> {
    let tt = tenancy.tables.get(table)?;
    let text = |alias: &str, cols: &[String]| {
        if cols.len() == 1 {
            format!("{alias}.{}::text", ident(&cols[0]))
        } else {
            format!(
                "row({})::text",
                cols.iter().map(|c| format!("{alias}.{}", ident(c))).collect::<Vec<_>>().join(", ")
            )
        }
    };
    match tt.class {
        TenancyClass::Root => {
            let pk = primary_key(s, table);
            (!pk.is_empty()).then(|| (String::new(), text("t0", &pk)))
        }
        TenancyClass::Direct | TenancyClass::Indirect => {
            let mut joins = String::new();
            let n = tt.path.len();
            if n == 0 {
                return None;
            }
            for (i, step) in tt.path.iter().take(n - 1).enumerate() {
                let on: Vec<String> = step
                    .columns
                    .iter()
                    .zip(&step.ref_columns)
                    .map(|(a, b)| format!("t{i}.{} = t{}.{}", ident(a), i + 1, ident(b)))
                    .collect();
                joins.push_str(&format!(
                    " join {} t{} on {}",
                    qualified(&step.ref_table),
                    i + 1,
                    on.join(" and ")
                ));
            }
            Some((joins, text(&format!("t{}", n - 1), &tt.path[n - 1].columns)))
        }
        _ => None,
    }
}

/// The root a table's tenant key points into.
pub(crate) fn root_of(tenancy: &Tenancy, table: &str) -> Option<String> {
    let tt = tenancy.tables.get(table)?;
    match tt.class {
        TenancyClass::Root => Some(table.to_string()),
        _ => tt.path.last().map(|s| s.ref_table.clone()),
    }
}

/// As the superuser: the keys of up to [`MAX_KEYS`] rows of `table` whose tenant is not one the
/// probes made (tenant A's own rows first).
pub(crate) fn target_keys_sql(
    s: &Snapshot,
    tenancy: &Tenancy,
    table: &str,
    exclude: &[String],
    a_key: Option<&str>,
) -> Option<String> {
    let (joins, tenant) = tenant_expr(s, tenancy, table)?;
    let cols = key_cols(s, table);
    let parts: Vec<String> = cols.iter().map(|(c, _)| format!("t0.{}::text", ident(c))).collect();
    let order: Vec<String> = cols.iter().map(|(c, _)| format!("t0.{}", ident(c))).collect();
    let mut cond = format!("{tenant} is not null");
    if !exclude.is_empty() {
        let list: Vec<String> = exclude.iter().map(|k| super::values::quote(k)).collect();
        cond.push_str(&format!(" and {tenant} not in ({})", list.join(", ")));
    }
    let first = a_key
        .map(|a| format!("({tenant} = {}) desc, ", super::values::quote(a)))
        .unwrap_or_default();
    Some(format!(
        "select coalesce(json_agg(k), '[]')::text from (select json_build_array({}) as k from {} t0{joins} where {cond} order by {first}{} limit {MAX_KEYS}) s",
        parts.join(", "),
        qualified(table),
        order.join(", ")
    ))
}

/// As the superuser: the keys of up to [`MAX_KEYS`] of tenant A's own rows in `table` (those
/// whose tenant is `a_key`), for the positive control.
pub(crate) fn own_keys_sql(
    s: &Snapshot,
    tenancy: &Tenancy,
    table: &str,
    a_key: &str,
) -> Option<String> {
    let (joins, tenant) = tenant_expr(s, tenancy, table)?;
    let cols = key_cols(s, table);
    let parts: Vec<String> = cols.iter().map(|(c, _)| format!("t0.{}::text", ident(c))).collect();
    let order: Vec<String> = cols.iter().map(|(c, _)| format!("t0.{}", ident(c))).collect();
    Some(format!(
        "select coalesce(json_agg(k), '[]')::text from (select json_build_array({}) as k from {} t0{joins} where {tenant} = {} order by {} limit {MAX_KEYS}) s",
        parts.join(", "),
        qualified(table),
        super::values::quote(a_key),
        order.join(", ")
    ))
}

/// Every root key, as the tenant expression writes it.
pub(crate) fn root_keys_sql(s: &Snapshot, root: &str) -> Option<String> {
    let pk = primary_key(s, root);
    if pk.is_empty() {
        return None;
    }
    let text = if pk.len() == 1 {
        format!("t.{}::text", ident(&pk[0]))
    } else {
        format!(
            "row({})::text",
            pk.iter().map(|c| format!("t.{}", ident(c))).collect::<Vec<_>>().join(", ")
        )
    };
    Some(format!("select coalesce(json_agg({text}), '[]')::text from {} t", qualified(root)))
}

/// Rows of a view or set-returning function that show tenant A: its fixture text (`tp-a-…`) or
/// tenant A's key anywhere in the row.
pub(crate) fn marker_pred(alias: &str, a_keys: &[String]) -> String {
    let mut ors = vec![format!("{alias}::text like '%tp-a-%'")];
    for k in a_keys {
        ors.push(format!("{alias}::text like {}", super::values::quote(&format!("%{k}%"))));
    }
    ors.join(" or ")
}

pub(crate) fn view_sql(view: &str, a_keys: &[String]) -> String {
    format!("select count(*)::text from {} v where {}", qualified(view), marker_pred("v", a_keys))
}

/// A set-returning function the persona could call: no arguments, or one of the root key's type.
pub(crate) fn function_call(
    f: &crate::catalog::Function,
    a_key: Option<(&str, &str)>,
) -> Option<String> {
    let result = f.result.as_deref().unwrap_or("");
    if f.kind != "function" || !(result.starts_with("SETOF ") || result.starts_with("TABLE(")) {
        return None;
    }
    let name = format!("{}.{}", ident(&f.schema), ident(&f.name));
    let args = f.identity_args.trim();
    if args.is_empty() {
        return Some(format!("{name}()"));
    }
    let (key, ty) = a_key?;
    if args.contains(',') || !(args == ty || args.ends_with(&format!(" {ty}"))) {
        return None;
    }
    Some(format!("{name}({})", literal(Some(key), ty)))
}

pub(crate) fn function_sql(call: &str, a_keys: &[String]) -> String {
    format!("select count(*)::text from {call} r where {}", marker_pred("r", a_keys))
}

/// The table has a BEFORE trigger for `event` (INSERT / UPDATE) that may rewrite one of `cols`
/// (its function assigns `new.<col>` or the whole row, or its source cannot be read): then the
/// policies' checks cannot be evaluated on the row as written. A trigger that only stamps
/// `updated_at` does not count.
pub(crate) fn before_trigger(s: &Snapshot, table: &str, event: &str, cols: &[String]) -> bool {
    s.triggers.iter().any(|t| {
        let d = t.definition.to_ascii_uppercase();
        if format!("{}.{}", t.schema, t.table) != table
            || !t.enabled
            || !d.contains(" BEFORE ")
            || !d.contains(event)
        {
            return false;
        }
        let Some(src) = s
            .functions
            .iter()
            .find(|f| format!("{}.{}", f.schema, f.name) == t.function)
            .and_then(|f| f.source.as_deref())
        else {
            return true;
        };
        let src = src.to_ascii_lowercase();
        assigns_new(&src)
            || cols.iter().any(|c| {
                src.contains(&format!("new.{}", c.to_ascii_lowercase()))
                    || src.contains(&format!("new.\"{c}\""))
            })
    })
}

/// The PL/pgSQL source assigns the whole row: `new := …` / `new = …`.
fn assigns_new(src: &str) -> bool {
    let b = src.as_bytes();
    src.match_indices("new").any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| b[j]);
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.') {
            return false;
        }
        let rest = src[i + 3..].trim_start();
        rest.starts_with(":=")
            || rest.starts_with('=') && !rest.starts_with("=>") && !rest.starts_with("==")
    })
}
