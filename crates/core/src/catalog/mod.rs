//! The catalog model: what exists in the database at a point of the run, read from pg_catalog
//! by the introspection queries in `sql/` (one per concern, each returning a JSON array).
//! Postgres is the source of truth; nothing here is guessed from the SQL text.

use serde::{Deserialize, Serialize};

#[cfg(test)]
pub mod fixture;

/// The introspection queries, in the order their results fill [`Snapshot`].
pub const QUERIES: [(&str, &str); 12] = [
    ("schemas", include_str!("sql/schemas.sql")),
    ("tables", include_str!("sql/tables.sql")),
    ("constraints", include_str!("sql/constraints.sql")),
    ("indexes", include_str!("sql/indexes.sql")),
    ("policies", include_str!("sql/policies.sql")),
    ("functions", include_str!("sql/functions.sql")),
    ("triggers", include_str!("sql/triggers.sql")),
    ("views", include_str!("sql/views.sql")),
    ("enums", include_str!("sql/enums.sql")),
    ("sequences", include_str!("sql/sequences.sql")),
    ("roles", include_str!("sql/roles.sql")),
    ("server_version", "select current_setting('server_version')"),
];

/// Run before [`snapshot_query`]: the helper it calls for row counts.
pub const ROW_COUNT_FN: &str = include_str!("sql/row_count_fn.sql");
/// Installs the DDL log (event triggers) before the up files; [`DDL_LOG_READ`] reads and empties it.
pub const DDL_LOG_START: &str = include_str!("sql/ddl_log.sql");
pub const DDL_LOG_READ: &str = "select pg_temp.tp_read_ddl_log()";
pub const DDL_LOG_STOP: &str = "drop event trigger if exists tp_ddl_end; drop event trigger if exists tp_ddl_drop; drop event trigger if exists tp_table_rewrite";

/// Run before a snapshot with fingerprints.
pub const FINGERPRINT_FN: &str = include_str!("sql/fingerprint_fn.sql");

/// The snapshot query, with per-table content fingerprints when `fingerprints` (they cost a
/// pass over every table, so only the snapshots a rollback check compares take them).
pub fn snapshot_query_with(fingerprints: bool) -> String {
    let q = snapshot_query();
    if fingerprints {
        q.replace("null::jsonb as fingerprint", "pg_temp.tp_fingerprint(c.oid) as fingerprint")
    } else {
        q
    }
}

/// One round trip: every concern as a field of a single JSON object (returned as text).
pub fn snapshot_query() -> String {
    let parts: Vec<String> = QUERIES
        .iter()
        .map(|(name, sql)| {
            let body: String = sql
                .lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n");
            format!("'{name}', ({body})")
        })
        .collect();
    format!("select json_build_object({})::text", parts.join(",\n"))
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Snapshot {
    pub server_version: String,
    pub schemas: Vec<Schema>,
    pub tables: Vec<Table>,
    pub constraints: Vec<Constraint>,
    pub indexes: Vec<Index>,
    pub policies: Vec<Policy>,
    pub functions: Vec<Function>,
    pub triggers: Vec<Trigger>,
    pub views: Vec<View>,
    pub enums: Vec<Enum>,
    pub sequences: Vec<Sequence>,
    pub roles: Vec<DbRole>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    pub name: String,
    pub owner: String,
    pub acl: Vec<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub schema: String,
    pub name: String,
    pub kind: String,
    pub rls_enabled: bool,
    pub rls_forced: bool,
    pub owner: String,
    pub acl: Vec<String>,
    pub comment: Option<String>,
    pub columns: Vec<Column>,
    pub row_count: i64,
    /// Content fingerprint, when the snapshot took one.
    #[serde(default)]
    pub fingerprint: Option<Fingerprint>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Fingerprint {
    /// md5 of every row, in primary-key order.
    pub rows: String,
    /// md5 of each column's values, in the same order.
    pub columns: std::collections::BTreeMap<String, String>,
}

impl Table {
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub type_: String,
    pub not_null: bool,
    pub default: Option<String>,
    pub identity: Option<String>,
    pub generated: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraint {
    pub schema: String,
    pub table: String,
    pub name: String,
    /// primary_key | foreign_key | unique | check | exclusion
    pub kind: String,
    pub definition: String,
    pub validated: bool,
    pub columns: Vec<String>,
    pub ref_schema: Option<String>,
    pub ref_table: Option<String>,
    pub ref_columns: Option<Vec<String>>,
    pub on_delete: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub schema: String,
    pub table: String,
    pub name: String,
    pub definition: String,
    pub unique: bool,
    pub primary: bool,
    pub valid: bool,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub schema: String,
    pub table: String,
    pub name: String,
    /// SELECT | INSERT | UPDATE | DELETE | ALL
    pub command: String,
    pub permissive: bool,
    pub roles: Vec<String>,
    pub using: Option<String>,
    pub with_check: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    pub schema: String,
    pub name: String,
    pub identity_args: String,
    pub result: Option<String>,
    pub language: String,
    pub kind: String,
    pub volatility: String,
    pub security_definer: bool,
    pub config: Vec<String>,
    pub source_md5: String,
    pub source: Option<String>,
    pub owner: String,
    pub acl: Vec<String>,
    pub comment: Option<String>,
}

impl Function {
    pub fn signature(&self) -> String {
        format!("{}.{}({})", self.schema, self.name, self.identity_args)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    pub schema: String,
    pub table: String,
    pub name: String,
    pub definition: String,
    pub function: String,
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    pub schema: String,
    pub name: String,
    pub materialized: bool,
    pub definition: String,
    pub options: Vec<String>,
    pub owner: String,
    pub acl: Vec<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enum {
    pub schema: String,
    pub name: String,
    pub labels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    pub schema: String,
    pub name: String,
    pub data_type: String,
    pub owned_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbRole {
    pub name: String,
    pub superuser: bool,
    pub bypassrls: bool,
    pub login: bool,
    pub inherit: bool,
    pub member_of: Vec<String>,
}

impl Snapshot {
    pub fn parse(json: &str) -> Result<Snapshot, String> {
        serde_json::from_str(json).map_err(|e| format!("catalog snapshot did not parse: {e}"))
    }

    pub fn table(&self, qualified: &str) -> Option<&Table> {
        // Compared in place, not through `qualified()`: the probes look tables up by name tens
        // of thousands of times on a large schema, and a string built per comparison made that
        // quadratic walk the slowest part of their own code.
        self.tables.iter().find(|t| {
            qualified.len() == t.schema.len() + 1 + t.name.len()
                && qualified.starts_with(t.schema.as_str())
                && qualified[t.schema.len()..].starts_with('.')
                && qualified.ends_with(t.name.as_str())
        })
    }

    pub fn policies_on<'a>(&'a self, t: &'a Table) -> impl Iterator<Item = &'a Policy> + 'a {
        self.policies.iter().filter(move |p| p.schema == t.schema && p.table == t.name)
    }

    /// What the user's files made: leaves out every object that is exactly as it was in
    /// `base` (the fresh database plus the profile's shim). Row counts do not count as a change,
    /// so a shim table the seed only fills (auth.users) stays out, while a shim table whose
    /// columns or RLS the user changed comes in. Objects the user adds to `auth`/`storage` stay.
    pub fn user_view(&self, base: &Snapshot) -> Snapshot {
        fn keep_by<T: Clone>(mine: &[T], base: &[T], same: impl Fn(&T, &T) -> bool) -> Vec<T> {
            mine.iter().filter(|x| !base.iter().any(|b| same(x, b))).cloned().collect()
        }
        fn keep<T: PartialEq + Clone>(mine: &[T], base: &[T]) -> Vec<T> {
            keep_by(mine, base, |a, b| a == b)
        }
        Snapshot {
            server_version: self.server_version.clone(),
            schemas: keep(&self.schemas, &base.schemas),
            tables: keep_by(&self.tables, &base.tables, |a: &Table, b| {
                Table { row_count: 0, fingerprint: None, ..a.clone() }
                    == Table { row_count: 0, fingerprint: None, ..b.clone() }
            }),
            constraints: keep(&self.constraints, &base.constraints),
            indexes: keep(&self.indexes, &base.indexes),
            policies: keep(&self.policies, &base.policies),
            functions: keep(&self.functions, &base.functions),
            triggers: keep(&self.triggers, &base.triggers),
            views: keep(&self.views, &base.views),
            enums: keep(&self.enums, &base.enums),
            sequences: keep(&self.sequences, &base.sequences),
            roles: keep(&self.roles, &base.roles),
        }
    }
}
