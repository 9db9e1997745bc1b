//! The second world: tenant B (a new row in each root, a new value of each key root), users for
//! the personas, memberships in B with each role (in a membership table, or on the user row
//! itself), and a row for tenant A and for tenant B in every tenant-scoped table — in foreign-key
//! order, with type-correct values inside the CHECKs (lists, ranges, patterns, "not self",
//! ordered pairs), made while the row's user is signed in (triggers and defaults that read
//! `auth.uid()` or a setting see who makes it), retried from Rust when a constraint refuses one
//! (never inside PL/pgSQL: see crates/native/tests/all/engine_gaps.rs).

use super::personas::{IdentityPlan, PKind, Who};
use super::values::{
    check_candidates, check_pattern, column_comparisons, det_uuid, generate, ident, literal,
    qualified, regex_example, role_rank, Gen,
};
use super::Db;
use crate::catalog::{Constraint, Snapshot, Table};
use crate::engine::{Engine, EngineFailure};
use crate::profile::Profile;
use crate::tenancy::{is_role_column, KeyRoot, Tenancy, TenancyClass};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Side {
    A,
    B,
    /// A third tenant with no rows of its own: where users go whose row must name a tenant
    /// although they belong to none (the outsider, platform personas) — never tenant A or B.
    C,
}

/// Whose row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tag {
    A,
    B,
    C,
    /// A user (and their membership): index into [`World::persons`].
    Person(usize),
    /// A row of a table the others need (a lookup), when it has none.
    Global,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Root,
    User,
    Membership,
    Scoped,
    Support,
}

/// Somebody with a user row: tenant A's owner (index 0), then the personas that have users.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub id: String,
    pub tenant: Option<Side>,
    /// Their membership role (value of the role column), when they have a membership.
    pub role: Option<String>,
    /// Values their user rows must carry: (table, column, value) — a platform role.
    pub fixed: Vec<(String, String, String)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Membership {
    /// A membership table, or a user table that carries the tenant itself.
    pub table: String,
    /// The role column, and the values found for it (check list, enum labels or lookup rows).
    pub role_col: Option<String>,
    /// The root (table or key root) it places users in.
    pub root: String,
}

/// The values of a key root for tenants A, B and C.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyVals {
    pub column: String,
    pub type_: String,
    pub a: Option<String>,
    pub b: Option<String>,
    pub c: Option<String>,
}

/// How the fixtures sign in while they make a row (see [`fill_row`]).
#[derive(Debug, Clone)]
pub(crate) struct FixtureContext {
    pub profile: Profile,
    pub plan: IdentityPlan,
    /// The root whose key a row's tenant is told by.
    pub primary_root: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    /// The whole row as Postgres returned it (text of each column; None is NULL).
    pub values: BTreeMap<String, Option<String>>,
    /// The columns the fixture gave explicitly.
    pub explicit: BTreeMap<String, Option<String>>,
    /// Fixture statements this row needs (its own and those of the rows it references).
    pub needs: BTreeSet<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct FixtureStmt {
    pub sql: String,
}

#[derive(Debug, Default)]
pub(crate) struct World {
    pub kinds: BTreeMap<String, Kind>,
    pub order: Vec<String>,
    pub persons: Vec<Person>,
    pub b_owner: usize,
    pub memberships: Vec<Membership>,
    pub rows: BTreeMap<(String, Tag), Row>,
    pub stmts: Vec<FixtureStmt>,
    pub seq: u64,
    /// Key roots (`key:tenant_id`) and their values per tenant.
    pub keys: BTreeMap<String, KeyVals>,
    /// Tables scoped by a key root's column: table → (key root, column).
    pub keyed: BTreeMap<String, (String, String)>,
    /// Some user row must name a tenant although its user belongs to none: tenant C exists.
    pub need_c: bool,
    /// The user table whose key is the user id, and that column.
    pub base_users: Option<(String, String)>,
    /// Values every ordinary user row gets: (table, column, value) — the lowest role value.
    pub user_defaults: Vec<(String, String, String)>,
    /// Signing in while making rows: how, and what is set now.
    pub context: Option<FixtureContext>,
    pub context_now: Vec<String>,
}

pub(crate) fn fks_of<'a>(
    s: &'a Snapshot,
    table: &'a str,
) -> impl Iterator<Item = &'a Constraint> + 'a {
    s.constraints.iter().filter(move |c| {
        c.kind == "foreign_key"
            && format!("{}.{}", c.schema, c.table) == table
            && c.ref_table.is_some()
    })
}

pub(crate) fn fk_target(c: &Constraint) -> String {
    format!(
        "{}.{}",
        c.ref_schema.as_deref().unwrap_or(&c.schema),
        c.ref_table.as_deref().unwrap_or("")
    )
}

pub(crate) fn primary_key(s: &Snapshot, table: &str) -> Vec<String> {
    s.constraints
        .iter()
        .find(|c| c.kind == "primary_key" && format!("{}.{}", c.schema, c.table) == table)
        .map(|c| c.columns.clone())
        .unwrap_or_default()
}

/// Columns whose values must be fresh: primary key, unique constraints and indexes, and columns
/// other tables reference.
pub(crate) fn key_columns(s: &Snapshot, table: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for c in &s.constraints {
        let here = format!("{}.{}", c.schema, c.table) == table;
        if here && matches!(c.kind.as_str(), "primary_key" | "unique") {
            out.extend(c.columns.iter().cloned());
        }
        if c.kind == "foreign_key" && fk_target(c) == table {
            out.extend(c.ref_columns.clone().unwrap_or_default());
        }
    }
    for i in &s.indexes {
        if i.unique && format!("{}.{}", i.schema, i.table) == table {
            out.extend(i.columns.iter().filter(|c| *c != "(expression)").cloned());
        }
    }
    out
}

/// Which table links users to each root: a table referencing the root (or carrying a key root's
/// column) and a user table, with a role column or a member-ish name (a role column, the name
/// and a NOT NULL user column make it likelier); else a user table that carries the tenant
/// itself (`profiles.organization_id`, `users.tenant_id`), with its role column if it has one.
pub(crate) fn find_memberships(s: &Snapshot, tenancy: &Tenancy) -> Vec<Membership> {
    let users: BTreeSet<String> = tenancy.user_table_names().into_iter().collect();
    let mut out = Vec::new();
    for root in tenancy.root_names() {
        let key = KeyRoot::find(tenancy, &root);
        let links_root = |name: &str, t: &Table| match key {
            Some(k) => {
                k.tables.iter().any(|x| x == name) && t.columns.iter().any(|c| c.name == k.column)
            }
            None => fks_of(s, name).any(|c| fk_target(c) == root),
        };
        let mut best: Option<(i32, String, Option<String>)> = None;
        for t in &s.tables {
            let name = t.qualified();
            if users.contains(&name) || name == root {
                continue;
            }
            let fks: Vec<&Constraint> = fks_of(s, &name).collect();
            let Some(to_user) = fks.iter().find(|c| users.contains(&fk_target(c))) else {
                continue;
            };
            if !links_root(&name, t) {
                continue;
            }
            let role_col =
                t.columns.iter().find(|c| is_role_column(&c.name)).map(|c| c.name.clone());
            let named =
                t.name.contains("member") || t.name.split('_').any(|w| w == "user" || w == "users");
            if role_col.is_none() && !named {
                continue;
            }
            let mut score = 0;
            if t.name.contains("member") {
                score += 4;
            }
            if t.name.split('_').any(|w| w == "user" || w == "users") {
                score += 1;
            }
            if role_col.is_some() {
                score += 2;
            }
            if to_user.columns.iter().all(|c| t.columns.iter().any(|x| &x.name == c && x.not_null))
            {
                score += 2;
            }
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, name, role_col));
            }
        }
        if best.is_none() {
            // Membership on the user row itself.
            for u in &users {
                let Some(t) = s.table(u) else { continue };
                if links_root(u, t) {
                    let role_col =
                        t.columns.iter().find(|c| is_role_column(&c.name)).map(|c| c.name.clone());
                    best = Some((0, u.clone(), role_col));
                    break;
                }
            }
        }
        if let Some((_, table, role_col)) = best {
            out.push(Membership { table, role_col, root: root.clone() });
        }
    }
    out
}

/// Role values straight from the catalog: the CHECK list on the role column, or its enum labels.
pub(crate) fn role_values_from_catalog(s: &Snapshot, m: &Membership) -> Vec<String> {
    let Some(col) = &m.role_col else { return vec![] };
    let Some(t) = s.table(&m.table) else { return vec![] };
    let Some(c) = t.columns.iter().find(|c| &c.name == col) else { return vec![] };
    let mut vals = Vec::new();
    for k in s.constraints.iter().filter(|k| {
        k.kind == "check"
            && format!("{}.{}", k.schema, k.table) == m.table
            && k.columns.contains(col)
    }) {
        for v in check_candidates(&k.definition, col) {
            if !vals.contains(&v) {
                vals.push(v);
            }
        }
    }
    if vals.is_empty() {
        if let Some(labels) = enum_labels(s, &c.type_) {
            vals = labels.to_vec();
        }
    }
    vals
}

pub(crate) fn enum_labels<'a>(s: &'a Snapshot, type_: &str) -> Option<&'a [String]> {
    let t = type_.replace('"', "");
    s.enums
        .iter()
        .find(|e| t == e.name || t == format!("{}.{}", e.schema, e.name))
        .map(|e| e.labels.as_slice())
}

/// Which tables get fixture rows, of which kind, and in which order (parents first).
pub(crate) fn plan(
    s: &Snapshot,
    tenancy: &Tenancy,
    memberships: &[Membership],
) -> (BTreeMap<String, Kind>, Vec<String>) {
    let mut kinds: BTreeMap<String, Kind> = BTreeMap::new();
    for u in tenancy.user_table_names() {
        kinds.insert(u, Kind::User);
    }
    for (name, tt) in &tenancy.tables {
        if tt.class == TenancyClass::Root {
            kinds.insert(name.clone(), Kind::Root);
        } else if tt.class.is_tenant_scoped() {
            kinds.entry(name.clone()).or_insert(Kind::Scoped);
        }
    }
    for m in memberships {
        // A user table that carries the membership stays a user table: every person gets a row.
        if kinds.get(&m.table) != Some(&Kind::User) {
            kinds.insert(m.table.clone(), Kind::Membership);
        }
    }
    // Lookups the others need (NOT NULL foreign keys to tables outside the world).
    let mut todo: Vec<String> = kinds.keys().cloned().collect();
    while let Some(t) = todo.pop() {
        let Some(table) = s.table(&t) else { continue };
        for c in fks_of(s, &t) {
            let target = fk_target(c);
            if kinds.contains_key(&target) || !required(table, c) {
                continue;
            }
            kinds.insert(target.clone(), Kind::Support);
            todo.push(target);
        }
    }
    kinds.retain(|t, _| s.table(t).is_some());
    // Parents first; on a cycle, drop the optional (nullable) edges first.
    let mut edges: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
    for t in kinds.keys() {
        let table = s.table(t).unwrap();
        let mut out = Vec::new();
        for c in fks_of(s, t) {
            let target = fk_target(c);
            if &target != t && kinds.contains_key(&target) {
                out.push((target, required(table, c)));
            }
        }
        edges.insert(t.clone(), out);
    }
    let mut order = Vec::new();
    let mut left: BTreeSet<String> = kinds.keys().cloned().collect();
    while !left.is_empty() {
        let ready = |strict: bool| {
            left.iter()
                .find(|t| edges[*t].iter().all(|(p, req)| !left.contains(p) || (!strict && !req)))
                .cloned()
        };
        let next = ready(true)
            .or_else(|| ready(false))
            .unwrap_or_else(|| left.iter().next().unwrap().clone());
        left.remove(&next);
        order.push(next);
    }
    (kinds, order)
}

/// Every column of the foreign key is NOT NULL.
fn required(t: &Table, c: &Constraint) -> bool {
    c.columns.iter().all(|col| t.columns.iter().any(|x| &x.name == col && x.not_null))
}

/// Some user row must name a tenant although its user belongs to none: a user table with a NOT
/// NULL foreign key to a root, or a NOT NULL key root column.
pub(crate) fn needs_tenant_c(s: &Snapshot, w: &World) -> bool {
    w.kinds.iter().filter(|(_, k)| **k == Kind::User).any(|(u, _)| {
        let Some(t) = s.table(u) else { return false };
        fks_of(s, u).any(|c| w.kinds.get(&fk_target(c)) == Some(&Kind::Root) && required(t, c))
            || w.keyed
                .get(u)
                .is_some_and(|(_, col)| t.columns.iter().any(|c| &c.name == col && c.not_null))
    })
}

/// The row specs of a table: whose rows it gets.
pub(crate) fn tags_for(w: &World, table: &str, a_exists: bool) -> Vec<Tag> {
    match w.kinds[table] {
        Kind::Root => {
            let mut tags = if a_exists { vec![Tag::B] } else { vec![Tag::A, Tag::B] };
            if w.need_c {
                tags.push(Tag::C);
            }
            tags
        }
        Kind::User => (0..w.persons.len()).map(Tag::Person).collect(),
        // Tenant A's owner and the members of B (not the outsider, who belongs nowhere).
        Kind::Membership => (0..w.persons.len())
            .filter(|&p| matches!(w.persons[p].tenant, Some(Side::A | Side::B)))
            .map(Tag::Person)
            .collect(),
        Kind::Scoped => vec![Tag::A, Tag::B],
        Kind::Support => vec![Tag::Global],
    }
}

impl World {
    pub fn tenant_of(&self, tag: Tag) -> Option<Side> {
        match tag {
            Tag::A => Some(Side::A),
            Tag::B => Some(Side::B),
            Tag::C => Some(Side::C),
            Tag::Person(p) => self.persons.get(p).and_then(|x| x.tenant),
            Tag::Global => None,
        }
    }

    pub fn person_of(&self, tag: Tag) -> Option<usize> {
        if self.persons.is_empty() {
            return None;
        }
        match tag {
            Tag::A => Some(0),
            Tag::B => Some(self.b_owner),
            Tag::C => Some(1.min(self.persons.len() - 1)),
            Tag::Person(p) => Some(p),
            Tag::Global => Some(0),
        }
    }

    /// The key of a tenant in a root (a table's row, or a key root's value), as text.
    pub fn tenant_key(&self, s: &Snapshot, root: &str, side: Side) -> Option<String> {
        if let Some(k) = self.keys.get(root) {
            return match side {
                Side::A => k.a.clone(),
                Side::B => k.b.clone(),
                Side::C => k.c.clone(),
            };
        }
        let tag = match side {
            Side::A => Tag::A,
            Side::B => Tag::B,
            Side::C => Tag::C,
        };
        self.rows.get(&(root.to_string(), tag)).and_then(|row| root_key_text(s, root, row))
    }

    /// The user id of a person (their row in the base user table), once it exists.
    pub fn user_id(&self, p: usize) -> Option<String> {
        let (t, col) = self.base_users.as_ref()?;
        self.rows.get(&(t.clone(), Tag::Person(p)))?.values.get(col).cloned().flatten()
    }

    /// The row a foreign key of a `tag` row points at, by the kind of its target.
    pub fn target_row(&self, target: &str, tag: Tag) -> Option<(String, Tag)> {
        let side = |t: Tag| {
            let wanted = match self.tenant_of(t) {
                Some(Side::A) => Tag::A,
                Some(Side::B) => Tag::B,
                Some(Side::C) => Tag::C,
                None if self.need_c => Tag::C,
                None => Tag::B,
            };
            if wanted == Tag::C && !self.rows.contains_key(&(target.to_string(), Tag::C)) {
                Tag::B
            } else {
                wanted
            }
        };
        let key = match self.kinds.get(target)? {
            Kind::Root | Kind::Scoped => side(tag),
            Kind::User => Tag::Person(self.person_of(tag)?),
            Kind::Membership => {
                let p = self.person_of(tag)?;
                if self.rows.contains_key(&(target.to_string(), Tag::Person(p))) {
                    Tag::Person(p)
                } else if self.tenant_of(tag) == Some(Side::A) {
                    Tag::Person(0)
                } else {
                    Tag::Person(self.b_owner)
                }
            }
            Kind::Support => Tag::Global,
        };
        Some((target.to_string(), key))
    }

    /// The row of tenant A in a table (the one an INSERT copies and a move points at).
    pub fn a_row(&self, table: &str) -> Option<&Row> {
        match self.kinds.get(table)? {
            Kind::User | Kind::Membership => self.rows.get(&(table.to_string(), Tag::Person(0))),
            _ => self.rows.get(&(table.to_string(), Tag::A)),
        }
    }

    /// The row a persona moves: their own user row (whatever tenant it names, none included:
    /// moving it into tenant A is joining A), their own membership in B, else tenant B's row.
    pub fn b_row(&self, table: &str, person: Option<usize>) -> Option<&Row> {
        let own = person.and_then(|p| self.rows.get(&(table.to_string(), Tag::Person(p))));
        match self.kinds.get(table)? {
            Kind::User => {
                own.or_else(|| self.rows.get(&(table.to_string(), Tag::Person(self.b_owner))))
            }
            Kind::Membership => own
                .filter(|_| person.and_then(|p| self.persons[p].tenant) == Some(Side::B))
                .or_else(|| self.rows.get(&(table.to_string(), Tag::Person(self.b_owner)))),
            _ => self.rows.get(&(table.to_string(), Tag::B)),
        }
    }

    /// The table holds memberships: a membership table, or a user table carrying the tenant.
    pub fn is_membership(&self, table: &str) -> bool {
        self.memberships.iter().any(|m| m.table == table)
    }
}

/// The key of a root row as the tenant expression writes it.
pub(crate) fn root_key_text(s: &Snapshot, root: &str, row: &Row) -> Option<String> {
    let pk = primary_key(s, root);
    if pk.len() == 1 {
        row.values.get(&pk[0]).cloned().flatten()
    } else {
        let parts: Option<Vec<String>> =
            pk.iter().map(|c| row.values.get(c).cloned().flatten()).collect();
        parts.map(|p| format!("({})", p.join(",")))
    }
}

/// Retry state of one row.
#[derive(Default)]
struct Attempt {
    forced: BTreeSet<String>,
    alt: BTreeMap<String, usize>,
    /// Columns a "not self" CHECK wants different from another: their reference goes to another row.
    other: BTreeSet<String>,
    /// Columns whose CHECK pattern the usual value missed: generated from the pattern.
    pattern: BTreeSet<String>,
}

pub(crate) struct Values {
    pub cols: Vec<String>,
    pub vals: Vec<Option<String>>,
    pub overriding: bool,
    pub needs: BTreeSet<usize>,
    /// Columns set from foreign keys.
    pub from_fk: BTreeSet<String>,
    /// Columns that place the row (its tenant, its membership role, a platform role): a row a
    /// trigger made must be corrected to them.
    pub placement: BTreeSet<String>,
}

impl Values {
    pub fn insert_sql(&self, s: &Snapshot, table: &str) -> String {
        let t = s.table(table).unwrap();
        let ty = |c: &str| {
            t.columns
                .iter()
                .find(|x| x.name == c)
                .map(|x| x.type_.clone())
                .unwrap_or_else(|| "text".into())
        };
        if self.cols.is_empty() {
            return format!("insert into {} default values", qualified(table));
        }
        let cols: Vec<String> = self.cols.iter().map(|c| ident(c)).collect();
        let lits: Vec<String> =
            self.cols.iter().zip(&self.vals).map(|(c, v)| literal(v.as_deref(), &ty(c))).collect();
        let ov = if self.overriding { " overriding system value" } else { "" };
        format!(
            "insert into {} ({}){ov} values ({})",
            qualified(table),
            cols.join(", "),
            lits.join(", ")
        )
    }

    /// The same insert, returning the whole row as JSON (for the fixture's bookkeeping).
    pub fn insert_returning(&self, s: &Snapshot, table: &str) -> String {
        let sql = self.insert_sql(s, table);
        let q = qualified(table);
        format!(
            "{} returning to_jsonb(tp_row)::text",
            sql.replacen(&format!("insert into {q}"), &format!("insert into {q} as tp_row"), 1)
        )
    }
}

/// The values of one fixture row of `table` for `tag`.
fn values_for(
    s: &Snapshot,
    w: &mut World,
    table: &str,
    tag: Tag,
    at: &Attempt,
) -> Result<Values, String> {
    let t = s.table(table).ok_or_else(|| format!("{table} is not in the catalog"))?;
    let keys = key_columns(s, table);
    let mut set: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut needs = BTreeSet::new();
    let mut from_fk = BTreeSet::new();
    let mut placement = BTreeSet::new();
    let tenant = w.tenant_of(tag);
    let kind = w.kinds[table];
    // Foreign keys: tenant-scoped targets first (composite keys carry the tenant along).
    let mut fks: Vec<&Constraint> = fks_of(s, table).collect();
    let rank = |c: &&Constraint| match w.kinds.get(&fk_target(c)) {
        Some(Kind::Scoped | Kind::Membership) => 0,
        Some(Kind::Root) => 1,
        Some(Kind::User) => 2,
        _ => 3,
    };
    fks.sort_by_key(rank);
    let mut self_fks = Vec::new();
    for c in fks {
        let target = fk_target(c);
        if target == table {
            self_fks.push(c);
            continue;
        }
        let target_kind = w.kinds.get(&target).copied();
        let link = matches!(target_kind, Some(Kind::Root | Kind::Scoped | Kind::Membership))
            && tenant.is_some()
            || target_kind == Some(Kind::User) && matches!(kind, Kind::Membership | Kind::User);
        let forced = c.columns.iter().any(|x| at.forced.contains(x));
        if !required(t, c) && !link && !forced {
            continue;
        }
        let mut key = w.target_row(&target, tag);
        // A "not self" CHECK: this reference goes to somebody else's row.
        if c.columns.iter().any(|x| at.other.contains(x)) && target_kind == Some(Kind::User) {
            let me = w.person_of(tag);
            key = (0..w.persons.len())
                .filter(|q| Some(*q) != me)
                .map(|q| (target.clone(), Tag::Person(q)))
                .find(|k| w.rows.contains_key(k))
                .or(key);
        }
        let row = key.and_then(|k| w.rows.get(&k));
        let Some(row) = row else {
            if required(t, c) {
                return Err(format!(
                    "needs a row in {target} (foreign key {}), which has none",
                    c.name
                ));
            }
            continue;
        };
        let refs = c.ref_columns.clone().unwrap_or_default();
        for (col, rc) in c.columns.iter().zip(&refs) {
            if !set.contains_key(col) {
                set.insert(col.clone(), row.values.get(rc).cloned().flatten());
                from_fk.insert(col.clone());
                if link && matches!(target_kind, Some(Kind::Root | Kind::Scoped | Kind::Membership))
                {
                    placement.insert(col.clone());
                }
            }
        }
        needs.extend(row.needs.iter().copied());
    }
    // A key root's column: the tenant's value (none for a row of nobody's, unless it must have one).
    if let Some((root, col)) = w.keyed.get(table).cloned() {
        let must = t.columns.iter().any(|c| c.name == col && c.not_null);
        let side = tenant.or(must.then_some(Side::C));
        if let Some(v) = side.and_then(|sd| w.tenant_key(s, &root, sd)) {
            set.insert(col.clone(), Some(v));
            placement.insert(col);
        }
    }
    // The membership's role (a membership table, or the user row that carries the membership).
    if let (Some(m), Tag::Person(p)) =
        (w.memberships.iter().find(|m| m.table == table).cloned(), tag)
    {
        if let Some(col) = &m.role_col {
            let role = w.persons[p].role.clone().or_else(|| lowest_role(s, table, col));
            if let Some(role) = role {
                set.insert(col.clone(), Some(role));
                placement.insert(col.clone());
            }
        }
    }
    // A user's platform role, and the lowest value for everybody else.
    if let (Kind::User, Tag::Person(p)) = (kind, tag) {
        let fixed: Vec<(String, String, String)> = w.persons[p]
            .fixed
            .iter()
            .chain(&w.user_defaults)
            .filter(|(tb, _, _)| tb == table)
            .cloned()
            .collect();
        for (_, col, value) in fixed {
            if let std::collections::btree_map::Entry::Vacant(e) = set.entry(col.clone()) {
                e.insert(Some(value));
                placement.insert(col);
            }
        }
    }
    let fk_cols: BTreeSet<&String> =
        fks_of(s, table).filter(|c| fk_target(c) != table).flat_map(|c| c.columns.iter()).collect();
    let tag_text = match tag {
        Tag::A => "a".to_string(),
        Tag::B => "b".to_string(),
        Tag::C => "c".to_string(),
        Tag::Person(p) => format!("u{p}"),
        Tag::Global => "g".to_string(),
    };
    let mut overriding = false;
    for c in &t.columns {
        if c.generated.is_some()
            || set.contains_key(&c.name)
            || fk_cols.contains(&c.name) && !at.forced.contains(&c.name)
        {
            continue;
        }
        let key = keys.contains(&c.name);
        let needed = key
            || at.forced.contains(&c.name)
            || c.not_null && c.default.is_none() && c.identity.is_none();
        if !needed {
            continue;
        }
        if c.identity.as_deref() == Some("a") {
            overriding = true;
        }
        w.seq += 1;
        let alt = at.alt.get(&c.name).copied().unwrap_or(0);
        if at.pattern.contains(&c.name) {
            let pattern =
                table_checks(s, table, &c.name).find_map(|k| check_pattern(&k.definition, &c.name));
            if let Some(v) = pattern.and_then(|p| regex_example(&p, w.seq * 7 + alt as u64)) {
                set.insert(c.name.clone(), Some(v));
                continue;
            }
        }
        let mut candidates: Vec<String> = table_checks(s, table, &c.name)
            .flat_map(|k| check_candidates(&k.definition, &c.name))
            .collect();
        let mut labels: Option<Vec<String>> = enum_labels(s, &c.type_).map(|l| l.to_vec());
        // A role: never hand out a privileged value by accident — the lowest comes first.
        if is_role_column(&c.name) {
            candidates.sort_by_key(|v| role_rank(v));
            if let Some(l) = labels.as_mut() {
                l.sort_by_key(|v| role_rank(v));
            }
        }
        let g = Gen {
            table,
            column: &c.name,
            type_: &c.type_,
            tag: &tag_text,
            seq: w.seq,
            alt,
            key,
            candidates: &candidates,
            enum_labels: labels.as_deref(),
        };
        set.insert(c.name.clone(), Some(generate(&g)));
    }
    // A NOT NULL reference to the row itself: point it at itself.
    for c in self_fks {
        let refs = c.ref_columns.clone().unwrap_or_default();
        if required(t, c) || c.columns.iter().any(|x| at.forced.contains(x)) {
            for (col, rc) in c.columns.iter().zip(&refs) {
                let v = set.get(rc).cloned().flatten();
                set.insert(col.clone(), v);
            }
        }
    }
    let order: Vec<String> =
        t.columns.iter().map(|c| c.name.clone()).filter(|c| set.contains_key(c)).collect();
    let vals = order.iter().map(|c| set[c].clone()).collect();
    Ok(Values { cols: order, vals, overriding, needs, from_fk, placement })
}

/// A fresh value for a key column of a new row (an INSERT probe): inside its CHECKs, from the
/// CHECK's pattern when it has one.
pub(crate) fn fresh_value(
    s: &Snapshot,
    w: &mut World,
    table: &str,
    c: &crate::catalog::Column,
    tag: &str,
) -> String {
    w.seq += 1;
    if let Some(v) = table_checks(s, table, &c.name)
        .find_map(|k| check_pattern(&k.definition, &c.name))
        .and_then(|p| regex_example(&p, w.seq * 7))
    {
        return v;
    }
    let candidates: Vec<String> = table_checks(s, table, &c.name)
        .flat_map(|k| check_candidates(&k.definition, &c.name))
        .collect();
    let g = Gen {
        table,
        column: &c.name,
        type_: &c.type_,
        tag,
        seq: w.seq,
        alt: 0,
        key: true,
        candidates: &candidates,
        enum_labels: enum_labels(s, &c.type_),
    };
    generate(&g)
}

/// The CHECK constraints of `table` that involve `column`.
pub(crate) fn table_checks<'a>(
    s: &'a Snapshot,
    table: &'a str,
    column: &'a str,
) -> impl Iterator<Item = &'a Constraint> + 'a {
    s.constraints.iter().filter(move |k| {
        k.kind == "check"
            && format!("{}.{}", k.schema, k.table) == table
            && k.columns.iter().any(|c| c == column)
    })
}

/// The lowest value a role column allows (its CHECK list or enum labels), by [`role_rank`].
pub(crate) fn lowest_role(s: &Snapshot, table: &str, column: &str) -> Option<String> {
    let m = Membership {
        table: table.to_string(),
        role_col: Some(column.to_string()),
        root: String::new(),
    };
    role_values_from_catalog(s, &m).into_iter().min_by_key(|v| role_rank(v))
}

/// The text of each column of a row given as JSON (`to_jsonb(row)`).
pub(crate) fn row_from_json(text: &str) -> Option<BTreeMap<String, Option<String>>> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let obj = v.as_object()?;
    Some(
        obj.iter()
            .map(|(k, v)| {
                let t = match v {
                    serde_json::Value::Null => None,
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Bool(b) => Some(b.to_string()),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    other => Some(other.to_string()),
                };
                (k.clone(), t)
            })
            .collect(),
    )
}

fn quoted_name(msg: &str, after: &str) -> Option<String> {
    let i = msg.find(after)? + after.len();
    let rest = msg[i..].trim_start().strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

/// `Key (a, b)=(…) already exists.` → [a, b]
fn conflict_columns(detail: &str) -> Vec<String> {
    let Some(rest) = detail.strip_prefix("Key (") else { return vec![] };
    let Some(end) = rest.find(")=(") else { return vec![] };
    rest[..end].split(',').map(|c| c.trim().trim_matches('"').to_string()).collect()
}

/// Sign in as the person a `tag` row belongs to (its tenant's key, that person's user id) before
/// making it, when the schema reads an identity: returns the statements that did it (they go in
/// front of the fixture statement, so a reproduction replays them too).
async fn sign_in_for<E: Engine>(
    db: &mut Db<'_, E>,
    s: &Snapshot,
    w: &mut World,
    tag: Tag,
) -> Result<Vec<String>, EngineFailure> {
    let Some(cx) = w.context.clone() else { return Ok(vec![]) };
    let person = w.person_of(tag);
    let user = person
        .and_then(|p| w.user_id(p))
        .or_else(|| person.map(|p| det_uuid(&format!("user:{}", w.persons[p].id))));
    let email = person.and_then(|p| {
        let (t, _) = w.base_users.as_ref()?;
        w.rows.get(&(t.clone(), Tag::Person(p)))?.values.get("email").cloned().flatten()
    });
    let tenant = w.tenant_of(tag).and_then(|side| w.tenant_key(s, &cx.primary_root, side));
    let who = Who {
        kind: PKind::Member,
        db_role: "",
        user_id: user.as_deref(),
        email: email.as_deref(),
        tenant: tenant.as_deref(),
    };
    let lines = super::personas::context_sql(cx.profile, &who, &cx.plan);
    if lines != w.context_now {
        let o = db.exec(&lines.join(" ")).await?;
        if let Some(e) = o.error {
            return Err(EngineFailure::Crashed(format!(
                "leak probes: could not sign in for a fixture row: {} ({})",
                e.message, e.sqlstate
            )));
        }
        w.context_now = lines.clone();
    }
    Ok(lines)
}

/// Insert one fixture row, retrying as the errors say. Ok(Err(why)) when it was refused for good.
pub(crate) async fn fill_row<E: Engine>(
    db: &mut Db<'_, E>,
    s: &Snapshot,
    w: &mut World,
    table: &str,
    tag: Tag,
) -> Result<Result<(), String>, EngineFailure> {
    let mut at = Attempt::default();
    let mut last = String::new();
    let signed = sign_in_for(db, s, w, tag).await?;
    let prefix = |sql: &str| {
        if signed.is_empty() {
            sql.to_string()
        } else {
            format!("{}\n{sql}", signed.join("\n"))
        }
    };
    for _ in 0..8 {
        let v = match values_for(s, w, table, tag, &at) {
            Ok(v) => v,
            Err(why) => return Ok(Err(why)),
        };
        // A row keyed by its references alone (a profile per user) may exist already: a trigger
        // made it. Take it rather than provoke the unique violation (errors are costly).
        let pk = primary_key(s, table);
        if !pk.is_empty() && pk.iter().all(|c| v.from_fk.contains(c)) {
            if let Some(values) = find_row(db, s, table, &pk, &v).await? {
                return take_existing(db, s, w, table, tag, &pk, &v, values).await;
            }
        }
        let sql = v.insert_sql(s, table);
        let returning = v.insert_returning(s, table);
        match db.step_query(&returning, true).await? {
            Ok(text) => {
                let values = row_from_json(&text).unwrap_or_default();
                w.stmts.push(FixtureStmt { sql: prefix(&sql) });
                let mut needs = v.needs.clone();
                needs.insert(w.stmts.len() - 1);
                let explicit = v.cols.iter().cloned().zip(v.vals.iter().cloned()).collect();
                w.rows.insert((table.to_string(), tag), Row { values, explicit, needs });
                return Ok(Ok(()));
            }
            Err(e) => {
                last = format!("{} ({})", e.message, e.sqlstate);
                match e.sqlstate.as_str() {
                    "23502" => match quoted_name(&e.message, "column") {
                        Some(c) if !at.forced.contains(&c) => {
                            at.forced.insert(c);
                        }
                        _ => return Ok(Err(last)),
                    },
                    "23514" => {
                        let Some(name) = quoted_name(&e.message, "check constraint") else {
                            return Ok(Err(last));
                        };
                        let Some(k) = s.constraints.iter().find(|k| {
                            k.kind == "check"
                                && k.name == name
                                && format!("{}.{}", k.schema, k.table) == table
                        }) else {
                            return Ok(Err(last));
                        };
                        if k.columns.is_empty() {
                            return Ok(Err(last));
                        }
                        let pairs = column_comparisons(&k.definition, &k.columns);
                        if !pairs.is_empty() {
                            // Two columns of the row compared: make them differ, or order them.
                            for (l, op, r) in pairs {
                                match op.as_str() {
                                    "<>" | "!=" => {
                                        at.other.insert(r.clone());
                                        *at.alt.entry(r.clone()).or_default() += 1;
                                        at.forced.insert(r);
                                    }
                                    ">" | ">=" => {
                                        *at.alt.entry(l.clone()).or_default() += 1;
                                        at.forced.insert(l);
                                    }
                                    _ => {
                                        *at.alt.entry(r.clone()).or_default() += 1;
                                        at.forced.insert(r);
                                    }
                                }
                            }
                            continue;
                        }
                        for c in k.columns.clone() {
                            if check_pattern(&k.definition, &c).is_some()
                                && !at.pattern.contains(&c)
                            {
                                at.pattern.insert(c.clone());
                            } else if v.cols.contains(&c) {
                                // Given already: try its next value; left to its default: give one.
                                *at.alt.entry(c.clone()).or_default() += 1;
                            }
                            at.forced.insert(c);
                        }
                    }
                    "23505" => {
                        let cols = conflict_columns(e.detail.as_deref().unwrap_or(""));
                        // The row is already there (a trigger made it): take it.
                        if !cols.is_empty() && cols.iter().all(|c| v.from_fk.contains(c)) {
                            if let Some(values) = find_row(db, s, table, &cols, &v).await? {
                                return take_existing(db, s, w, table, tag, &cols, &v, values)
                                    .await;
                            }
                            return Ok(Err(last));
                        }
                        // Otherwise the next attempt draws fresh values.
                    }
                    _ => return Ok(Err(last)),
                }
            }
        }
    }
    Ok(Err(last))
}

/// Take a row a trigger made (a profile per user, a membership in a default tenant) as this
/// fixture row — after correcting what places it: its tenant, its membership role, a platform
/// role (a sign-up trigger leaves a profile in no tenant, or in its own default one).
#[allow(clippy::too_many_arguments)]
async fn take_existing<E: Engine>(
    db: &mut Db<'_, E>,
    s: &Snapshot,
    w: &mut World,
    table: &str,
    tag: Tag,
    key: &[String],
    v: &Values,
    mut values: BTreeMap<String, Option<String>>,
) -> Result<Result<(), String>, EngineFailure> {
    let explicit: BTreeMap<String, Option<String>> =
        v.cols.iter().cloned().zip(v.vals.iter().cloned()).collect();
    let mut needs = v.needs.clone();
    let wrong: Vec<&String> = v
        .placement
        .iter()
        .filter(|c| explicit.get(*c).cloned().flatten() != values.get(*c).cloned().flatten())
        .collect();
    if !wrong.is_empty() {
        let t = s.table(table).unwrap();
        let ty = |c: &str| {
            t.columns
                .iter()
                .find(|x| x.name == c)
                .map(|x| x.type_.clone())
                .unwrap_or_else(|| "text".into())
        };
        let sets: Vec<String> = wrong
            .iter()
            .map(|c| format!("{} = {}", ident(c), literal(explicit[*c].as_deref(), &ty(c))))
            .collect();
        let cond: Vec<String> = key
            .iter()
            .map(|c| {
                format!(
                    "{} = {}",
                    ident(c),
                    literal(values.get(c).cloned().flatten().as_deref(), &ty(c))
                )
            })
            .collect();
        let sql = format!(
            "update {} set {} where {}",
            qualified(table),
            sets.join(", "),
            cond.join(" and ")
        );
        let q = format!("{sql} returning to_jsonb({})::text", ident(&t.name));
        match db
            .step_query(
                &q.replacen(
                    &format!("update {}", qualified(table)),
                    &format!("update {} as {}", qualified(table), ident(&t.name)),
                    1,
                ),
                true,
            )
            .await?
        {
            Ok(text) => {
                values = row_from_json(&text).unwrap_or(values);
                w.stmts.push(FixtureStmt { sql });
                needs.insert(w.stmts.len() - 1);
            }
            Err(e) => {
                return Ok(Err(format!(
                    "a trigger made this row, and placing it ({}) was refused: {} ({})",
                    sets.join(", "),
                    e.message,
                    e.sqlstate
                )))
            }
        }
    }
    w.rows.insert((table.to_string(), tag), Row { values, explicit, needs });
    Ok(Ok(()))
}

/// The row of `table` whose `cols` hold the values `v` gives them.
async fn find_row<E: Engine>(
    db: &mut Db<'_, E>,
    s: &Snapshot,
    table: &str,
    cols: &[String],
    v: &Values,
) -> Result<Option<BTreeMap<String, Option<String>>>, EngineFailure> {
    let t = s.table(table).unwrap();
    let mut cond = Vec::new();
    for c in cols {
        let Some(i) = v.cols.iter().position(|x| x == c) else { return Ok(None) };
        let ty =
            t.columns.iter().find(|x| &x.name == c).map(|x| x.type_.as_str()).unwrap_or("text");
        cond.push(format!("t.{} = {}", ident(c), literal(v.vals[i].as_deref(), ty)));
    }
    let q = format!(
        "select to_jsonb(t)::text from {} t where {} limit 1",
        qualified(table),
        cond.join(" and ")
    );
    Ok(match db.step_query(&q, false).await? {
        Ok(text) => row_from_json(&text),
        Err(_) => None,
    })
}

/// An existing row of `table` (the first by primary key whose key is not one of `except`), as
/// text per column.
pub(crate) async fn existing_row<E: Engine>(
    db: &mut Db<'_, E>,
    s: &Snapshot,
    table: &str,
    except: &[String],
) -> Result<Option<BTreeMap<String, Option<String>>>, EngineFailure> {
    let pk = primary_key(s, table);
    let order = if pk.is_empty() {
        String::new()
    } else {
        format!(
            " order by {}",
            pk.iter().map(|c| format!("t.{}", ident(c))).collect::<Vec<_>>().join(", ")
        )
    };
    let cond = match (pk.len(), except.is_empty()) {
        (0, _) | (_, true) => String::new(),
        (n, false) => {
            let key = if n == 1 {
                format!("t.{}::text", ident(&pk[0]))
            } else {
                format!(
                    "row({})::text",
                    pk.iter().map(|c| format!("t.{}", ident(c))).collect::<Vec<_>>().join(", ")
                )
            };
            format!(
                " where {key} <> all (array[{}]::text[])",
                except.iter().map(|k| super::values::quote(k)).collect::<Vec<_>>().join(", ")
            )
        }
    };
    let q = format!("select to_jsonb(t)::text from {} t{cond}{order} limit 1", qualified(table));
    Ok(match db.step_query(&q, false).await? {
        Ok(text) => row_from_json(&text),
        Err(_) => None,
    })
}

/// The INSERT … RETURNING of a `tag` row of `table` as the fixtures would make it (used to see
/// where a sign-up trigger puts a new user, in a savepoint that is rolled back).
pub(crate) fn insert_returning_for(
    s: &Snapshot,
    w: &mut World,
    table: &str,
    tag: Tag,
) -> Option<String> {
    values_for(s, w, table, tag, &Attempt::default()).ok().map(|v| v.insert_returning(s, table))
}
