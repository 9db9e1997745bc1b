//! The fill of a volume run: for each `--scale` table one `insert … select … from
//! generate_series(1, N)`, run set-based in the server. Values per column come from the leak
//! probes' synthesis (`isolation::values`: by type, inside the CHECK lists and ranges it can read,
//! enum labels); key columns (primary, unique, referenced) get a fresh value per row; foreign keys
//! point at rows that exist (the parents' keys, cycled), so parents scaled in the same run are
//! filled first. Columns with a default or an identity keep it. What the catalog says cannot be
//! filled is refused here, with the reason; what it cannot foresee (a CHECK it cannot read, a
//! trigger) is the server's error, with its SQLSTATE.

use super::Scale;
use crate::catalog::{Column, Constraint, Snapshot, Table};
use crate::isolation::values::{check_candidates, generate, ident, literal, qualified, Gen};
use crate::isolation::{enum_labels, fk_target, fks_of, key_columns, table_checks};
use std::collections::{BTreeMap, BTreeSet};

/// One table's fill.
#[derive(Debug, Clone, PartialEq)]
pub struct Fill {
    pub table: String,
    pub rows: u64,
    /// Rows the table held before (the catalog snapshot's count).
    pub rows_before: u64,
    pub sql: String,
}

/// The fills to run, in order (a scaled parent before its scaled children), or why not.
pub fn plan(s: &Snapshot, scales: &[Scale]) -> Result<Vec<Fill>, String> {
    let mut seen = BTreeSet::new();
    for sc in scales {
        if !seen.insert(&sc.table) {
            return Err(format!("--scale {}: given twice", sc.table));
        }
        if s.table(&sc.table).is_none() {
            let mut names: Vec<String> = s.tables.iter().map(Table::qualified).collect();
            names.sort();
            return Err(format!(
                "--scale {}: there is no table {} after the baseline and seed files (tables: {})",
                sc.table,
                sc.table,
                if names.is_empty() { "none".into() } else { names.join(", ") }
            ));
        }
    }
    let scaled: BTreeMap<&str, u64> = scales.iter().map(|x| (x.table.as_str(), x.rows)).collect();
    order(s, scales)
        .into_iter()
        .map(|sc| {
            let t = s.table(&sc.table).expect("checked above");
            Ok(Fill {
                table: sc.table.clone(),
                rows: sc.rows,
                rows_before: t.row_count.max(0) as u64,
                sql: fill_sql(s, t, sc.rows, &scaled)
                    .map_err(|why| format!("--scale {}: cannot fill it: {why}", sc.table))?,
            })
        })
        .collect()
}

/// Parents first: a table comes after the scaled tables its foreign keys reference (a cycle
/// keeps the order given).
fn order<'a>(s: &Snapshot, scales: &'a [Scale]) -> Vec<&'a Scale> {
    let mut left: Vec<&Scale> = scales.iter().collect();
    let mut out = Vec::new();
    while !left.is_empty() {
        let ready = left.iter().position(|sc| {
            !fks_of(s, &sc.table).any(|c| {
                let p = fk_target(c);
                p != sc.table && left.iter().any(|o| o.table == p)
            })
        });
        out.push(left.remove(ready.unwrap_or(0)));
    }
    out
}

/// The INSERT that adds `rows` rows to `t`. `scaled`: tables filled before or with it (a parent
/// with no rows yet is fine when it is filled first).
fn fill_sql(
    s: &Snapshot,
    t: &Table,
    rows: u64,
    scaled: &BTreeMap<&str, u64>,
) -> Result<String, String> {
    let table = t.qualified();
    let keys = key_columns(s, &table);
    let mut exprs: BTreeMap<String, String> = BTreeMap::new();
    let mut joins: Vec<String> = Vec::new();
    // Nullable references to the table itself stay null (a value could point at no row).
    let mut left_null: BTreeSet<String> = BTreeSet::new();
    // Foreign keys: the parents' keys, cycled (a NOT NULL one needs a parent row).
    for (k, c) in fks_of(s, &table).enumerate() {
        let parent = fk_target(c);
        let required = c.columns.iter().all(|col| not_null(t, col));
        if parent == table {
            if required {
                return Err(format!(
                    "its foreign key {} references the table itself and is NOT NULL",
                    c.name
                ));
            }
            left_null.extend(c.columns.iter().cloned());
            continue;
        }
        if c.columns.iter().any(|col| exprs.contains_key(col)) {
            continue;
        }
        let parent_rows = s.table(&parent).map_or(0, |p| p.row_count.max(0) as u64)
            + scaled.get(parent.as_str()).copied().unwrap_or(0);
        if parent_rows == 0 && required {
            return Err(format!(
                "its foreign key {} needs rows in {parent}, which has none (add --scale {parent}=ROWS)",
                c.name
            ));
        }
        joins.push(parent_keys(c, &parent, k));
        for (j, col) in c.columns.iter().enumerate() {
            let type_ = column(t, col).map_or("text", |x| x.type_.as_str());
            exprs.insert(
                col.clone(),
                format!("(tp_fk{k}.c{j}[(tp_g.i - 1) % nullif(tp_fk{k}.n, 0) + 1])::{type_}"),
            );
        }
    }
    for c in &t.columns {
        if exprs.contains_key(&c.name)
            || left_null.contains(&c.name)
            || c.generated.is_some()
            || c.identity.is_some()
            || c.default.is_some()
        {
            continue;
        }
        let e = if keys.contains(&c.name) { fresh(&table, c, rows)? } else { value(s, &table, c) };
        exprs.insert(c.name.clone(), e);
    }
    let cols: Vec<&Column> = t.columns.iter().filter(|c| exprs.contains_key(&c.name)).collect();
    let names: Vec<String> = cols.iter().map(|c| ident(&c.name)).collect();
    let values: Vec<&str> = cols.iter().map(|c| exprs[&c.name].as_str()).collect();
    let from: String = joins.iter().map(|j| format!("\ncross join {j}")).collect();
    Ok(if cols.is_empty() {
        format!(
            "insert into {q} select from generate_series(1, {rows}) as tp_g(i)",
            q = qualified(&table)
        )
    } else {
        format!(
            "insert into {q} ({cols})\nselect {vals}\nfrom generate_series(1, {rows}) as tp_g(i){from}",
            q = qualified(&table),
            cols = names.join(", "),
            vals = values.join(",\n       "),
        )
    })
}

fn column<'a>(t: &'a Table, name: &str) -> Option<&'a Column> {
    t.columns.iter().find(|c| c.name == name)
}

fn not_null(t: &Table, name: &str) -> bool {
    column(t, name).is_some_and(|c| c.not_null)
}

/// The parent's keys as arrays, one per referenced column (in one order, so row j of each is one
/// parent row), and how many: `tp_fk<k>.c<j>`, `tp_fk<k>.n`.
fn parent_keys(c: &Constraint, parent: &str, k: usize) -> String {
    let refs = c.ref_columns.clone().unwrap_or_default();
    let by: Vec<String> = refs.iter().map(|r| ident(r)).collect();
    let by = by.join(", ");
    let arrays: Vec<String> = refs
        .iter()
        .enumerate()
        .map(|(j, r)| format!("array_agg({} order by {by}) as c{j}", ident(r)))
        .collect();
    let not_null: Vec<String> = refs.iter().map(|r| format!("{} is not null", ident(r))).collect();
    format!(
        "(select {}, count(*)::int as n from {} where {}) as tp_fk{k}",
        arrays.join(", "),
        qualified(parent),
        not_null.join(" and ")
    )
}

/// A value per row that no existing row has: after the column's largest value for numbers and
/// times, a marked counter for text, a derived uuid.
fn fresh(table: &str, c: &Column, rows: u64) -> Result<String, String> {
    let t = c.type_.to_ascii_lowercase();
    let base = t.split('(').next().unwrap_or("").trim();
    let col = ident(&c.name);
    let max =
        |zero: &str| format!("(select coalesce(max({col}), {zero}) from {})", qualified(table));
    Ok(match base {
        "uuid" => format!(
            "md5('tp-fill.{}.' || tp_g.i)::uuid",
            sql_escape(&format!("{table}.{}", c.name))
        ),
        "smallint" if rows > 30_000 => {
            return Err(format!(
                "its key column {} is a smallint: {rows} distinct values do not fit",
                c.name
            ))
        }
        "smallint" | "integer" | "bigint" | "numeric" | "decimal" | "real" | "double precision" => {
            format!("({} + tp_g.i)::{}", max("0"), c.type_)
        }
        "date" => format!("{} + tp_g.i", max("date '2000-01-01'")),
        "timestamp with time zone" | "timestamp without time zone" => {
            format!("{} + tp_g.i * interval '1 second'", max(&format!("'2000-01-01'::{}", c.type_)))
        }
        "text" | "character varying" | "citext" => {
            let slug = table.rsplit('.').next().unwrap_or(table).replace('_', "-");
            let text = if c.name.to_ascii_lowercase().contains("email") {
                "'tp-fill-' || tp_g.i || '@example.test'".to_string()
            } else {
                format!("'tp-fill-{}-' || tp_g.i", sql_escape(&slug))
            };
            match type_len(&t) {
                Some(n) => format!("right({text}, {n})::{}", c.type_),
                None => format!("({text})::{}", c.type_),
            }
        }
        _ => {
            return Err(format!(
                "its key column {} is of type {}, for which no distinct values are made",
                c.name, c.type_
            ))
        }
    })
}

/// The probes' value for a column that need not be unique: cycled through the CHECK's list or
/// the enum's labels when there is one, else one value for every row.
fn value(s: &Snapshot, table: &str, c: &Column) -> String {
    let candidates: Vec<String> = table_checks(s, table, &c.name)
        .flat_map(|k| check_candidates(&k.definition, &c.name))
        .collect();
    let labels = enum_labels(s, &c.type_);
    let list: Vec<String> = if !candidates.is_empty() {
        candidates.clone()
    } else {
        labels.map(<[String]>::to_vec).unwrap_or_default()
    };
    if list.len() > 1 {
        let items: Vec<String> = list.iter().map(|v| literal(Some(v.as_str()), &c.type_)).collect();
        return format!("(array[{}])[(tp_g.i - 1) % {} + 1]", items.join(", "), items.len());
    }
    let g = Gen {
        table,
        column: &c.name,
        type_: &c.type_,
        tag: "fill",
        seq: 0,
        alt: 0,
        key: false,
        candidates: &candidates,
        enum_labels: labels,
    };
    literal(Some(generate(&g).as_str()), &c.type_)
}

fn type_len(t: &str) -> Option<usize> {
    let i = t.find('(')?;
    t[i + 1..].split([')', ',']).next()?.trim().parse().ok()
}

fn sql_escape(s: &str) -> String {
    s.replace('\'', "''")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Snapshot;

    /// users (uuid key, unique email, role CHECK list) ← uploads (NOT NULL FK, CHECK list,
    /// identity-less bigint) ← entries (identity key, NOT NULL FK to uploads, nullable self FK).
    fn catalog() -> Snapshot {
        let col = |n: &str, t: &str, nn: bool, d: Option<&str>, id: Option<&str>| {
            serde_json::json!({"name": n, "type": t, "not_null": nn, "default": d, "identity": id,
                "generated": null, "comment": null})
        };
        let table = |n: &str, rows: i64, cols: Vec<serde_json::Value>| {
            serde_json::json!({"schema": "public", "name": n, "kind": "table", "rls_enabled": false,
                "rls_forced": false, "owner": "postgres", "acl": [], "comment": null,
                "columns": cols, "row_count": rows})
        };
        let con = |t: &str,
                   n: &str,
                   kind: &str,
                   cols: &[&str],
                   def: &str,
                   rt: Option<&str>,
                   rc: &[&str]| {
            serde_json::json!({"schema": "public", "table": t, "name": n, "kind": kind,
                "definition": def, "validated": true, "columns": cols,
                "ref_schema": rt.map(|_| "public"), "ref_table": rt,
                "ref_columns": if rt.is_some() { Some(rc) } else { None }, "on_delete": null})
        };
        let v = serde_json::json!({
            "server_version": "16", "schemas": [], "policies": [], "functions": [],
            "triggers": [], "views": [], "enums": [], "sequences": [], "roles": [], "indexes": [],
            "tables": [
                table("users", 3, vec![
                    col("id", "uuid", true, Some("gen_random_uuid()"), None),
                    col("email", "text", true, None, None),
                    col("role", "text", true, None, None)]),
                table("uploads", 0, vec![
                    col("id", "bigint", true, None, None),
                    col("user_id", "uuid", true, None, None),
                    col("status", "text", true, None, None)]),
                table("entries", 0, vec![
                    col("id", "bigint", true, None, Some("a")),
                    col("upload_id", "bigint", true, None, None),
                    col("parent_id", "bigint", false, None, None)]),
            ],
            "constraints": [
                con("users", "users_pkey", "primary_key", &["id"], "PRIMARY KEY (id)", None, &[]),
                con("users", "users_email_key", "unique", &["email"], "UNIQUE (email)", None, &[]),
                con("users", "users_role_check", "check", &["role"],
                    "CHECK ((role = ANY (ARRAY['admin'::text, 'viewer'::text])))", None, &[]),
                con("uploads", "uploads_pkey", "primary_key", &["id"], "PRIMARY KEY (id)", None, &[]),
                con("uploads", "uploads_user_id_fkey", "foreign_key", &["user_id"], "", Some("users"), &["id"]),
                con("uploads", "uploads_status_check", "check", &["status"],
                    "CHECK ((status = 'done'::text))", None, &[]),
                con("entries", "entries_upload_id_fkey", "foreign_key", &["upload_id"], "", Some("uploads"), &["id"]),
                con("entries", "entries_parent_id_fkey", "foreign_key", &["parent_id"], "", Some("entries"), &["id"]),
            ],
        });
        serde_json::from_value(v).unwrap()
    }

    fn scale(t: &str, rows: u64) -> Scale {
        Scale { table: format!("public.{t}"), rows }
    }

    #[test]
    fn parents_first_and_the_sql_of_each() {
        let s = catalog();
        let fills = plan(&s, &[scale("entries", 100), scale("uploads", 10)]).unwrap();
        let order: Vec<&str> = fills.iter().map(|f| f.table.as_str()).collect();
        assert_eq!(order, ["public.uploads", "public.entries"]);
        let up = &fills[0].sql;
        // A key without default: after the largest id. The FK: users' ids, cycled. CHECK = 'done'.
        assert!(
            up.contains("((select coalesce(max(id), 0) from public.uploads) + tp_g.i)::bigint"),
            "{up}"
        );
        assert!(up.contains("(tp_fk0.c0[(tp_g.i - 1) % nullif(tp_fk0.n, 0) + 1])::uuid"), "{up}");
        assert!(up.contains("array_agg(id order by id) as c0"), "{up}");
        assert!(up.contains("'done'::text"), "{up}");
        assert!(up.contains("generate_series(1, 10)"), "{up}");
        let en = &fills[1].sql;
        // Identity kept, nullable self reference left null.
        assert!(en.starts_with("insert into public.entries (upload_id)\n"), "{en}");
    }

    #[test]
    fn keys_checks_and_refusals() {
        let s = catalog();
        let users = &plan(&s, &[scale("users", 5)]).unwrap()[0];
        assert_eq!(users.rows_before, 3);
        assert!(users.sql.contains("'tp-fill-' || tp_g.i || '@example.test'"), "{}", users.sql);
        assert!(
            users.sql.contains("(array['admin'::text, 'viewer'::text])[(tp_g.i - 1) % 2 + 1]"),
            "{}",
            users.sql
        );
        assert!(!users.sql.contains("(id,"), "the uuid default stays: {}", users.sql);
        // entries needs uploads rows, and uploads has none unless it is scaled too.
        let e = plan(&s, &[scale("entries", 5)]).unwrap_err();
        assert!(
            e.contains("entries_upload_id_fkey needs rows in public.uploads, which has none"),
            "{e}"
        );
        let e = plan(&s, &[scale("nope", 5)]).unwrap_err();
        assert!(e.contains("there is no table public.nope") && e.contains("public.users"), "{e}");
        let e = plan(&s, &[scale("users", 5), scale("users", 6)]).unwrap_err();
        assert!(e.contains("given twice"), "{e}");
    }
}
