//! Tenancy: which tables are tenant roots, which identify users, and how every other table
//! belongs to a tenant (or not), each with its evidence. Read from the catalog's foreign keys —
//! never from the SQL text — and, for tenancy without foreign keys, from the tenant-named
//! columns and what the (deparsed) policies compare them with: a *key root* (`key:tenant_id`),
//! a tenant root that is a key without a table.

use crate::catalog::{Constraint, Snapshot, Table};
use crate::profile::Profile;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Column names that say "this row belongs to a tenant".
pub const TENANT_COLUMNS: [&str; 7] = [
    "organization_id",
    "org_id",
    "tenant_id",
    "client_id",
    "account_id",
    "workspace_id",
    "team_id",
];
/// Table names typical of tenant roots (evidence, never enough alone).
pub const ROOT_NAMES: [&str; 9] = [
    "organizations",
    "organization",
    "orgs",
    "org",
    "tenants",
    "clients",
    "accounts",
    "workspaces",
    "teams",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TenancyClass {
    #[serde(rename = "root")]
    Root,
    #[serde(rename = "direct")]
    Direct,
    #[serde(rename = "indirect")]
    Indirect,
    #[serde(rename = "user-owned")]
    UserOwned,
    #[serde(rename = "global")]
    Global,
}

impl TenancyClass {
    pub const ALL: [TenancyClass; 5] = [
        TenancyClass::Root,
        TenancyClass::Direct,
        TenancyClass::Indirect,
        TenancyClass::UserOwned,
        TenancyClass::Global,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TenancyClass::Root => "root",
            TenancyClass::Direct => "direct",
            TenancyClass::Indirect => "indirect",
            TenancyClass::UserOwned => "user-owned",
            TenancyClass::Global => "global",
        }
    }

    /// Rows of such a table belong to one tenant.
    pub fn is_tenant_scoped(self) -> bool {
        matches!(self, TenancyClass::Direct | TenancyClass::Indirect)
    }
}

/// One foreign key followed on the way to a root (or a user table).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub table: String,
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    pub constraint: String,
}

impl Step {
    pub fn describe(&self) -> String {
        if is_key_root(&self.ref_table) {
            return format!(
                "{}({}): tenant key with no table ({})",
                self.table,
                self.columns.join(", "),
                self.ref_table
            );
        }
        format!(
            "{}({}) → {}({})",
            self.table,
            self.columns.join(", "),
            self.ref_table,
            self.ref_columns.join(", ")
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableTenancy {
    pub class: TenancyClass,
    /// The FK path to the root (direct: one step; indirect: several) or to the user table.
    pub path: Vec<Step>,
    /// For direct tables: the columns holding the tenant key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tenant_key: Vec<String>,
    /// Every root this table reaches (more than one is a suspect).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roots: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub table: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspect {
    pub table: String,
    /// unlinked_tenant_column | nullable_tenant_key | two_roots
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tenancy {
    pub roots: Vec<Evidence>,
    pub user_tables: Vec<Evidence>,
    pub tables: BTreeMap<String, TableTenancy>,
    pub suspects: Vec<Suspect>,
    /// Tenant roots without a table (also in `roots`, named `key:<column>`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_roots: Vec<KeyRoot>,
}

/// Names of tenant roots that are a key without a table start so (`key:tenant_id`).
pub const KEY_ROOT_PREFIX: &str = "key:";

pub fn is_key_root(name: &str) -> bool {
    name.starts_with(KEY_ROOT_PREFIX)
}

/// A tenant root without a table: a column that says which tenant a row belongs to, with no
/// foreign key to a tenants table (tenancy by `tenant_id` and a setting or a JWT claim).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRoot {
    /// `key:<column>`
    pub name: String,
    pub column: String,
    /// The column's type on the first table that has it (`uuid`, `bigint` …).
    #[serde(rename = "type")]
    pub type_: String,
    /// The tables carrying it, sorted.
    pub tables: Vec<String>,
    /// What the policies compare it with: `current_setting('app.tenant_id')`, a JWT claim, a function.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compared_with: Vec<String>,
}

impl KeyRoot {
    pub fn find<'a>(t: &'a Tenancy, name: &str) -> Option<&'a KeyRoot> {
        t.key_roots.iter().find(|k| k.name == name)
    }
}

impl Tenancy {
    pub fn class_of(&self, table: &str) -> Option<TenancyClass> {
        self.tables.get(table).map(|t| t.class)
    }
    pub fn root_names(&self) -> Vec<String> {
        self.roots.iter().map(|e| e.table.clone()).collect()
    }
    pub fn user_table_names(&self) -> Vec<String> {
        self.user_tables.iter().map(|e| e.table.clone()).collect()
    }
}

/// The user's corrections, kept with the project.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Overrides {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add_roots: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_roots: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add_user_tables: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_user_tables: Vec<String>,
}

impl Overrides {
    pub fn is_empty(&self) -> bool {
        self == &Overrides::default()
    }
}

fn fks(s: &Snapshot) -> impl Iterator<Item = &Constraint> {
    s.constraints.iter().filter(|c| c.kind == "foreign_key" && c.ref_table.is_some())
}

fn q(schema: &str, name: &str) -> String {
    format!("{schema}.{name}")
}

fn target(c: &Constraint) -> String {
    q(c.ref_schema.as_deref().unwrap_or(&c.schema), c.ref_table.as_deref().unwrap_or(""))
}

fn step(c: &Constraint) -> Step {
    Step {
        table: q(&c.schema, &c.table),
        columns: c.columns.clone(),
        ref_table: target(c),
        ref_columns: c.ref_columns.clone().unwrap_or_default(),
        constraint: c.name.clone(),
    }
}

fn is_tenant_column(name: &str) -> bool {
    TENANT_COLUMNS.contains(&name)
}

/// A column that holds a role: `role`, `roles`, `role_id`, `member_role`, `account_role`, `org_role_id` …
pub fn is_role_column(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "role"
        || n == "roles"
        || n == "role_id"
        || n.ends_with("_role")
        || n.ends_with("_role_id")
        || n.ends_with("_roles")
}

fn primary_key<'a>(s: &'a Snapshot, t: &str) -> Option<&'a Constraint> {
    s.constraints.iter().find(|c| c.kind == "primary_key" && q(&c.schema, &c.table) == t)
}

/// User-identity tables: auth.users under Supabase, tables keyed one-to-one to one (their primary
/// key is also a foreign key to it), and tables named `users` / `user`.
pub fn user_tables(s: &Snapshot, profile: Profile, o: &Overrides) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::new();
    let exists = |t: &str| s.tables.iter().any(|x| x.qualified() == t);
    if profile == Profile::Supabase && exists("auth.users") {
        out.push(Evidence { table: "auth.users".into(), reason: "Supabase's user table".into() });
    }
    for t in &s.tables {
        let name = t.qualified();
        if (t.name == "users" || t.name == "user") && name != "auth.users" {
            out.push(Evidence { table: name, reason: format!("named {}", t.name) });
        }
    }
    // One-to-one extensions of a user table (profiles whose id is the user's id), to a fixpoint.
    loop {
        let known: BTreeSet<String> = out.iter().map(|e| e.table.clone()).collect();
        let mut added = false;
        for c in fks(s) {
            let from = q(&c.schema, &c.table);
            let to = target(c);
            if known.contains(&from) || !known.contains(&to) {
                continue;
            }
            if primary_key(s, &from).is_some_and(|pk| pk.columns == c.columns) {
                out.push(Evidence {
                    table: from.clone(),
                    reason: format!(
                        "its primary key ({}) is also a foreign key to {to}: one row per user",
                        c.columns.join(", ")
                    ),
                });
                added = true;
            }
        }
        if !added {
            break;
        }
    }
    out.retain(|e| !o.remove_user_tables.contains(&e.table));
    for t in &o.add_user_tables {
        if !out.iter().any(|e| &e.table == t) && exists(t) {
            out.push(Evidence { table: t.clone(), reason: "marked by you".into() });
        }
    }
    out.sort_by(|a, b| a.table.cmp(&b.table));
    out.dedup_by(|a, b| a.table == b.table);
    out
}

/// Tenant roots, with why: referenced by a membership-like table (one that also references a
/// user table), or by several tables through tenant-named columns.
pub fn tenant_roots(s: &Snapshot, users: &BTreeSet<String>, o: &Overrides) -> Vec<Evidence> {
    let mut reasons: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // (a) membership-like tables.
    let mut by_table: BTreeMap<String, Vec<&Constraint>> = BTreeMap::new();
    for c in fks(s) {
        by_table.entry(q(&c.schema, &c.table)).or_default().push(c);
    }
    for (m, cs) in &by_table {
        if users.contains(m) {
            continue;
        }
        let Some(to_user) = cs.iter().find(|c| users.contains(&target(c))) else { continue };
        // Membership-like, not just any table with an author: a role column, or a name that says so.
        let role_column =
            s.table(m).and_then(|t| t.columns.iter().find(|c| is_role_column(&c.name)));
        let bare = m.rsplit('.').next().unwrap_or(m);
        let named =
            bare.contains("member") || bare.split('_').any(|w| matches!(w, "user" | "users"));
        if role_column.is_none() && !named {
            continue;
        }
        let role_col = role_column.map(|c| format!(", role column {}", c.name)).unwrap_or_default();
        // What the membership is *in*: prefer tenant-looking links (organization_id, a table
        // named like a tenant) over lookups such as role_id → roles.
        let others: Vec<&&Constraint> =
            cs.iter().filter(|c| !users.contains(&target(c)) && target(c) != *m).collect();
        let tenant_like = |c: &&&Constraint| {
            c.columns.iter().any(|col| is_tenant_column(col))
                || s.table(&target(c)).is_some_and(|t| ROOT_NAMES.contains(&t.name.as_str()))
        };
        let chosen: Vec<&&Constraint> = if others.iter().any(tenant_like) {
            others.into_iter().filter(tenant_like).collect()
        } else {
            others
        };
        for c in chosen {
            reasons.entry(target(c)).or_default().push(format!(
                "membership table {m} links it ({}) to users ({} → {}){role_col}",
                c.columns.join(", "),
                to_user.columns.join(", "),
                target(to_user)
            ));
        }
    }
    // (b) referenced by several tables through tenant-named columns.
    let mut referrers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in fks(s) {
        if c.columns.len() == 1 && is_tenant_column(&c.columns[0]) && !users.contains(&target(c)) {
            referrers.entry(target(c)).or_default().insert(format!(
                "{}.{}",
                q(&c.schema, &c.table),
                c.columns[0]
            ));
        }
    }
    for (t, refs) in &referrers {
        if refs.len() >= 2 {
            let shown: Vec<_> = refs.iter().take(4).cloned().collect();
            let more = if refs.len() > 4 {
                format!(" and {} more", refs.len() - 4)
            } else {
                String::new()
            };
            reasons.entry(t.clone()).or_default().push(format!(
                "referenced by {} tables through tenant columns ({}{more})",
                refs.len(),
                shown.join(", ")
            ));
        }
    }
    // A membership-linked table that itself reaches another candidate is a sub-scope, not a root
    // (project_members → projects → organizations: projects is tenant-scoped).
    let candidates: BTreeSet<String> = reasons.keys().cloned().collect();
    let graph = Graph::new(s);
    let mut roots: Vec<Evidence> = reasons
        .into_iter()
        .filter(|(t, _)| {
            let reach = graph.reachable(t, users, &BTreeSet::new());
            !reach.iter().any(|r| {
                r != t
                    && candidates.contains(r)
                    && !graph.reachable(r, users, &BTreeSet::new()).contains(t)
            })
        })
        .map(|(t, rs)| {
            let named = s.table(&t).is_some_and(|x| ROOT_NAMES.contains(&x.name.as_str()));
            let mut reason = rs.join("; ");
            if named {
                reason.push_str("; named like a tenant");
            }
            Evidence { table: t, reason }
        })
        .collect();
    roots.retain(|e| !o.remove_roots.contains(&e.table));
    for t in &o.add_roots {
        if !roots.iter().any(|e| &e.table == t) && s.table(t).is_some() {
            roots.push(Evidence { table: t.clone(), reason: "marked by you".into() });
        }
    }
    roots.sort_by(|a, b| a.table.cmp(&b.table));
    roots
}

/// Foreign keys as a graph: table → the constraints leaving it.
struct Graph<'a> {
    out: BTreeMap<String, Vec<&'a Constraint>>,
}

impl<'a> Graph<'a> {
    fn new(s: &'a Snapshot) -> Self {
        let mut out: BTreeMap<String, Vec<&Constraint>> = BTreeMap::new();
        for c in fks(s) {
            out.entry(q(&c.schema, &c.table)).or_default().push(c);
        }
        Graph { out }
    }

    /// Tables reachable from `from` along foreign keys, not walking on from user tables or roots.
    fn reachable(
        &self,
        from: &str,
        users: &BTreeSet<String>,
        roots: &BTreeSet<String>,
    ) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([from.to_string()]);
        while let Some(t) = queue.pop_front() {
            if !seen.insert(t.clone()) {
                continue;
            }
            if t != from && (users.contains(&t) || roots.contains(&t)) {
                continue;
            }
            for c in self.out.get(&t).into_iter().flatten() {
                queue.push_back(target(c));
            }
        }
        seen.remove(from);
        seen
    }

    /// Shortest FK path from `from` to any table in `goals` (breadth first, barriers as above).
    fn path(
        &self,
        from: &str,
        goals: &BTreeSet<String>,
        users: &BTreeSet<String>,
        roots: &BTreeSet<String>,
    ) -> Option<Vec<Step>> {
        let mut prev: BTreeMap<String, Option<&Constraint>> =
            BTreeMap::from([(from.to_string(), None)]);
        let mut queue = VecDeque::from([from.to_string()]);
        while let Some(t) = queue.pop_front() {
            if t != from && goals.contains(&t) {
                let mut steps = Vec::new();
                let mut cur = t.clone();
                while let Some(Some(c)) = prev.get(&cur) {
                    steps.push(step(c));
                    cur = q(&c.schema, &c.table);
                }
                steps.reverse();
                return Some(steps);
            }
            if t != from && (users.contains(&t) || roots.contains(&t)) {
                continue;
            }
            for c in self.out.get(&t).into_iter().flatten() {
                let to = target(c);
                if !prev.contains_key(&to) {
                    prev.insert(to.clone(), Some(c));
                    queue.push_back(to);
                }
            }
        }
        None
    }
}

/// Tenant keys without a table: columns compared by a policy with a tenant setting or claim (or
/// a function reading one), and tenant-named columns (`tenant_id` …) on two tables or more —
/// provided no foreign key anywhere links a column of that name (then the key has a table, and
/// an unlinked one is a suspect). Each becomes a root named `key:<column>`.
pub fn key_roots(
    s: &Snapshot,
    profile: Profile,
    roots: &BTreeSet<String>,
    o: &Overrides,
) -> Vec<KeyRoot> {
    let linked_anywhere: BTreeSet<&str> =
        fks(s).flat_map(|c| c.columns.iter().map(String::as_str)).collect();
    let fns = crate::tenant_context::tenant_functions(s, profile);
    // column → (tables, what it is compared with)
    let mut by_col: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for t in &s.tables {
        let name = t.qualified();
        if roots.contains(&name) || profile.owns_schema(&t.schema) {
            continue;
        }
        let cols: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
        for p in s.policies_on(t) {
            for expr in [&p.using, &p.with_check].into_iter().flatten() {
                for (col, ctx) in crate::tenant_context::compared_columns(expr, &cols, &fns) {
                    by_col.entry(col).or_default().1.insert(ctx);
                }
            }
        }
    }
    let wanted = |col: &str, compared: bool| {
        !linked_anywhere.contains(col) && (compared || is_tenant_column(col))
    };
    let mut out = Vec::new();
    let mut names: BTreeSet<String> = by_col.keys().cloned().collect();
    names.extend(
        s.tables
            .iter()
            .flat_map(|t| t.columns.iter().map(|c| c.name.clone()))
            .filter(|c| is_tenant_column(c)),
    );
    for col in names {
        let compared: Vec<String> =
            by_col.get(&col).map(|x| x.1.iter().cloned().collect()).unwrap_or_default();
        if !wanted(&col, !compared.is_empty()) {
            continue;
        }
        let holders: Vec<&Table> = s
            .tables
            .iter()
            .filter(|t| !roots.contains(&t.qualified()) && !profile.owns_schema(&t.schema))
            .filter(|t| t.columns.iter().any(|c| c.name == col))
            .collect();
        if holders.is_empty() || compared.is_empty() && holders.len() < 2 {
            continue;
        }
        let name = format!("{KEY_ROOT_PREFIX}{col}");
        if o.remove_roots.contains(&name) {
            continue;
        }
        let type_ = holders[0]
            .columns
            .iter()
            .find(|c| c.name == col)
            .map(|c| c.type_.clone())
            .unwrap_or_default();
        let mut tables: Vec<String> = holders.iter().map(|t| t.qualified()).collect();
        tables.sort();
        out.push(KeyRoot { name, column: col, type_, tables, compared_with: compared });
    }
    out
}

fn key_root_evidence(k: &KeyRoot) -> Evidence {
    let shown: Vec<&str> = k.tables.iter().take(4).map(String::as_str).collect();
    let more = if k.tables.len() > 4 {
        format!(" and {} more", k.tables.len() - 4)
    } else {
        String::new()
    };
    let mut reason = format!(
        "a tenant key with no table: {} ({}) on {} table(s) ({}{more}), with no foreign key",
        k.column,
        k.type_,
        k.tables.len(),
        shown.join(", ")
    );
    if !k.compared_with.is_empty() {
        reason.push_str(&format!("; the policies compare it with {}", k.compared_with.join(", ")));
    }
    Evidence { table: k.name.clone(), reason }
}

fn key_step(table: &str, k: &KeyRoot) -> Step {
    Step {
        table: table.to_string(),
        columns: vec![k.column.clone()],
        ref_table: k.name.clone(),
        ref_columns: vec![],
        constraint: String::new(),
    }
}

/// Classify every table of `s` (after the up migrations).
pub fn classify(s: &Snapshot, profile: Profile, o: &Overrides) -> Tenancy {
    let user_tables = user_tables(s, profile, o);
    let users: BTreeSet<String> = user_tables.iter().map(|e| e.table.clone()).collect();
    let mut roots_ev = tenant_roots(s, &users, o);
    let roots: BTreeSet<String> = roots_ev.iter().map(|e| e.table.clone()).collect();
    let key_roots = key_roots(s, profile, &roots, o);
    roots_ev.extend(key_roots.iter().map(key_root_evidence));
    roots_ev.sort_by(|a, b| a.table.cmp(&b.table));
    // Tables carrying a key root's column: directly scoped, and goals of the paths of the rest.
    let mut keyed: BTreeMap<String, &KeyRoot> = BTreeMap::new();
    for k in &key_roots {
        for t in &k.tables {
            keyed.entry(t.clone()).or_insert(k);
        }
    }
    // A user table carrying the key is scoped itself, but stays a barrier for the paths of others.
    let goals: BTreeSet<String> = roots
        .iter()
        .cloned()
        .chain(keyed.keys().filter(|t| !users.contains(*t)).cloned())
        .collect();
    let graph = Graph::new(s);
    let mut tables = BTreeMap::new();
    let mut suspects = Vec::new();
    for t in &s.tables {
        let name = t.qualified();
        let tt = if roots.contains(&name) {
            TableTenancy {
                class: TenancyClass::Root,
                path: vec![],
                tenant_key: vec![],
                roots: vec![],
            }
        } else {
            let reach = graph.reachable(&name, &users, &roots);
            let reached_roots: Vec<String> =
                reach.iter().filter(|r| roots.contains(*r)).cloned().collect();
            let direct: Vec<&Constraint> = graph
                .out
                .get(&name)
                .into_iter()
                .flatten()
                .copied()
                .filter(|c| roots.contains(&target(c)))
                .collect();
            if let Some(first) = direct.first() {
                let key: Vec<String> = direct.iter().flat_map(|c| c.columns.clone()).collect();
                TableTenancy {
                    class: TenancyClass::Direct,
                    path: vec![step(first)],
                    tenant_key: key,
                    roots: reached_roots,
                }
            } else if let Some(k) = keyed.get(&name) {
                TableTenancy {
                    class: TenancyClass::Direct,
                    path: vec![key_step(&name, k)],
                    tenant_key: vec![k.column.clone()],
                    roots: vec![k.name.clone()],
                }
            } else if let Some(mut path) = graph.path(&name, &goals, &users, &roots) {
                let end = path.last().map(|s| s.ref_table.clone()).unwrap_or_default();
                let mut via = reached_roots;
                if let Some(k) = keyed.get(&end) {
                    path.push(key_step(&end, k));
                    via = vec![k.name.clone()];
                }
                TableTenancy { class: TenancyClass::Indirect, path, tenant_key: vec![], roots: via }
            } else if users.contains(&name) {
                TableTenancy {
                    class: TenancyClass::UserOwned,
                    path: vec![],
                    tenant_key: vec![],
                    roots: vec![],
                }
            } else if let Some(path) = graph.path(&name, &users, &users, &roots) {
                TableTenancy {
                    class: TenancyClass::UserOwned,
                    path,
                    tenant_key: vec![],
                    roots: vec![],
                }
            } else {
                TableTenancy {
                    class: TenancyClass::Global,
                    path: vec![],
                    tenant_key: vec![],
                    roots: vec![],
                }
            }
        };
        suspects.extend(table_suspects(s, t, &tt, &graph, &key_roots));
        tables.insert(name, tt);
    }
    Tenancy { roots: roots_ev, user_tables, tables, suspects, key_roots }
}

fn table_suspects(
    s: &Snapshot,
    t: &Table,
    tt: &TableTenancy,
    graph: &Graph,
    key_roots: &[KeyRoot],
) -> Vec<Suspect> {
    let name = t.qualified();
    let mut out = Vec::new();
    let linked: BTreeSet<&str> = graph
        .out
        .get(&name)
        .into_iter()
        .flatten()
        .flat_map(|c| c.columns.iter().map(String::as_str))
        .collect();
    // A key root's column is the design (tenancy without foreign keys), not a forgotten link.
    let keyed = |c: &str| key_roots.iter().any(|k| k.column == c && k.tables.contains(&name));
    for c in &t.columns {
        if is_tenant_column(&c.name)
            && !linked.contains(c.name.as_str())
            && tt.class != TenancyClass::Root
            && !keyed(&c.name)
        {
            out.push(Suspect {
                table: name.clone(),
                kind: "unlinked_tenant_column".into(),
                detail: format!("{name}.{} looks like a tenant key but has no foreign key: nothing stops it from naming a tenant that does not exist", c.name),
            });
        }
    }
    if tt.class == TenancyClass::Direct {
        for k in &tt.tenant_key {
            if t.columns.iter().any(|c| &c.name == k && !c.not_null) {
                let treats_null: Vec<String> = s
                    .policies_on(t)
                    .filter(|p| {
                        [&p.using, &p.with_check].iter().any(|e| {
                            e.as_deref().is_some_and(|e| {
                                e.contains(k.as_str()) && e.to_ascii_uppercase().contains("IS NULL")
                            })
                        })
                    })
                    .map(|p| format!("\"{}\"", p.name))
                    .collect();
                let meaning = if treats_null.is_empty() {
                    "rows with NULL belong to no tenant: a policy comparing it to the user's tenant never matches them, so they are invisible through RLS but still in the table".to_string()
                } else {
                    format!("rows with NULL belong to no tenant, and policy {} treats NULL specially (often: visible to everyone)", treats_null.join(", "))
                };
                out.push(Suspect {
                    table: name.clone(),
                    kind: "nullable_tenant_key".into(),
                    detail: format!("{name}.{k} is nullable: {meaning}"),
                });
            }
        }
    }
    if tt.roots.len() > 1 {
        out.push(Suspect {
            table: name.clone(),
            kind: "two_roots".into(),
            detail: format!("{name} reaches {} different tenant roots ({}): which tenant owns a row is ambiguous", tt.roots.len(), tt.roots.join(", ")),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::fixture::Fixture;

    fn class(t: &Tenancy, name: &str) -> &'static str {
        t.tables[name].class.as_str()
    }

    fn supabase_like() -> Fixture {
        Fixture::new()
            .table("auth.users", &["id", "email"])
            .table("public.profiles", &["id", "organization_id?", "name"])
            .pk("public.profiles", &["id"])
            .fk("public.profiles", &["id"], "auth.users", &["id"])
            .table("public.organizations", &["id", "name"])
            .table("public.organization_members", &["id", "organization_id", "user_id", "role"])
            .fk(
                "public.organization_members",
                &["organization_id"],
                "public.organizations",
                &["id"],
            )
            .fk("public.organization_members", &["user_id"], "auth.users", &["id"])
            .fk("public.profiles", &["organization_id"], "public.organizations", &["id"])
            .table("public.courses", &["id", "organization_id", "title"])
            .fk("public.courses", &["organization_id"], "public.organizations", &["id"])
            .table("public.modules", &["id", "course_id"])
            .fk("public.modules", &["course_id"], "public.courses", &["id"])
            .table("public.lessons", &["id", "module_id"])
            .fk("public.lessons", &["module_id"], "public.modules", &["id"])
            .table("public.journal", &["id", "user_id", "body"])
            .fk("public.journal", &["user_id"], "auth.users", &["id"])
            .table("public.countries", &["id", "name"])
    }

    #[test]
    fn every_class_with_its_path() {
        let t = classify(&supabase_like().build(), Profile::Supabase, &Overrides::default());
        assert_eq!(t.root_names(), ["public.organizations"]);
        assert!(
            t.roots[0].reason.contains("membership table public.organization_members"),
            "{}",
            t.roots[0].reason
        );
        assert!(t.roots[0].reason.contains("role column role"));
        assert_eq!(t.user_table_names(), ["auth.users", "public.profiles"]);
        assert_eq!(class(&t, "public.organizations"), "root");
        assert_eq!(class(&t, "public.courses"), "direct");
        assert_eq!(t.tables["public.courses"].tenant_key, ["organization_id"]);
        assert_eq!(class(&t, "public.lessons"), "indirect");
        let path: Vec<String> =
            t.tables["public.lessons"].path.iter().map(Step::describe).collect();
        assert_eq!(
            path,
            [
                "public.lessons(module_id) → public.modules(id)",
                "public.modules(course_id) → public.courses(id)",
                "public.courses(organization_id) → public.organizations(id)"
            ]
        );
        assert_eq!(class(&t, "public.journal"), "user-owned");
        assert_eq!(class(&t, "auth.users"), "user-owned");
        assert_eq!(class(&t, "public.countries"), "global");
        // A user table can itself be tenant-scoped: profiles carry organization_id.
        assert_eq!(class(&t, "public.profiles"), "direct");
    }

    #[test]
    fn user_tables_are_barriers() {
        // notes → auth.users; profiles → organizations. A path through the user must not make notes tenant-scoped.
        let s = supabase_like()
            .table("public.notes", &["id", "author_id"])
            .fk("public.notes", &["author_id"], "public.profiles", &["id"])
            .build();
        let t = classify(&s, Profile::Supabase, &Overrides::default());
        assert_eq!(class(&t, "public.notes"), "user-owned");
        assert_eq!(t.tables["public.notes"].path[0].ref_table, "public.profiles");
    }

    #[test]
    fn two_roots_cycles_and_self_references() {
        let s = Fixture::new()
            .table("public.users", &["id"])
            .table("public.tenants", &["id"])
            .table("public.workspaces", &["id"])
            .table("public.a", &["id", "tenant_id"])
            .fk("public.a", &["tenant_id"], "public.tenants", &["id"])
            .table("public.b", &["id", "tenant_id"])
            .fk("public.b", &["tenant_id"], "public.tenants", &["id"])
            .table("public.c", &["id", "workspace_id"])
            .fk("public.c", &["workspace_id"], "public.workspaces", &["id"])
            .table("public.d", &["id", "workspace_id"])
            .fk("public.d", &["workspace_id"], "public.workspaces", &["id"])
            // both: reaches two roots
            .table("public.shared", &["id", "a_id", "c_id"])
            .fk("public.shared", &["a_id"], "public.a", &["id"])
            .fk("public.shared", &["c_id"], "public.c", &["id"])
            // cycle x ↔ y, x → a
            .table("public.x", &["id", "y_id?", "a_id"])
            .table("public.y", &["id", "x_id"])
            .fk("public.x", &["y_id"], "public.y", &["id"])
            .fk("public.y", &["x_id"], "public.x", &["id"])
            .fk("public.x", &["a_id"], "public.a", &["id"])
            // self reference only
            .table("public.categories", &["id", "parent_id?"])
            .fk("public.categories", &["parent_id"], "public.categories", &["id"])
            .build();
        let t = classify(&s, Profile::Postgres, &Overrides::default());
        assert_eq!(t.root_names(), ["public.tenants", "public.workspaces"]);
        assert_eq!(class(&t, "public.shared"), "indirect");
        assert!(t.suspects.iter().any(|x| x.table == "public.shared" && x.kind == "two_roots"));
        assert_eq!(class(&t, "public.y"), "indirect");
        assert_eq!(t.tables["public.y"].path.len(), 3);
        assert_eq!(class(&t, "public.categories"), "global");
        assert_eq!(t.user_table_names(), ["public.users"]);
    }

    #[test]
    fn suspects_unlinked_and_nullable_tenant_keys() {
        let s = supabase_like()
            .table("public.invoices", &["id", "client_id", "total"])
            .policy(
                "public.profiles",
                "see own or unassigned",
                "SELECT",
                true,
                &["authenticated"],
                Some("(organization_id IS NULL)"),
                None,
            )
            .build();
        let t = classify(&s, Profile::Supabase, &Overrides::default());
        let unlinked = t.suspects.iter().find(|x| x.kind == "unlinked_tenant_column").unwrap();
        assert_eq!(unlinked.table, "public.invoices");
        assert!(unlinked.detail.contains("public.invoices.client_id"));
        let nullable = t.suspects.iter().find(|x| x.kind == "nullable_tenant_key").unwrap();
        assert_eq!(nullable.table, "public.profiles");
        assert!(nullable.detail.contains("\"see own or unassigned\""), "{}", nullable.detail);
    }

    #[test]
    fn overrides_add_and_remove_roots_and_user_tables() {
        let s = supabase_like().build();
        let o = Overrides {
            add_roots: vec!["public.courses".into()],
            remove_roots: vec!["public.organizations".into()],
            ..Default::default()
        };
        let t = classify(&s, Profile::Supabase, &o);
        assert_eq!(t.root_names(), ["public.courses"]);
        assert_eq!(t.roots[0].reason, "marked by you");
        assert_eq!(class(&t, "public.lessons"), "indirect");
        assert_eq!(class(&t, "public.organization_members"), "user-owned");
        let o =
            Overrides { remove_user_tables: vec!["public.profiles".into()], ..Default::default() };
        assert_eq!(classify(&s, Profile::Supabase, &o).user_table_names(), ["auth.users"]);
    }

    #[test]
    fn a_role_lookup_in_a_membership_is_not_a_root() {
        let s = Fixture::new()
            .table("public.user", &["id"])
            .table("public.org", &["id"])
            .table("public.role", &["id", "name"])
            .table("public.org_user", &["id", "org_id", "user_id", "role_id"])
            .fk("public.org_user", &["org_id"], "public.org", &["id"])
            .fk("public.org_user", &["user_id"], "public.user", &["id"])
            .fk("public.org_user", &["role_id"], "public.role", &["id"])
            .build();
        let t = classify(&s, Profile::Postgres, &Overrides::default());
        assert_eq!(t.root_names(), ["public.org"]);
        assert_eq!(class(&t, "public.role"), "global");
        assert!(t.suspects.is_empty(), "{:?}", t.suspects);
    }

    #[test]
    fn tenancy_without_foreign_keys_makes_a_key_root() {
        // tenant_id on every table, no tenants table; the policies compare it with a setting.
        let pol = "(tenant_id = (current_setting('app.tenant_id'::text))::uuid)";
        let s = Fixture::new()
            .table("public.projects", &["id", "tenant_id", "name"])
            .table("public.tasks", &["id", "tenant_id", "project_id", "title"])
            .fk("public.tasks", &["project_id"], "public.projects", &["id"])
            .table("public.comments", &["id", "task_id", "body"])
            .fk("public.comments", &["task_id"], "public.tasks", &["id"])
            .table("public.countries", &["id", "name"])
            .policy("public.projects", "tenant", "ALL", true, &["public"], Some(pol), Some(pol))
            .build();
        let t = classify(&s, Profile::Postgres, &Overrides::default());
        assert_eq!(t.root_names(), ["key:tenant_id"]);
        let k = &t.key_roots[0];
        assert_eq!((k.column.as_str(), k.type_.as_str()), ("tenant_id", "uuid"));
        assert_eq!(k.tables, ["public.projects", "public.tasks"]);
        assert_eq!(k.compared_with, ["current_setting('app.tenant_id')"]);
        assert!(t.roots[0].reason.contains("a tenant key with no table"), "{}", t.roots[0].reason);
        assert_eq!(class(&t, "public.projects"), "direct");
        assert_eq!(
            t.tables["public.tasks"].tenant_key,
            ["tenant_id"],
            "its own key, not the path through projects"
        );
        assert_eq!(class(&t, "public.comments"), "indirect");
        let path: Vec<String> =
            t.tables["public.comments"].path.iter().map(Step::describe).collect();
        assert_eq!(
            path,
            [
                "public.comments(task_id) → public.tasks(id)",
                "public.tasks(tenant_id): tenant key with no table (key:tenant_id)"
            ]
        );
        assert_eq!(class(&t, "public.countries"), "global");
        assert!(
            !t.suspects.iter().any(|x| x.kind == "unlinked_tenant_column"),
            "the key is the design, not a forgotten link: {:?}",
            t.suspects
        );
        // A JWT claim works the same, with any column name; removing the root is a correction like any other.
        let claim = "(workspace = ((auth.jwt() ->> 'workspace_id'::text))::uuid)";
        let s = Fixture::new()
            .table("public.docs", &["id", "workspace", "body"])
            .policy("public.docs", "ws", "SELECT", true, &["authenticated"], Some(claim), None)
            .build();
        let t = classify(&s, Profile::Supabase, &Overrides::default());
        assert_eq!(t.root_names(), ["key:workspace"]);
        assert_eq!(t.key_roots[0].compared_with, ["the JWT claim workspace_id"]);
        let o = Overrides { remove_roots: vec!["key:workspace".into()], ..Default::default() };
        assert!(classify(&s, Profile::Supabase, &o).root_names().is_empty());
    }

    #[test]
    fn an_unlinked_key_next_to_linked_ones_stays_a_suspect() {
        // organization_id has a foreign key elsewhere: an unlinked one is a forgotten link, not a key root.
        let s = supabase_like().table("public.audit", &["id", "organization_id", "what"]).build();
        let t = classify(&s, Profile::Supabase, &Overrides::default());
        assert_eq!(t.root_names(), ["public.organizations"]);
        assert!(t.key_roots.is_empty());
        assert!(t
            .suspects
            .iter()
            .any(|x| x.kind == "unlinked_tenant_column" && x.table == "public.audit"));
        assert!(
            is_role_column("account_role")
                && is_role_column("role_id")
                && is_role_column("org_role_id")
                && !is_role_column("roleplay")
        );
    }

    #[test]
    fn a_sub_scope_membership_does_not_make_a_root() {
        let s = supabase_like()
            .table("public.course_members", &["id", "course_id", "user_id", "role"])
            .fk("public.course_members", &["course_id"], "public.courses", &["id"])
            .fk("public.course_members", &["user_id"], "auth.users", &["id"])
            .build();
        let t = classify(&s, Profile::Supabase, &Overrides::default());
        assert_eq!(t.root_names(), ["public.organizations"]);
        assert_eq!(class(&t, "public.course_members"), "indirect");
    }
}
