//! Cross-tenant leak probes, run on the migrated database: a second world is built beside the
//! data (tenant B, its users and memberships, a row for tenant A and for tenant B in every
//! tenant-scoped table), then each persona — anon, a signed-in outsider, a member of tenant B
//! with each role, service_role for contrast — tries to read and write tenant A's rows. Any
//! success outside tenant A on a table the user did not mark shared is a leak, named with the
//! policy that let it through and a psql script that reproduces it.
//!
//! Everything runs inside `begin; … rollback;`, each step inside a savepoint that is rolled back,
//! so the database is unchanged afterwards and a refused statement does not end the rest. No
//! PL/pgSQL EXCEPTION block is used (the native engine does not catch errors in them): every
//! retry is driven from Rust.

mod cause;
mod fixtures;
mod personas;
mod probes;
mod repro;
#[cfg(test)]
mod tests;
pub mod values;

pub use personas::Persona;

use crate::catalog::Snapshot;
use crate::engine::{DbError, Engine, EngineFailure, ExecOutcome};
use crate::matrix::Decision;
use crate::profile::Profile;
use crate::run::{Observer, Progress};
use crate::tenancy::{Tenancy, TenancyClass};
use fixtures::{fk_target, fks_of, key_columns, Kind, Row, Tag, World};
use personas::{PKind, PersonaDef, RoleValue};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What each persona tries on every tenant-scoped table. MOVE: an UPDATE of one of tenant B's
/// own rows that sets its tenant to A.
pub const COMMANDS: [&str; 5] = ["SELECT", "INSERT", "UPDATE", "DELETE", "MOVE"];

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct IsolationReport {
    pub personas: Vec<Persona>,
    pub fixtures: Fixtures,
    /// Every probe: a row count, or the SQLSTATE that refused it.
    pub matrix: Vec<ProbeResult>,
    pub leaks: Vec<Leak>,
    /// How the personas' identity was set (role, claims or settings).
    #[serde(default)]
    pub identity: String,
    pub ms: f64,
    /// Why the probes did not run (or stopped early).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Fixtures {
    /// Tenant A and tenant B in each root (key as text). A is an existing row when there is one.
    pub tenants: Vec<TenantPair>,
    /// Tables that got every fixture row they were due.
    pub filled: Vec<String>,
    pub unfilled: Vec<Unfilled>,
    /// How many fixture rows were inserted.
    pub rows: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantPair {
    pub root: String,
    pub a: Option<String>,
    pub b: Option<String>,
    /// Tenant A is a row that was already there (the seed's).
    pub a_existing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unfilled {
    pub table: String,
    /// Which row, and the Postgres error (or what was missing).
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeResult {
    pub persona: String,
    /// A table, a view, or a function call.
    pub table: String,
    pub command: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sqlstate: Option<String>,
    /// Not run: the catalog (no privilege, RLS on and no policy) or the policies' own
    /// expressions evaluated as the persona (the row is not theirs to update; no WITH CHECK
    /// accepts the new row) already say what Postgres answers. Refused statements are costly
    /// on the native engine; rows that would get through are always written for real.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub predicted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leak {
    pub table: String,
    pub command: String,
    pub persona: String,
    pub rows: u64,
    pub cause: String,
    /// Runnable as is in psql: fixtures, identity, the statement, rollback.
    pub sql: String,
}

/// The engine, with the time its statements took.
pub(crate) struct Db<'a, E: Engine> {
    e: &'a mut E,
    ms: f64,
}

impl<E: Engine> Db<'_, E> {
    async fn exec(&mut self, sql: &str) -> Result<ExecOutcome, EngineFailure> {
        let o = self.e.exec(sql).await?;
        self.ms += o.duration_ms;
        Ok(o)
    }

    async fn end_step(&mut self, keep: bool) -> Result<(), EngineFailure> {
        let sql = if keep { "release savepoint tp_step" } else { "rollback to savepoint tp_step; release savepoint tp_step" };
        match self.exec(sql).await?.error {
            None => Ok(()),
            Some(e) => Err(EngineFailure::Crashed(format!("leak probes: could not end a probe step: {} ({})", e.message, e.sqlstate))),
        }
    }

    /// One statement in a savepoint: kept when asked and it succeeded, undone otherwise.
    pub(crate) async fn step_exec(&mut self, sql: &str, keep: bool) -> Result<Result<Option<u64>, DbError>, EngineFailure> {
        let o = self.exec(&format!("savepoint tp_step; {sql}")).await?;
        self.end_step(keep && o.error.is_none()).await?;
        Ok(match o.error {
            None => Ok(o.rows),
            Some(e) => Err(e),
        })
    }

    /// One query (a single text value) in a savepoint, kept or undone likewise.
    pub(crate) async fn step_query(&mut self, sql: &str, keep: bool) -> Result<Result<String, DbError>, EngineFailure> {
        if let Some(e) = self.exec("savepoint tp_step").await?.error {
            return Err(EngineFailure::Crashed(format!("leak probes: savepoint failed: {} ({})", e.message, e.sqlstate)));
        }
        let r = self.e.query_text(sql).await?;
        self.end_step(keep && r.is_ok()).await?;
        Ok(r)
    }
}

enum Stop {
    Engine(EngineFailure),
    Msg(String),
}

impl From<EngineFailure> for Stop {
    fn from(f: EngineFailure) -> Self {
        Stop::Engine(f)
    }
}

/// Run every probe (see the module doc) and leave the database as it was.
pub async fn probe<E: Engine>(engine: &mut E, catalog: &Snapshot, tenancy: &Tenancy, profile: Profile, shared: &[String]) -> IsolationReport {
    probe_observed(engine, catalog, tenancy, profile, shared, &mut (), (0, 0)).await
}

/// [`probe`], reporting progress ("leak probes") and timed by the observer's clock when it has one.
pub async fn probe_observed<E: Engine>(
    engine: &mut E,
    catalog: &Snapshot,
    tenancy: &Tenancy,
    profile: Profile,
    shared: &[String],
    obs: &mut dyn Observer,
    (done, total): (usize, usize),
) -> IsolationReport {
    let t0 = obs.now_ms();
    let mut db = Db { e: engine, ms: 0.0 };
    let mut report = IsolationReport::default();
    obs.progress(&Progress { phase: "leak probes".into(), file: None, statement: 0, of: 0, done, total });
    // Inside a transaction the files left open, a savepoint; else a transaction of our own.
    let nested = match db.exec("savepoint tp_probes").await {
        Ok(o) if o.error.is_none() => true,
        Ok(o) if o.error.as_ref().is_some_and(|e| e.sqlstate == "25P01") => match db.exec("begin").await {
            Ok(o) if o.error.is_none() => false,
            Ok(o) => {
                report.error = Some(format!("could not open the probe transaction: {}", o.error.unwrap().message));
                return report;
            }
            Err(f) => {
                report.error = Some(f.to_string());
                return report;
            }
        },
        Ok(o) => {
            let e = o.error.unwrap();
            report.error = Some(format!("the session is not usable for probes: {} ({})", e.message, e.sqlstate));
            return report;
        }
        Err(f) => {
            report.error = Some(f.to_string());
            return report;
        }
    };
    let outcome = match db.exec("set local role none; select set_config('request.jwt.claims', '', true)").await {
        Ok(o) if o.error.is_none() => run_all(&mut db, catalog, tenancy, profile, shared, obs, (done, total), &mut report).await,
        Ok(o) => Err(Stop::Msg(format!("could not reset the role: {}", o.error.unwrap().message))),
        Err(f) => Err(Stop::Engine(f)),
    };
    match outcome {
        Ok(()) => {}
        Err(Stop::Engine(f)) => report.error = Some(f.to_string()),
        Err(Stop::Msg(m)) => report.error = Some(m),
    }
    let end = if nested { "rollback to savepoint tp_probes; release savepoint tp_probes" } else { "rollback" };
    if let Ok(o) = db.exec(end).await {
        if let Some(e) = o.error {
            report.error.get_or_insert(format!("could not roll the probes back: {}", e.message));
        }
    }
    report.ms = match (t0, obs.now_ms()) {
        (Some(a), Some(b)) => b - a,
        _ => db.ms,
    };
    report
}

/// The role requests run as under plain Postgres: one the files created and granted privileges
/// on the tenant tables to (not an owner, not a superuser, no BYPASSRLS), else a temporary one.
fn choose_role(s: &Snapshot, probed: &[String]) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for r in &s.roles {
        if r.superuser || r.bypassrls || r.name.starts_with("pg_") {
            continue;
        }
        let mut grants = 0;
        let mut owns = false;
        for t in probed.iter().filter_map(|t| s.table(t)) {
            owns |= t.owner == r.name;
            grants += t.acl.iter().filter_map(|a| crate::matrix::parse_acl_item(a)).filter(|(g, _)| g == &r.name).count();
        }
        if !owns && grants > 0 && best.as_ref().is_none_or(|b| grants > b.0) {
            best = Some((grants, r.name.clone()));
        }
    }
    best.map(|b| b.1)
}

fn is_shared(shared: &[String], name: &str) -> bool {
    let bare = name.rsplit('.').next().unwrap_or(name);
    shared.iter().any(|s| s == name || (!s.contains('.') && s == bare))
}

fn parse_count(text: &str) -> Option<u64> {
    text.trim().trim_matches('"').parse().ok()
}

fn parse_keys(text: &str) -> Vec<Vec<Option<String>>> {
    serde_json::from_str(text).unwrap_or_default()
}

fn parse_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

fn tag_label(w: &World, tag: Tag) -> String {
    match tag {
        Tag::A => "tenant A row".into(),
        Tag::B => "tenant B row".into(),
        Tag::Person(p) => format!("row of {}", w.persons[p].id),
        Tag::Global => "lookup row".into(),
    }
}

/// The key of a root row as the tenant expression writes it.
fn root_key_text(s: &Snapshot, root: &str, row: &Row) -> Option<String> {
    let pk = fixtures::primary_key(s, root);
    if pk.len() == 1 {
        row.values.get(&pk[0]).cloned().flatten()
    } else {
        let parts: Option<Vec<String>> = pk.iter().map(|c| row.values.get(c).cloned().flatten()).collect();
        parts.map(|p| format!("({})", p.join(",")))
    }
}

#[allow(clippy::too_many_arguments)]
async fn run_all<E: Engine>(
    db: &mut Db<'_, E>,
    s: &Snapshot,
    tenancy: &Tenancy,
    profile: Profile,
    shared: &[String],
    obs: &mut dyn Observer,
    (done, total): (usize, usize),
    report: &mut IsolationReport,
) -> Result<(), Stop> {
    let roots = tenancy.root_names();
    if roots.is_empty() {
        return Err(Stop::Msg("no tenant root was found: there is no tenant to probe".into()));
    }
    let mut probed: Vec<String> = tenancy
        .tables
        .iter()
        .filter(|(_, t)| t.class == TenancyClass::Root || t.class.is_tenant_scoped())
        .map(|(n, _)| n.clone())
        .filter(|n| s.table(n).is_some())
        .collect();
    probed.sort();

    // Who the requests run as.
    let mut setup_prefix: Vec<String> = Vec::new();
    let db_role = if profile == Profile::Supabase {
        report.identity = "Supabase: `set local role anon | authenticated | service_role` and the JWT claims PostgREST sets (`request.jwt.claims` with sub, role, email), read by auth.uid() / auth.jwt()".into();
        "authenticated".to_string()
    } else {
        match choose_role(s, &probed) {
            Some(r) => {
                report.identity = format!("plain Postgres: `set local role {r}` (a role your files created and granted privileges on the tenant tables)");
                r
            }
            None => {
                let mut name = "tp_probe".to_string();
                while s.roles.iter().any(|r| r.name == name) {
                    name.push('_');
                }
                let sql = format!("create role {name} nologin");
                if let Err(e) = db.step_exec(&sql, true).await? {
                    return Err(Stop::Msg(format!("could not create the probe role: {}", e.message)));
                }
                setup_prefix.push(sql);
                report.identity = format!(
                    "plain Postgres: `set local role {name}`, a role created inside the probe transaction: no owner, no superuser, only the privileges PUBLIC has (your files grant none to another role)"
                );
                name
            }
        }
    };
    let settings = personas::settings(s, profile);
    if profile == Profile::Postgres {
        if settings.is_empty() {
            report.identity.push_str("; the policies read no current_setting(), so no setting is made");
        } else {
            let what: Vec<String> = settings
                .iter()
                .map(|x| match x.kind {
                    "tenant" => format!("{} ← tenant B's key", x.name),
                    "user" => format!("{} ← the persona's user id", x.name),
                    _ => format!("{} left unset", x.name),
                })
                .collect();
            report.identity.push_str(&format!("; settings: {}", what.join(", ")));
        }
    }

    // Memberships and their role values.
    let memberships = fixtures::find_memberships(s, tenancy);
    let mut roles: Vec<RoleValue> = Vec::new();
    if let Some(m) = memberships.first() {
        roles = fixtures::role_values_from_catalog(s, m).into_iter().map(|v| RoleValue { value: v.clone(), label: v }).collect();
        if roles.is_empty() {
            if let Some(col) = &m.role_col {
                if let Some(fk) = fks_of(s, &m.table).find(|c| c.columns == [col.clone()]) {
                    let target = fk_target(fk);
                    let rc = fk.ref_columns.clone().unwrap_or_default().first().cloned().unwrap_or_default();
                    let pk = fixtures::primary_key(s, &target);
                    let order =
                        if pk.is_empty() { String::new() } else { format!(" order by {}", pk.iter().map(|c| values::ident(c)).collect::<Vec<_>>().join(", ")) };
                    let q = format!("select coalesce(json_agg(to_jsonb(t)), '[]')::text from (select * from {}{order} limit 6) t", values::qualified(&target));
                    if let Ok(text) = db.step_query(&q, false).await? {
                        let rows: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
                        for r in rows {
                            let Some(map) = fixtures::row_from_json(&r.to_string()) else { continue };
                            let Some(Some(value)) = map.get(&rc).cloned() else { continue };
                            let label =
                                ["name", "label", "slug", "code", "title"].iter().find_map(|k| map.get(*k).cloned().flatten()).unwrap_or_else(|| value.clone());
                            roles.push(RoleValue { value, label });
                        }
                    }
                }
            }
        }
    }
    let (defs, persons, b_owner) = personas::personas(profile, &roles, &db_role);
    let (kinds, order) = fixtures::plan(s, tenancy, &memberships);
    let mut w = World { kinds, order, persons, b_owner, memberships, ..Default::default() };

    // The tenants there were before the fixtures (rows of any other tenant count as tenant A's).
    let mut before: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in &roots {
        if let Some(q) = probes::root_keys_sql(s, r) {
            if let Ok(text) = db.step_query(&q, false).await? {
                before.insert(r.clone(), parse_list(&text));
            }
        }
    }
    // Tenant A: an existing root row when there is one; lookups: an existing row.
    let mut a_existing: BTreeSet<String> = BTreeSet::new();
    let tables: Vec<String> = w.order.clone();
    for t in &tables {
        let kind = w.kinds[t];
        if matches!(kind, Kind::Root | Kind::Support) {
            if let Some(values) = fixtures::existing_row(db, s, t).await? {
                let tag = if kind == Kind::Root { Tag::A } else { Tag::Global };
                w.rows.insert((t.clone(), tag), Row { values, ..Default::default() });
                if kind == Kind::Root {
                    a_existing.insert(t.clone());
                }
            }
        }
    }
    // The second world, parents first.
    let mut complete: BTreeSet<String> = BTreeSet::new();
    for t in &tables {
        let mut all = true;
        for tag in fixtures::tags_for(&w, t, a_existing.contains(t)) {
            if w.rows.contains_key(&(t.clone(), tag)) {
                continue;
            }
            if let Err(why) = fixtures::fill_row(db, s, &mut w, t, tag).await? {
                all = false;
                report.fixtures.unfilled.push(Unfilled { table: t.clone(), reason: format!("{}: {why}", tag_label(&w, tag)) });
            }
        }
        if all {
            complete.insert(t.clone());
        }
    }
    report.fixtures.filled = tables.iter().filter(|t| complete.contains(*t)).cloned().collect();
    report.fixtures.rows = w.stmts.len();

    // Tenants the fixtures made (B, the personas' own …) are not tenant A.
    let mut exclude: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut a_keys: BTreeMap<String, String> = BTreeMap::new();
    for r in &roots {
        let a = w.rows.get(&(r.clone(), Tag::A)).and_then(|row| root_key_text(s, r, row));
        let b = w.rows.get(&(r.clone(), Tag::B)).and_then(|row| root_key_text(s, r, row));
        report.fixtures.tenants.push(TenantPair { root: r.clone(), a: a.clone(), b, a_existing: a_existing.contains(r) });
        if let Some(a) = &a {
            a_keys.insert(r.clone(), a.clone());
        }
        let Some(q) = probes::root_keys_sql(s, r) else { continue };
        if let Ok(text) = db.step_query(&q, false).await? {
            let old = before.get(r).cloned().unwrap_or_default();
            let new: Vec<String> = parse_list(&text).into_iter().filter(|k| !old.contains(k) && Some(k) != a.as_ref()).collect();
            exclude.insert(r.clone(), new);
        }
    }
    // Tenant A's rows in each probed table, by key.
    let mut targets: BTreeMap<String, Vec<Vec<Option<String>>>> = BTreeMap::new();
    for t in &probed {
        let root = probes::root_of(tenancy, t).unwrap_or_default();
        let ex = exclude.get(&root).cloned().unwrap_or_default();
        let Some(q) = probes::target_keys_sql(s, tenancy, t, &ex, a_keys.get(&root).map(String::as_str)) else { continue };
        if let Ok(text) = db.step_query(&q, false).await? {
            targets.insert(t.clone(), parse_keys(&text));
        }
    }

    // The personas' identities.
    let primary_root = roots[0].clone();
    let tenant_b = w.rows.get(&(primary_root.clone(), Tag::B)).and_then(|row| root_key_text(s, &primary_root, row));
    let base_users = base_user_table(s, &w, profile);
    let mut identities = Vec::new();
    for d in &defs {
        let row = d.person.zip(base_users.as_ref()).and_then(|(p, (t, _))| w.rows.get(&(t.clone(), Tag::Person(p))));
        let user_id = match (&base_users, row) {
            (Some((_, col)), Some(r)) => r.values.get(col).cloned().flatten(),
            _ => d.person.map(|p| values::det_uuid(&format!("user:{}", w.persons[p].id))),
        };
        let email = row.and_then(|r| r.values.get("email").cloned().flatten());
        let identity = personas::identity_sql(profile, d, user_id.as_deref(), email.as_deref(), &settings, tenant_b.as_deref());
        report.personas.push(Persona {
            id: d.id.clone(),
            label: d.label.clone(),
            db_role: d.db_role.clone(),
            user_id,
            tenant_role: d.tenant_role.clone(),
            counted: d.kind != PKind::Service,
            identity_sql: identity.clone(),
        });
        identities.push(identity);
    }

    let a_key_typed: Option<(String, String)> = a_keys.get(&primary_root).and_then(|k| {
        let pk = fixtures::primary_key(s, &primary_root);
        let ty = s.table(&primary_root)?.columns.iter().find(|c| pk.len() == 1 && c.name == pk[0])?.type_.clone();
        Some((k.clone(), ty))
    });
    let all_a_keys: Vec<String> = a_keys.values().cloned().collect();
    let mut leaks: Vec<(usize, Leak)> = Vec::new();
    for (pi, d) in defs.iter().enumerate() {
        if obs.cancelled() {
            return Err(Stop::Msg("cancelled".into()));
        }
        obs.progress(&Progress { phase: "leak probes".into(), file: None, statement: pi + 1, of: defs.len(), done, total });
        let identity = &identities[pi];
        let o = db.exec(&format!("savepoint tp_persona; {}", identity.replace('\n', " "))).await?;
        if let Some(e) = o.error {
            report.matrix.push(ProbeResult {
                persona: d.id.clone(),
                table: "(identity)".into(),
                command: "SET ROLE".into(),
                rows: None,
                sqlstate: Some(e.sqlstate),
                predicted: false,
            });
            if let Some(e) = db.exec("rollback to savepoint tp_persona; release savepoint tp_persona").await?.error {
                return Err(Stop::Msg(format!("could not leave persona {}: {}", d.id, e.message)));
            }
            continue;
        }
        let counted = d.kind != PKind::Service;
        let mut cx = Cx { db: &mut *db, s, w: &mut w, d, identity, setup_prefix: &setup_prefix, report: &mut *report, leaks: &mut leaks, pi, counted, shared };
        for t in &probed {
            let keys = targets.get(t).cloned().unwrap_or_default();
            cx.table(t, &keys).await?;
        }
        for v in &s.views {
            let name = format!("{}.{}", v.schema, v.name);
            let sql = probes::view_sql(&name, &all_a_keys);
            let r = cx.db.step_query(&sql, false).await?;
            if let Some(n) = cx.record(&name, "SELECT", r.map(|t| parse_count(&t))) {
                let cause = cause::view_cause(s, v);
                cx.leak(&name, "SELECT", n, cause, &sql, None, true);
            }
        }
        for f in &s.functions {
            if f.schema.starts_with("pg_") || profile == Profile::Supabase && matches!(f.schema.as_str(), "auth" | "storage") {
                continue;
            }
            let Some(call) = probes::function_call(f, a_key_typed.as_ref().map(|(k, t)| (k.as_str(), t.as_str()))) else { continue };
            let sql = probes::function_sql(&call, &all_a_keys);
            let r = cx.db.step_query(&sql, false).await?;
            if let Some(n) = cx.record(&call, "SELECT", r.map(|t| parse_count(&t))) {
                cx.leak(&f.signature(), "SELECT", n, cause::function_cause(f), &sql, None, true);
            }
        }
        if let Some(e) = db.exec("rollback to savepoint tp_persona; release savepoint tp_persona").await?.error {
            return Err(Stop::Msg(format!("could not leave persona {}: {}", d.id, e.message)));
        }
    }
    leaks.sort_by(|a, b| {
        let ci = |c: &str| COMMANDS.iter().position(|x| *x == c).unwrap_or(9);
        (&a.1.table, ci(&a.1.command), a.0).cmp(&(&b.1.table, ci(&b.1.command), b.0))
    });
    report.leaks = leaks.into_iter().map(|x| x.1).collect();
    Ok(())
}

/// The user table whose key is "the user id" (the JWT's sub under Supabase), and that column.
fn base_user_table(s: &Snapshot, w: &World, profile: Profile) -> Option<(String, String)> {
    let users: Vec<&String> = w.kinds.iter().filter(|(_, k)| **k == Kind::User).map(|(t, _)| t).collect();
    let pick = if profile == Profile::Supabase && users.iter().any(|t| *t == "auth.users") {
        Some("auth.users".to_string())
    } else {
        // The one the membership points at, else one that is not an extension of another.
        w.memberships
            .first()
            .and_then(|m| fks_of(s, &m.table).map(|c| fk_target(c)).find(|t| users.contains(&t)))
            .or_else(|| users.iter().find(|t| !fks_of(s, t).any(|c| users.contains(&&fk_target(c)))).map(|t| t.to_string()))
    }?;
    let pk = fixtures::primary_key(s, &pick);
    Some((pick, pk.first().cloned().unwrap_or_else(|| "id".into())))
}

type Passing<'p> = (&'p crate::catalog::Policy, cause::Part, String, u64);

/// One persona's probes.
struct Cx<'a, 'b, E: Engine> {
    db: &'a mut Db<'b, E>,
    s: &'a Snapshot,
    w: &'a mut World,
    d: &'a PersonaDef,
    identity: &'a str,
    setup_prefix: &'a [String],
    report: &'a mut IsolationReport,
    leaks: &'a mut Vec<(usize, Leak)>,
    pi: usize,
    counted: bool,
    shared: &'a [String],
}

impl<E: Engine> Cx<'_, '_, E> {
    /// Record a probe; the row count when it is a leak.
    fn record(&mut self, table: &str, command: &str, r: Result<Option<u64>, DbError>) -> Option<u64> {
        let (rows, sqlstate) = match r {
            Ok(n) => (n, None),
            Err(e) => (None, Some(e.sqlstate)),
        };
        self.report.matrix.push(ProbeResult { persona: self.d.id.clone(), table: table.into(), command: command.into(), rows, sqlstate, predicted: false });
        rows.filter(|&n| n > 0 && self.counted && !is_shared(self.shared, table))
    }

    /// The fixture statements a reproduction needs: the persona's rows, tenant A's row of the
    /// table (or every tenant-A row, for views and functions), the tenant-B row moved, and
    /// what those reference.
    fn setup(&self, table: &str, all_a: bool, extra: Option<&Row>) -> Vec<String> {
        let mut needs: BTreeSet<usize> = BTreeSet::new();
        for ((_, tag), row) in &self.w.rows {
            let mine = matches!((tag, self.d.person), (Tag::Person(p), Some(q)) if *p == q);
            if mine || all_a && *tag == Tag::A {
                needs.extend(&row.needs);
            }
        }
        if let Some(a) = self.w.a_row(table) {
            needs.extend(&a.needs);
        }
        if let Some(x) = extra {
            needs.extend(&x.needs);
        }
        // Settings and memberships name tenant B: its root row.
        if self.d.kind == PKind::Member {
            for ((t, tag), row) in &self.w.rows {
                if *tag == Tag::B && self.w.kinds.get(t) == Some(&Kind::Root) {
                    needs.extend(&row.needs);
                }
            }
        }
        self.setup_prefix.iter().cloned().chain(needs.into_iter().map(|i| self.w.stmts[i].sql.clone())).collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn leak(&mut self, table: &str, command: &str, rows: u64, cause: String, statement: &str, extra: Option<&Row>, all_a: bool) {
        let setup = self.setup(table, all_a, extra);
        let setup_refs: Vec<&str> = setup.iter().map(String::as_str).collect();
        let title = match command {
            "SELECT" => format!("Leak: {} reads {rows} of tenant A's rows in {table}", self.d.id),
            "INSERT" => format!("Leak: {} inserts a row into tenant A in {table}", self.d.id),
            "UPDATE" => format!("Leak: {} updates {rows} of tenant A's rows in {table}", self.d.id),
            "DELETE" => format!("Leak: {} deletes {rows} of tenant A's rows in {table}", self.d.id),
            _ => format!("Leak: {} moves one of tenant B's rows into tenant A in {table}", self.d.id),
        };
        let sql = repro::script(&repro::Repro { title: &title, setup: &setup_refs, identity: self.identity, persona: &self.d.id, statement });
        self.leaks.push((self.pi, Leak { table: table.into(), command: command.into(), persona: self.d.id.clone(), rows, cause, sql }));
    }

    /// The candidate policies whose own expression passes (as the persona) on the rows named by
    /// `pred` (USING) or on the new row (WITH CHECK), with how many rows pass.
    async fn passing(
        &mut self,
        table: &str,
        command: &str,
        pred: Option<&str>,
        new_row: Option<&BTreeMap<String, Option<String>>>,
    ) -> Result<Vec<Passing<'_>>, EngineFailure> {
        let s = self.s;
        let t = s.table(table).unwrap();
        let mut out = Vec::new();
        for (p, part, expr) in cause::candidates(s, t, command, &self.d.db_role) {
            let sql = match (part, pred, new_row) {
                (cause::Part::Using, Some(pred), _) => cause::using_test_sql(table, pred, &expr),
                (cause::Part::Check | cause::Part::UsingAsCheck, _, Some(row)) => cause::check_test_sql(t, row, &expr),
                _ => continue,
            };
            if let Ok(text) = self.db.step_query(&sql, false).await? {
                let n = parse_count(&text).unwrap_or(0);
                if n > 0 {
                    out.push((p, part, expr, n));
                }
            }
        }
        Ok(out)
    }

    /// Why the rows got through: RLS off or bypassed, else the policies found passing.
    async fn attribute(
        &mut self,
        table: &str,
        command: &str,
        pred: Option<&str>,
        new_row: Option<&BTreeMap<String, Option<String>>>,
    ) -> Result<String, EngineFailure> {
        let s = self.s;
        let t = s.table(table).unwrap();
        if let Some(c) = cause::catalog_cause(s, t, command, &self.d.db_role) {
            return Ok(c);
        }
        let role = self.d.db_role.clone();
        let passing: Vec<_> = self.passing(table, command, pred, new_row).await?.into_iter().map(|(p, part, e, _)| (p, part, e)).collect();
        Ok(cause::policy_cause(s, t, command, &role, &passing))
    }

    /// Record a result Postgres would give without running the statement (see [`ProbeResult::predicted`]).
    fn predicted(&mut self, table: &str, command: &str, rows: Option<u64>, sqlstate: Option<&str>) {
        self.report.matrix.push(ProbeResult {
            persona: self.d.id.clone(),
            table: table.into(),
            command: command.into(),
            rows,
            sqlstate: sqlstate.map(String::from),
            predicted: true,
        });
    }

    async fn table(&mut self, table: &str, keys: &[Vec<Option<String>>]) -> Result<(), EngineFailure> {
        let s = self.s;
        let t = s.table(table).unwrap();
        let role = self.d.db_role.clone();
        let decision = |command: &str| crate::matrix::cell(s, t, command, &role).decision;
        let kind = self.w.kinds.get(table).copied();
        let cols = probes::key_cols(s, table);
        // What a BEFORE trigger must leave alone for the policies to be judged on the row as written.
        let fk_cols: Vec<String> = fks_of(s, table).flat_map(|c| c.columns.clone()).collect();
        // Read, update, delete tenant A's rows.
        if !keys.is_empty() {
            let pred = probes::keys_pred(&cols, keys);
            let sql = probes::select_sql(table, &pred);
            if decision("SELECT") == Decision::NoPrivilege {
                self.predicted(table, "SELECT", None, Some("42501"));
            } else {
                let r = self.db.step_query(&sql, false).await?;
                if let Some(n) = self.record(table, "SELECT", r.map(|t| parse_count(&t))) {
                    let cause = self.attribute(table, "SELECT", Some(&pred), None).await?;
                    self.leak(table, "SELECT", n, cause, &sql, None, false);
                }
            }
            if let Some(col) = probes::noop_column(s, table) {
                let sql = probes::update_sql(table, &col, &pred);
                if decision("UPDATE") == Decision::NoPrivilege {
                    self.predicted(table, "UPDATE", None, Some("42501"));
                } else {
                    let r = self.db.step_exec(&sql, false).await?;
                    if let Some(n) = self.record(table, "UPDATE", r) {
                        let cause = self.attribute(table, "UPDATE", Some(&pred), None).await?;
                        self.leak(table, "UPDATE", n, cause, &sql, None, false);
                    }
                }
            }
            let sql = probes::delete_sql(table, &pred);
            if decision("DELETE") == Decision::NoPrivilege {
                self.predicted(table, "DELETE", None, Some("42501"));
            } else {
                let r = self.db.step_exec(&sql, false).await?;
                let fk_stopped = matches!(&r, Err(e) if e.sqlstate == "23503");
                if let Some(n) = self.record(table, "DELETE", r) {
                    let cause = self.attribute(table, "DELETE", Some(&pred), None).await?;
                    self.leak(table, "DELETE", n, cause, &sql, None, false);
                } else if fk_stopped && self.counted && !is_shared(self.shared, table) {
                    // A foreign key stopped the delete, after RLS had let the rows through.
                    let through = if cause::catalog_cause(s, t, "DELETE", &role).is_some() {
                        keys.len() as u64
                    } else {
                        self.passing(table, "DELETE", Some(&pred), None).await?.iter().map(|x| x.3).max().unwrap_or(0)
                    };
                    if through > 0 {
                        let cause = self.attribute(table, "DELETE", Some(&pred), None).await?;
                        let cause = format!("{cause} (the DELETE itself was stopped by a foreign key; rows nothing references would go)");
                        self.leak(table, "DELETE", through, cause, &sql, None, false);
                    }
                }
            }
        }
        if kind == Some(Kind::Root) {
            return Ok(());
        }
        // Insert a row into tenant A.
        if let Some((sql, row)) = self.insert_probe(table) {
            let refused = match decision("INSERT") {
                Decision::NoPrivilege | Decision::Denied => true,
                Decision::Policies if !probes::before_trigger(s, table, "INSERT", &fk_cols) => {
                    self.passing(table, "INSERT", None, Some(&row)).await?.is_empty()
                }
                _ => false,
            };
            if refused {
                self.predicted(table, "INSERT", None, Some("42501"));
            } else {
                let r = self.db.step_exec(&sql, false).await?;
                if let Some(n) = self.record(table, "INSERT", r) {
                    let cause = self.attribute(table, "INSERT", None, Some(&row)).await?;
                    let extra = self.insert_person().and_then(|p| self.w.rows.iter().find(|((_, tag), _)| *tag == Tag::Person(p)).map(|(_, r)| r.clone()));
                    self.leak(table, "INSERT", n, cause, &sql, extra.as_ref(), false);
                }
            }
        }
        // Move one of tenant B's rows into tenant A.
        let links = probes::tenant_link_columns(s, table, &self.w.kinds);
        let (Some(a), Some(b)) = (self.w.a_row(table).cloned(), self.w.b_row(table, self.d.person).cloned()) else { return Ok(()) };
        let Some(bkey) = probes::row_key(&cols, &b.values) else { return Ok(()) };
        if bkey.iter().any(Option::is_none) {
            return Ok(());
        }
        let b_pred = probes::keys_pred(&cols, &[bkey]);
        let Some(sql) = probes::move_sql(s, table, &links, &a.values, &b_pred) else { return Ok(()) };
        let mut moved = b.values.clone();
        for c in &links {
            moved.insert(c.clone(), a.values.get(c).cloned().flatten());
        }
        match decision("UPDATE") {
            Decision::NoPrivilege => return Ok(self.predicted(table, "MOVE", None, Some("42501"))),
            Decision::Denied => return Ok(self.predicted(table, "MOVE", Some(0), None)),
            Decision::Policies if !probes::before_trigger(s, table, "UPDATE", &fk_cols) => {
                // The row must be one the persona may update at all, and a policy must accept it moved.
                if let Some(col) = probes::noop_column(s, table) {
                    match self.db.step_exec(&probes::update_sql(table, &col, &b_pred), false).await? {
                        Ok(Some(0)) => return Ok(self.predicted(table, "MOVE", Some(0), None)),
                        Ok(_) if self.passing(table, "MOVE", None, Some(&moved)).await?.is_empty() => {
                            return Ok(self.predicted(table, "MOVE", None, Some("42501")));
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        let r = self.db.step_exec(&sql, false).await?;
        if let Some(n) = self.record(table, "MOVE", r) {
            let cause = self.attribute(table, "MOVE", None, Some(&moved)).await?;
            self.leak(table, "MOVE", n, cause, &sql, Some(&b), false);
        }
        Ok(())
    }

    /// Whose user an inserted row names: the persona's, else the outsider's (never tenant A's
    /// own, so a unique membership key cannot refuse it for another reason).
    fn insert_person(&self) -> Option<usize> {
        if self.w.persons.is_empty() {
            return None;
        }
        Some(self.d.person.unwrap_or(1.min(self.w.persons.len() - 1)))
    }

    /// A new row for tenant A, like tenant A's fixture row: fresh keys, the persona's user.
    fn insert_probe(&mut self, table: &str) -> Option<(String, BTreeMap<String, Option<String>>)> {
        let s = self.s;
        let a = self.w.a_row(table)?.clone();
        if a.explicit.is_empty() {
            return None;
        }
        let t = s.table(table)?;
        let keys = key_columns(s, table);
        let person = self.insert_person();
        let mut fk_of: BTreeMap<String, (String, String)> = BTreeMap::new();
        for c in fks_of(s, table) {
            for (col, rc) in c.columns.iter().zip(c.ref_columns.clone().unwrap_or_default()) {
                fk_of.insert(col.clone(), (fk_target(c), rc));
            }
        }
        let mut cols = Vec::new();
        let mut vals = Vec::new();
        let mut overriding = false;
        for (col, val) in &a.explicit {
            let Some(c) = t.columns.iter().find(|x| &x.name == col) else { continue };
            let mut v = val.clone();
            if let Some((target, rc)) = fk_of.get(col) {
                if self.w.kinds.get(target) == Some(&Kind::User) {
                    if let Some(row) = person.and_then(|p| self.w.rows.get(&(target.clone(), Tag::Person(p)))) {
                        v = row.values.get(rc).cloned().flatten();
                    }
                }
            } else if keys.contains(col) {
                self.w.seq += 1;
                let candidates: Vec<String> = s
                    .constraints
                    .iter()
                    .filter(|k| k.kind == "check" && format!("{}.{}", k.schema, k.table) == table && k.columns.contains(col))
                    .flat_map(|k| values::check_candidates(&k.definition, col))
                    .collect();
                let g = values::Gen {
                    table,
                    column: col,
                    type_: &c.type_,
                    tag: "a",
                    seq: self.w.seq,
                    alt: 0,
                    key: true,
                    candidates: &candidates,
                    enum_labels: fixtures::enum_labels(s, &c.type_),
                };
                v = Some(values::generate(&g));
            }
            overriding |= c.identity.as_deref() == Some("a");
            cols.push(col.clone());
            vals.push(v);
        }
        // The persona names itself wherever the row names a user (created_by …), as a client would.
        if let Some(p) = person {
            for (col, (target, rc)) in &fk_of {
                if cols.contains(col) || self.w.kinds.get(target) != Some(&Kind::User) {
                    continue;
                }
                if let Some(row) = self.w.rows.get(&(target.clone(), Tag::Person(p))) {
                    cols.push(col.clone());
                    vals.push(row.values.get(rc).cloned().flatten());
                }
            }
        }
        // In table order, like the fixtures.
        let mut pairs: Vec<(String, Option<String>)> = cols.into_iter().zip(vals).collect();
        pairs.sort_by_key(|(c, _)| t.columns.iter().position(|x| &x.name == c));
        let mut row = a.values.clone();
        for (c, v) in &pairs {
            row.insert(c.clone(), v.clone());
        }
        let v = fixtures::Values {
            cols: pairs.iter().map(|p| p.0.clone()).collect(),
            vals: pairs.into_iter().map(|p| p.1).collect(),
            overriding,
            needs: BTreeSet::new(),
            from_fk: BTreeSet::new(),
        };
        Some((v.insert_sql(s, table), row))
    }
}

/// The pipeline's call (run.rs): after the validation files, on the catalog the up files left,
/// with the tenancy the report shows and the tables the project marks shared.
pub async fn probe_run<E: Engine>(
    engine: &mut E,
    project: &crate::files::Project,
    snaps: &crate::run::Snapshots,
    profile: Profile,
    obs: &mut dyn Observer,
    progress: (usize, usize),
) -> Option<IsolationReport> {
    let catalog = snaps.after_up.as_ref()?;
    let tenancy = crate::tenancy::classify(catalog, profile, &project.tenancy);
    Some(probe_observed(engine, catalog, &tenancy, profile, &project.shared_tables, obs, progress).await)
}
