//! Structural diff between two catalog [`Snapshot`]s: what is missing, extra or changed in
//! `after` relative to `before`. Data (row counts) is compared elsewhere and never shows here.
//!
//! # Identity
//! Objects are matched by identity, never by position or OID:
//! - schema, role: name;
//! - table, view, materialized view, enum, sequence: `schema.name` (a view that becomes a
//!   materialized view is one `view` missing and one `materialized_view` extra);
//! - column: table + column name;
//! - constraint, index, policy, trigger: table + name (a policy of the same name on two tables is
//!   two objects);
//! - function: schema + name + identity arguments (each overload is its own object).
//!
//! # `object`
//! The identity as text, each part quoted like a Postgres identifier when it needs to be:
//! `public`, `public.tasks`, `public.tasks.owner_id` (column), `public.tasks.tasks_pkey`
//! (constraint / index / trigger / policy: table then name), `public.x."Members can view"`,
//! `public.f(uuid, text)` (function). A `comment`'s object names what it is on, the way
//! `COMMENT ON` does: `table public.t`, `column public.t.c`, `function public.f(uuid)`,
//! `view public.v`, `materialized view public.m`, `schema app`.
//!
//! # What is compared
//! - table: kind, RLS enabled, RLS forced, owner, ACL (as a set) — one `table` difference listing
//!   every attribute that changed. Columns are their own `column` differences (type, not null,
//!   default, identity, generated). Never the row count or the content fingerprint.
//! - schema: owner, ACL; role: superuser, BYPASSRLS, login, inherit, member of (a set);
//!   enum: labels (in order); sequence: data type, owned by;
//!   constraint: kind, definition, validated, columns, referenced schema/table/columns, ON DELETE;
//!   index: definition, unique, primary, valid, columns; policy: command, permissive, roles (a set),
//!   USING, WITH CHECK; function: result, language, kind, volatility, SECURITY DEFINER, config
//!   (a set), source (by its md5), owner, ACL; trigger: definition, function, enabled;
//!   view / materialized view: definition, options (a set), owner, ACL.
//! - Comments on schemas, tables, columns, functions and views are `comment` differences: `extra`
//!   when one appears, `missing` when it goes, `changed` when its text changes.
//!
//! # Folding
//! A missing/extra object is ONE difference: the columns, constraints, indexes, policies and
//! triggers of a missing/extra table (and the indexes/triggers of a missing/extra view) and the
//! comments of any missing/extra object are folded into it, not reported again.
//!
//! # `before` / `after`
//! - `missing`: `before` is the whole object (`serde_json::to_value` of the catalog struct),
//!   `after` is `None`; `extra`: the other way round. A table's JSON leaves out the data
//!   (`row_count`, `fingerprint`); a table's or view's JSON carries its folded sub-objects under `constraints`, `indexes`, `policies`
//!   and `triggers` (each key only when non-empty).
//! - `changed`: both hold a JSON object with ONLY the changed fields, keyed by the catalog's
//!   field names (`{"rls_enabled": false}` / `{"rls_enabled": true}`). Set-like fields carry the
//!   full lists; a function's source change carries `source_md5` and `source`.
//! - `comment`: `before`/`after` are the comment text as a JSON string (or `None`).
//!
//! # Summary lines
//! One line each, `<sign> <kind> <name>…` with the kind in words (`materialized view`):
//! - `+ ` extra, `- ` missing, followed by the name and a short description:
//!   `+ column public.profiles.organization_id uuid not null`,
//!   `- table public.tasks (4 columns, 1 constraint, 2 indexes, 3 policies, RLS enabled)`,
//!   `- index projects_owner_idx on public.projects (owner_id)`,
//!   `+ policy "Members can view" on public.x for SELECT to authenticated`,
//!   `+ function public.f(uuid) returns boolean language sql stable security definer`.
//! - `~ ` changed, then `: ` and the changed attributes, comma separated. Short values show
//!   `(before → after)`, sets show `(+added, -removed)`, long texts (definitions, USING,
//!   WITH CHECK, source) just say `changed`:
//!   `~ table public.tasks: RLS enabled changed (false → true), ACL changed (+anon=r/postgres)`,
//!   `~ policy "Members can view" on public.x: USING changed`,
//!   `~ function public.f(uuid): source changed`.
//! - comments: `+ comment on table public.t: "text"`, `- comment on column public.t.c: "text"`,
//!   `~ comment on view public.v: text changed ("old" → "new")`.
//!
//! Names in summaries are quoted like identifiers when needed; sub-objects of a table read
//! `<name> on <schema>.<table>`. Values are cut to one line and a few dozen characters ("…").
//!
//! # Order
//! By kind in [`KINDS`] order (schema, role, enum, sequence, table, column, constraint, index,
//! view, materialized_view, function, trigger, policy, comment), then by `object`.

use crate::catalog::Snapshot;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

mod fields;
mod objects;
#[cfg(test)]
mod tests;
mod text;

use fields::Fields;
use objects::{relation_kind, Object};
pub use text::quote_ident;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// One of [`KINDS`].
    pub kind: String,
    /// The object's identity as text (see the module docs).
    pub object: String,
    pub change: Change,
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// One readable line (see the module docs).
    pub summary: String,
}

/// Relative to `before`: `Missing` is in `before` only, `Extra` in `after` only, `Changed` in both
/// but different.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Missing,
    Extra,
    Changed,
}

impl Change {
    /// The summary prefix: `-`, `+` or `~`.
    pub fn sign(self) -> &'static str {
        match self {
            Change::Missing => "-",
            Change::Extra => "+",
            Change::Changed => "~",
        }
    }
}

/// Every kind, in the order differences are reported.
pub const KINDS: [&str; 14] = [
    "schema",
    "role",
    "enum",
    "sequence",
    "table",
    "column",
    "constraint",
    "index",
    "view",
    "materialized_view",
    "function",
    "trigger",
    "policy",
    "comment",
];

fn kind_rank(kind: &str) -> usize {
    KINDS.iter().position(|k| *k == kind).unwrap_or(KINDS.len())
}

/// The structural differences from `before` to `after`, in a deterministic order.
pub fn diff(before: &Snapshot, after: &Snapshot) -> Vec<Difference> {
    let mut out = Vec::new();
    // A sub-object folds into its relation when that relation is missing/extra on its side.
    let relation_gone = |change: Change, (schema, table): (&str, &str)| {
        let (mine, other) = match change {
            Change::Missing => (before, after),
            Change::Extra => (after, before),
            Change::Changed => return false,
        };
        match relation_kind(mine, schema, table) {
            Some(kind) => relation_kind(other, schema, table) != Some(kind),
            None => false,
        }
    };
    compare_all(&before.schemas, &after.schemas, before, after, &|_, _| false, &mut out);
    compare_all(&before.roles, &after.roles, before, after, &|_, _| false, &mut out);
    compare_all(&before.enums, &after.enums, before, after, &|_, _| false, &mut out);
    compare_all(&before.sequences, &after.sequences, before, after, &|_, _| false, &mut out);
    compare_all(&before.tables, &after.tables, before, after, &|_, _| false, &mut out);
    compare_all(&before.views, &after.views, before, after, &|_, _| false, &mut out);
    compare_all(&before.functions, &after.functions, before, after, &|_, _| false, &mut out);
    compare_all(
        &before.constraints,
        &after.constraints,
        before,
        after,
        &|c, x| relation_gone(c, (&x.schema, &x.table)),
        &mut out,
    );
    compare_all(
        &before.indexes,
        &after.indexes,
        before,
        after,
        &|c, x| relation_gone(c, (&x.schema, &x.table)),
        &mut out,
    );
    compare_all(
        &before.triggers,
        &after.triggers,
        before,
        after,
        &|c, x| relation_gone(c, (&x.schema, &x.table)),
        &mut out,
    );
    compare_all(
        &before.policies,
        &after.policies,
        before,
        after,
        &|c, x| relation_gone(c, (&x.schema, &x.table)),
        &mut out,
    );
    out.sort_by(|a, b| {
        (kind_rank(&a.kind), &a.object, a.change).cmp(&(kind_rank(&b.kind), &b.object, b.change))
    });
    out
}

/// kind → (missing, extra, changed), for every kind that has at least one difference.
pub fn summarize_counts(d: &[Difference]) -> BTreeMap<String, (usize, usize, usize)> {
    let mut m: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for x in d {
        let e = m.entry(x.kind.clone()).or_default();
        match x.change {
            Change::Missing => e.0 += 1,
            Change::Extra => e.1 += 1,
            Change::Changed => e.2 += 1,
        }
    }
    m
}

/// Pairs `before` and `after` objects of one kind by identity and reports what differs.
/// `folded(change, x)` says a missing/extra `x` is already covered by its parent's difference.
fn compare_all<T: Object>(
    before: &[T],
    after: &[T],
    snap_before: &Snapshot,
    snap_after: &Snapshot,
    folded: &dyn Fn(Change, &T) -> bool,
    out: &mut Vec<Difference>,
) {
    type Pair<'a, T> = (Option<&'a T>, Option<&'a T>);
    let mut pairs: BTreeMap<(&'static str, String), Pair<'_, T>> = BTreeMap::new();
    for x in before {
        pairs.entry((x.kind(), x.object())).or_default().0.get_or_insert(x);
    }
    for x in after {
        pairs.entry((x.kind(), x.object())).or_default().1.get_or_insert(x);
    }
    for (a, b) in pairs.into_values() {
        match (a, b) {
            (Some(a), None) if !folded(Change::Missing, a) => {
                out.push(whole(a, Change::Missing, snap_before))
            }
            (None, Some(b)) if !folded(Change::Extra, b) => {
                out.push(whole(b, Change::Extra, snap_after))
            }
            (Some(a), Some(b)) => {
                let mut f = Fields::default();
                T::compare(a, b, &mut f);
                if !f.is_empty() {
                    out.push(Difference {
                        kind: a.kind().into(),
                        object: a.object(),
                        change: Change::Changed,
                        summary: format!(
                            "~ {} {}: {}",
                            text::kind_words(a.kind()),
                            a.display(),
                            f.labels.join(", ")
                        ),
                        before: Some(Value::Object(f.before)),
                        after: Some(Value::Object(f.after)),
                    });
                }
                if let (Some((target, ca)), Some((_, cb))) = (a.comment(), b.comment()) {
                    out.extend(comment(target, ca, cb));
                }
                T::nested(a, b, out);
            }
            _ => {}
        }
    }
}

fn whole<T: Object>(x: &T, change: Change, snap: &Snapshot) -> Difference {
    let detail = x.detail(snap);
    let sep = if detail.is_empty() { "" } else { " " };
    let json = x.json(snap);
    let (before, after) =
        if change == Change::Missing { (Some(json), None) } else { (None, Some(json)) };
    Difference {
        kind: x.kind().into(),
        object: x.object(),
        change,
        before,
        after,
        summary: format!(
            "{} {} {}{sep}{detail}",
            change.sign(),
            text::kind_words(x.kind()),
            x.display()
        ),
    }
}

fn comment(target: String, a: Option<String>, b: Option<String>) -> Option<Difference> {
    let quoted = |s: &str| format!("\"{}\"", text::clip(s, 60));
    let (change, summary) = match (&a, &b) {
        (None, Some(t)) => (Change::Extra, format!("+ comment on {target}: {}", quoted(t))),
        (Some(t), None) => (Change::Missing, format!("- comment on {target}: {}", quoted(t))),
        (Some(x), Some(y)) if x != y => (
            Change::Changed,
            format!("~ comment on {target}: text changed ({} → {})", quoted(x), quoted(y)),
        ),
        _ => return None,
    };
    Some(Difference {
        kind: "comment".into(),
        object: target,
        change,
        before: a.map(Value::String),
        after: b.map(Value::String),
        summary,
    })
}
