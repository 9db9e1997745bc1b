//! The probe run inside the transaction: who the requests run as, tenant B and the fixture rows,
//! tenant A's rows to aim at, each persona's identity, then every persona's probes on every
//! tenant-scoped table, view and function, with the leaks sorted.

use super::persona_probes::{parse_count, Cx};
use super::personas::{self, PKind, RoleValue};
use super::Db;
use super::{cause, fixtures, probes, values};
use super::{IsolationReport, Leak, Persona, ProbeResult, TenantPair, Unfilled, COMMANDS};
use crate::catalog::Snapshot;
use crate::engine::{Engine, EngineFailure};
use crate::profile::Profile;
use crate::run::{Observer, Progress};
use crate::tenancy::{Tenancy, TenancyClass};
use fixtures::{fk_target, fks_of, Kind, Row, Tag, World};
use std::collections::{BTreeMap, BTreeSet};

/// Why the run stopped early: the engine failed, or a step that everything after needs did not work.
pub(super) enum Stop {
    Engine(EngineFailure),
    Msg(String),
    /// Nothing to probe (no tenant root): not an error, and not a pass either.
    Nothing(String),
}

impl From<EngineFailure> for Stop {
    fn from(f: EngineFailure) -> Self {
        Stop::Engine(f)
    }
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
pub(super) async fn run_all<E: Engine>(
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
        return Err(Stop::Nothing("no tenant root was found: there is no tenant to probe".into()));
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
