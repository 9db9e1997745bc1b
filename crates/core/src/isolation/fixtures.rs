//! The second world: tenant B (a new row in each root), users for the personas, memberships in B
//! with each role, and a row for tenant A and for tenant B in every tenant-scoped table — in
//! foreign-key order, with type-correct values, retried from Rust when a CHECK, NOT NULL or
//! unique constraint refuses one (never inside PL/pgSQL: see crates/native/tests/engine_gaps.rs).

use super::values::{check_candidates, generate, ident, literal, qualified, Gen};
use super::Db;
use crate::catalog::{Constraint, Snapshot, Table};
use crate::engine::{Engine, EngineFailure};
use crate::tenancy::{Tenancy, TenancyClass};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Side {
    A,
    B,
}

/// Whose row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tag {
    A,
    B,
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
}

#[derive(Debug, Clone)]
pub(crate) struct Membership {
    pub table: String,
    /// The role column, and the values found for it (check list, enum labels or lookup rows).
    pub role_col: Option<String>,
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
}

pub(crate) fn fks_of<'a>(s: &'a Snapshot, table: &'a str) -> impl Iterator<Item = &'a Constraint> + 'a {
    s.constraints.iter().filter(move |c| c.kind == "foreign_key" && format!("{}.{}", c.schema, c.table) == table && c.ref_table.is_some())
}

pub(crate) fn fk_target(c: &Constraint) -> String {
    format!("{}.{}", c.ref_schema.as_deref().unwrap_or(&c.schema), c.ref_table.as_deref().unwrap_or(""))
}

pub(crate) fn primary_key(s: &Snapshot, table: &str) -> Vec<String> {
    s.constraints.iter().find(|c| c.kind == "primary_key" && format!("{}.{}", c.schema, c.table) == table).map(|c| c.columns.clone()).unwrap_or_default()
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

/// Which membership table links users to each root: references the root and a user table; a
/// role column, a member-ish name and a NOT NULL user column make it likelier.
pub(crate) fn find_memberships(s: &Snapshot, tenancy: &Tenancy) -> Vec<Membership> {
    let users: BTreeSet<String> = tenancy.user_table_names().into_iter().collect();
    let mut out = Vec::new();
    for root in tenancy.root_names() {
        let mut best: Option<(i32, String, Option<String>)> = None;
        for t in &s.tables {
            let name = t.qualified();
            if users.contains(&name) || name == root {
                continue;
            }
            let fks: Vec<&Constraint> = fks_of(s, &name).collect();
            let Some(to_user) = fks.iter().find(|c| users.contains(&fk_target(c))) else { continue };
            if !fks.iter().any(|c| fk_target(c) == root) {
                continue;
            }
            let role_col = t.columns.iter().find(|c| matches!(c.name.as_str(), "role" | "role_id" | "member_role" | "roles")).map(|c| c.name.clone());
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
            if to_user.columns.iter().all(|c| t.columns.iter().any(|x| &x.name == c && x.not_null)) {
                score += 2;
            }
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, name, role_col));
            }
        }
        if let Some((_, table, role_col)) = best {
            out.push(Membership { table, role_col });
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
    for k in s.constraints.iter().filter(|k| k.kind == "check" && format!("{}.{}", k.schema, k.table) == m.table && k.columns.contains(col)) {
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
    s.enums.iter().find(|e| t == e.name || t == format!("{}.{}", e.schema, e.name)).map(|e| e.labels.as_slice())
}

/// Which tables get fixture rows, of which kind, and in which order (parents first).
pub(crate) fn plan(s: &Snapshot, tenancy: &Tenancy, memberships: &[Membership]) -> (BTreeMap<String, Kind>, Vec<String>) {
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
        kinds.insert(m.table.clone(), Kind::Membership);
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
        let ready = |strict: bool| left.iter().find(|t| edges[*t].iter().all(|(p, req)| !left.contains(p) || (!strict && !req))).cloned();
        let next = ready(true).or_else(|| ready(false)).unwrap_or_else(|| left.iter().next().unwrap().clone());
        left.remove(&next);
        order.push(next);
    }
    (kinds, order)
}

/// Every column of the foreign key is NOT NULL.
fn required(t: &Table, c: &Constraint) -> bool {
    c.columns.iter().all(|col| t.columns.iter().any(|x| &x.name == col && x.not_null))
}

/// The row specs of a table: whose rows it gets.
pub(crate) fn tags_for(w: &World, table: &str, a_exists: bool) -> Vec<Tag> {
    match w.kinds[table] {
        Kind::Root => {
            if a_exists {
                vec![Tag::B]
            } else {
                vec![Tag::A, Tag::B]
            }
        }
        Kind::User => (0..w.persons.len()).map(Tag::Person).collect(),
        // Tenant A's owner and the members of B (not the outsider, who belongs nowhere).
        Kind::Membership => (0..w.persons.len()).filter(|&p| w.persons[p].tenant.is_some()).map(Tag::Person).collect(),
        Kind::Scoped => vec![Tag::A, Tag::B],
        Kind::Support => vec![Tag::Global],
    }
}

impl World {
    pub fn tenant_of(&self, tag: Tag) -> Option<Side> {
        match tag {
            Tag::A => Some(Side::A),
            Tag::B => Some(Side::B),
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
            Tag::Person(p) => Some(p),
            Tag::Global => Some(0),
        }
    }

    /// The row a foreign key of a `tag` row points at, by the kind of its target.
    pub fn target_row(&self, target: &str, tag: Tag) -> Option<(String, Tag)> {
        let side = |t: Tag| match self.tenant_of(t).unwrap_or(Side::B) {
            Side::A => Tag::A,
            Side::B => Tag::B,
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

    /// The tenant-B row a persona moves: their own (user, membership), else tenant B's.
    pub fn b_row(&self, table: &str, person: Option<usize>) -> Option<&Row> {
        match self.kinds.get(table)? {
            Kind::User | Kind::Membership => person
                .and_then(|p| self.rows.get(&(table.to_string(), Tag::Person(p))))
                .filter(|_| person.and_then(|p| self.persons[p].tenant) == Some(Side::B))
                .or_else(|| self.rows.get(&(table.to_string(), Tag::Person(self.b_owner)))),
            _ => self.rows.get(&(table.to_string(), Tag::B)),
        }
    }
}

/// Retry state of one row.
#[derive(Default)]
struct Attempt {
    forced: BTreeSet<String>,
    alt: BTreeMap<String, usize>,
}

pub(crate) struct Values {
    pub cols: Vec<String>,
    pub vals: Vec<Option<String>>,
    pub overriding: bool,
    pub needs: BTreeSet<usize>,
    /// Columns set from foreign keys.
    pub from_fk: BTreeSet<String>,
}

impl Values {
    pub fn insert_sql(&self, s: &Snapshot, table: &str) -> String {
        let t = s.table(table).unwrap();
        let ty = |c: &str| t.columns.iter().find(|x| x.name == c).map(|x| x.type_.clone()).unwrap_or_else(|| "text".into());
        if self.cols.is_empty() {
            return format!("insert into {} default values", qualified(table));
        }
        let cols: Vec<String> = self.cols.iter().map(|c| ident(c)).collect();
        let lits: Vec<String> = self.cols.iter().zip(&self.vals).map(|(c, v)| literal(v.as_deref(), &ty(c))).collect();
        let ov = if self.overriding { " overriding system value" } else { "" };
        format!("insert into {} ({}){ov} values ({})", qualified(table), cols.join(", "), lits.join(", "))
    }

    /// The same insert, returning the whole row as JSON (for the fixture's bookkeeping).
    pub fn insert_returning(&self, s: &Snapshot, table: &str) -> String {
        let sql = self.insert_sql(s, table);
        let q = qualified(table);
        format!("{} returning to_jsonb(tp_row)::text", sql.replacen(&format!("insert into {q}"), &format!("insert into {q} as tp_row"), 1))
    }
}

/// The values of one fixture row of `table` for `tag`.
fn values_for(s: &Snapshot, w: &mut World, table: &str, tag: Tag, at: &Attempt) -> Result<Values, String> {
    let t = s.table(table).ok_or_else(|| format!("{table} is not in the catalog"))?;
    let keys = key_columns(s, table);
    let mut set: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut needs = BTreeSet::new();
    let mut from_fk = BTreeSet::new();
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
        let link = matches!(target_kind, Some(Kind::Root | Kind::Scoped | Kind::Membership)) && tenant.is_some()
            || target_kind == Some(Kind::User) && matches!(kind, Kind::Membership | Kind::User);
        let forced = c.columns.iter().any(|x| at.forced.contains(x));
        if !required(t, c) && !link && !forced {
            continue;
        }
        let row = w.target_row(&target, tag).and_then(|k| w.rows.get(&k));
        let Some(row) = row else {
            if required(t, c) {
                return Err(format!("needs a row in {target} (foreign key {}), which has none", c.name));
            }
            continue;
        };
        let refs = c.ref_columns.clone().unwrap_or_default();
        for (col, rc) in c.columns.iter().zip(&refs) {
            if !set.contains_key(col) {
                set.insert(col.clone(), row.values.get(rc).cloned().flatten());
                from_fk.insert(col.clone());
            }
        }
        needs.extend(row.needs.iter().copied());
    }
    // The membership's role.
    if kind == Kind::Membership {
        if let (Some(m), Tag::Person(p)) = (w.memberships.iter().find(|m| m.table == table), tag) {
            if let (Some(col), Some(role)) = (&m.role_col, &w.persons[p].role) {
                set.insert(col.clone(), Some(role.clone()));
            }
        }
    }
    let fk_cols: BTreeSet<&String> = fks_of(s, table).filter(|c| fk_target(c) != table).flat_map(|c| c.columns.iter()).collect();
    let tag_text = match tag {
        Tag::A => "a".to_string(),
        Tag::B => "b".to_string(),
        Tag::Person(p) => format!("u{p}"),
        Tag::Global => "g".to_string(),
    };
    let mut overriding = false;
    for c in &t.columns {
        if c.generated.is_some() || set.contains_key(&c.name) || fk_cols.contains(&c.name) && !at.forced.contains(&c.name) {
            continue;
        }
        let key = keys.contains(&c.name);
        let needed = key || at.forced.contains(&c.name) || c.not_null && c.default.is_none() && c.identity.is_none();
        if !needed {
            continue;
        }
        if c.identity.as_deref() == Some("a") {
            overriding = true;
        }
        w.seq += 1;
        let candidates: Vec<String> = s
            .constraints
            .iter()
            .filter(|k| k.kind == "check" && format!("{}.{}", k.schema, k.table) == table && k.columns.contains(&c.name))
            .flat_map(|k| check_candidates(&k.definition, &c.name))
            .collect();
        let g = Gen {
            table,
            column: &c.name,
            type_: &c.type_,
            tag: &tag_text,
            seq: w.seq,
            alt: at.alt.get(&c.name).copied().unwrap_or(0),
            key,
            candidates: &candidates,
            enum_labels: enum_labels(s, &c.type_),
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
    let order: Vec<String> = t.columns.iter().map(|c| c.name.clone()).filter(|c| set.contains_key(c)).collect();
    let vals = order.iter().map(|c| set[c].clone()).collect();
    Ok(Values { cols: order, vals, overriding, needs, from_fk })
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

/// Insert one fixture row, retrying as the errors say. Ok(None) when it was refused for good.
pub(crate) async fn fill_row<E: Engine>(db: &mut Db<'_, E>, s: &Snapshot, w: &mut World, table: &str, tag: Tag) -> Result<Result<(), String>, EngineFailure> {
    let mut at = Attempt::default();
    let mut last = String::new();
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
                let explicit = v.cols.iter().cloned().zip(v.vals.iter().cloned()).collect();
                w.rows.insert((table.to_string(), tag), Row { values, explicit, needs: v.needs.clone() });
                return Ok(Ok(()));
            }
        }
        let sql = v.insert_sql(s, table);
        let returning = v.insert_returning(s, table);
        match db.step_query(&returning, true).await? {
            Ok(text) => {
                let values = row_from_json(&text).unwrap_or_default();
                w.stmts.push(FixtureStmt { sql: sql.clone() });
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
                        let Some(name) = quoted_name(&e.message, "check constraint") else { return Ok(Err(last)) };
                        let cols: Vec<String> = s
                            .constraints
                            .iter()
                            .find(|k| k.kind == "check" && k.name == name && format!("{}.{}", k.schema, k.table) == table)
                            .map(|k| k.columns.clone())
                            .unwrap_or_default();
                        if cols.is_empty() {
                            return Ok(Err(last));
                        }
                        for c in cols {
                            // Given already: try its next value; left to its default: give one.
                            if v.cols.contains(&c) {
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
                                let explicit = v.cols.iter().cloned().zip(v.vals.iter().cloned()).collect();
                                w.rows.insert((table.to_string(), tag), Row { values, explicit, needs: v.needs.clone() });
                                return Ok(Ok(()));
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
        let ty = t.columns.iter().find(|x| &x.name == c).map(|x| x.type_.as_str()).unwrap_or("text");
        cond.push(format!("t.{} = {}", ident(c), literal(v.vals[i].as_deref(), ty)));
    }
    let q = format!("select to_jsonb(t)::text from {} t where {} limit 1", qualified(table), cond.join(" and "));
    Ok(match db.step_query(&q, false).await? {
        Ok(text) => row_from_json(&text),
        Err(_) => None,
    })
}

/// An existing row of `table` (the first by primary key), as text per column.
pub(crate) async fn existing_row<E: Engine>(db: &mut Db<'_, E>, s: &Snapshot, table: &str) -> Result<Option<BTreeMap<String, Option<String>>>, EngineFailure> {
    let pk = primary_key(s, table);
    let order =
        if pk.is_empty() { String::new() } else { format!(" order by {}", pk.iter().map(|c| format!("t.{}", ident(c))).collect::<Vec<_>>().join(", ")) };
    let q = format!("select to_jsonb(t)::text from {} t{order} limit 1", qualified(table));
    Ok(match db.step_query(&q, false).await? {
        Ok(text) => row_from_json(&text),
        Err(_) => None,
    })
}
