//! The probe run inside the transaction: who the requests run as, where a sign-up puts a new
//! user, tenant A (a tenant no persona was placed in), tenant B and the fixture rows, where the
//! personas really are, tenant A's rows to aim at, each persona's identity (and tenant A's
//! owner's, the control), then every persona's probes on every tenant-scoped table, view and
//! function, the leaks sorted, and what was covered.

use super::fixtures::{
    self, fk_target, fks_of, FixtureContext, KeyVals, Kind, Row, Side, Tag, World,
};
use super::persona_probes::{parse_count, ACount, Cx, NOT_APPLICABLE};
use super::personas::{self, IdentityPlan, PKind, PlatformRole, RoleValue, Who};
use super::Db;
use super::{cause, control, probes, values};
use super::{
    Bypass, Control, Coverage, IsolationReport, Leak, Outcome, Persona, ProbeResult, TableCoverage,
    TenantPair, Unfilled, COMMANDS,
};
use crate::catalog::Snapshot;
use crate::engine::{Engine, EngineFailure};
use crate::observer::{Observer, Progress};
use crate::profile::Profile;
use crate::tenancy::{is_key_root, is_role_column, KeyRoot, Tenancy, TenancyClass};
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
/// on the tenant tables to (not an owner, not a superuser, no BYPASSRLS) — directly, else
/// through the roles it is a member of (`grant app_owner to app_user`) — else a temporary one.
fn choose_role(s: &Snapshot, probed: &[String]) -> Option<String> {
    let mut best: Option<((usize, usize), String)> = None;
    for r in &s.roles {
        if r.superuser || r.bypassrls || r.name.starts_with("pg_") {
            continue;
        }
        let closure = crate::matrix::role_closure(&s.roles, &r.name, false);
        let mut direct = 0;
        let mut inherited = 0;
        let mut owns = false;
        for t in probed.iter().filter_map(|t| s.table(t)) {
            owns |= t.owner == r.name;
            let acl: Vec<(String, String)> =
                t.acl.iter().filter_map(|a| crate::matrix::parse_acl_item(a)).collect();
            direct += acl.iter().filter(|(g, _)| g == &r.name).count();
            if closure.contains(&t.owner)
                || acl.iter().any(|(g, _)| g != &r.name && closure.contains(g))
            {
                inherited += 1;
            }
        }
        let score = (direct, inherited);
        if !owns && (direct > 0 || inherited > 0) && best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, r.name.clone()));
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
        Tag::C => "tenant C row (the tenant of users who belong to none)".into(),
        Tag::Person(p) => format!("row of {}", w.persons[p].id),
        Tag::Global => "lookup row".into(),
    }
}

/// Every key of a root as text: a table's primary keys, or every value of a key root's column.
fn root_keys_sql(s: &Snapshot, tenancy: &Tenancy, root: &str) -> Option<String> {
    match KeyRoot::find(tenancy, root) {
        Some(k) => {
            let parts: Vec<String> = k
                .tables
                .iter()
                .filter(|t| s.table(t).is_some())
                .map(|t| {
                    format!(
                        "select {}::text as k from {}",
                        values::ident(&k.column),
                        values::qualified(t)
                    )
                })
                .collect();
            (!parts.is_empty()).then(|| format!("select coalesce(json_agg(distinct k order by k), '[]')::text from ({}) s where k is not null", parts.join(" union all ")))
        }
        None => probes::root_keys_sql(s, root),
    }
}

/// Platform-wide roles and the values every ordinary user row gets instead: a role column on a
/// user table that is not a tenant membership (its lowest value for everybody, each other value
/// a persona of its own), platform-looking values of a membership kept on the user row
/// (`superadmin`), and admin flags (`is_platform_admin` false for everybody, true for one persona).
/// (table, column, value) every ordinary user row gets.
type UserDefault = (String, String, String);

fn platform_roles(
    s: &Snapshot,
    tenancy: &Tenancy,
    memberships: &[fixtures::Membership],
    roles: &mut Vec<RoleValue>,
) -> (Vec<PlatformRole>, Vec<UserDefault>, Vec<String>) {
    let mut platform = Vec::new();
    let mut defaults = Vec::new();
    let mut notes = Vec::new();
    for u in tenancy.user_table_names() {
        let Some(t) = s.table(&u) else { continue };
        let membership = memberships.iter().find(|m| m.table == u);
        for c in &t.columns {
            if membership.is_some_and(|m| m.role_col.as_deref() == Some(c.name.as_str())) {
                // The tenant role on the user row: platform-looking values become platform personas.
                let wide: Vec<RoleValue> =
                    roles.iter().filter(|r| values::platform_wide(&r.value)).cloned().collect();
                if !wide.is_empty() && wide.len() < roles.len() {
                    roles.retain(|r| !values::platform_wide(&r.value));
                    for r in &wide {
                        platform.push(PlatformRole {
                            table: u.clone(),
                            column: c.name.clone(),
                            value: r.value.clone(),
                            label: r.label.clone(),
                        });
                    }
                    notes.push(format!(
                        "{u}.{}: {} look platform-wide, so they are personas of their own (platform:…), never counted; the members of tenant B take the other values",
                        c.name,
                        wide.iter().map(|r| format!("'{}'", r.value)).collect::<Vec<_>>().join(", ")
                    ));
                }
                continue;
            }
            if is_role_column(&c.name) {
                let vals = fixtures::role_values_from_catalog(
                    s,
                    &fixtures::Membership {
                        table: u.clone(),
                        role_col: Some(c.name.clone()),
                        root: String::new(),
                    },
                );
                if vals.len() < 2 {
                    continue;
                }
                let lowest = vals.iter().min_by_key(|v| values::role_rank(v)).cloned().unwrap();
                defaults.push((u.clone(), c.name.clone(), lowest.clone()));
                let others: Vec<&String> = vals.iter().filter(|v| **v != lowest).collect();
                for v in &others {
                    platform.push(PlatformRole {
                        table: u.clone(),
                        column: c.name.clone(),
                        value: (*v).clone(),
                        label: (*v).clone(),
                    });
                }
                notes.push(format!(
                    "{u}.{} is a role on the user, not on a membership: every persona gets '{lowest}', the lowest of {}; {} are personas of their own (platform:…), probed and never counted",
                    c.name,
                    vals.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", "),
                    others.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ")
                ));
            } else if matches!(c.type_.as_str(), "boolean" | "bool")
                && admin_flag(&c.name)
                && schema_reads(s, &c.name)
            {
                defaults.push((u.clone(), c.name.clone(), "false".into()));
                platform.push(PlatformRole {
                    table: u.clone(),
                    column: c.name.clone(),
                    value: "true".into(),
                    label: c.name.clone(),
                });
                notes.push(format!(
                    "{u}.{} is false for every persona but platform:{} (probed and never counted)",
                    c.name, c.name
                ));
            }
        }
    }
    platform.truncate(4);
    (platform, defaults, notes)
}

/// Whether a policy, a view or a function of the schema reads a column of this name: a flag
/// nothing reads (GoTrue's `auth.users.is_super_admin` on Supabase) changes no answer, so it
/// makes no persona.
fn schema_reads(s: &Snapshot, column: &str) -> bool {
    let names = |text: &str| {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
            .any(|w| w.trim_matches('"').eq_ignore_ascii_case(column))
    };
    s.policies.iter().any(|p| {
        p.using.as_deref().is_some_and(names) || p.with_check.as_deref().is_some_and(names)
    }) || s.views.iter().any(|v| names(&v.definition))
        || s.functions.iter().any(|f| f.source.as_deref().is_some_and(names))
}

/// A boolean on the user that makes them an administrator of the whole platform.
fn admin_flag(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let n = n.strip_prefix("is_").unwrap_or(&n);
    [
        "admin",
        "super_admin",
        "superadmin",
        "platform_admin",
        "staff",
        "superuser",
        "system_admin",
        "site_admin",
        "global_admin",
    ]
    .contains(&n)
}

/// Where the user with id `uid` is a member: per root, the tenant keys of the membership rows
/// (or of the user row carrying the tenant) that name them.
async fn placements<E: Engine>(
    db: &mut Db<'_, E>,
    s: &Snapshot,
    tenancy: &Tenancy,
    w: &World,
    uid: &str,
) -> Result<BTreeMap<String, BTreeSet<String>>, Stop> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in &w.memberships {
        let Some((joins, tenant)) = probes::tenant_expr(s, tenancy, &m.table) else { continue };
        let user_col = if w.kinds.get(&m.table) == Some(&Kind::User) {
            fixtures::primary_key(s, &m.table).first().cloned()
        } else {
            fks_of(s, &m.table)
                .find(|c| w.kinds.get(&fk_target(c)) == Some(&Kind::User))
                .and_then(|c| c.columns.first().cloned())
        };
        let Some(col) = user_col else { continue };
        let q = format!(
            "select coalesce(json_agg(distinct {tenant}), '[]')::text from {} t0{joins} where t0.{}::text = {} and {tenant} is not null",
            values::qualified(&m.table),
            values::ident(&col),
            values::quote(uid)
        );
        if let Ok(text) = db.step_query(&q, false).await? {
            out.entry(m.root.clone()).or_default().extend(parse_list(&text));
        }
    }
    Ok(out)
}

/// Where a sign-up puts a new user: when a user table has an INSERT trigger, make one user (as
/// the fixtures would), read its memberships, and undo it.
async fn signup_placements<E: Engine>(
    db: &mut Db<'_, E>,
    s: &Snapshot,
    tenancy: &Tenancy,
    w: &mut World,
) -> Result<BTreeMap<String, BTreeSet<String>>, Stop> {
    let Some((ut, col)) = w.base_users.clone() else { return Ok(BTreeMap::new()) };
    let users: BTreeSet<&String> =
        w.kinds.iter().filter(|(_, k)| **k == Kind::User).map(|(t, _)| t).collect();
    let triggered = s.triggers.iter().any(|t| {
        t.enabled
            && users.contains(&format!("{}.{}", t.schema, t.table))
            && t.definition.to_ascii_uppercase().contains("INSERT")
    });
    if !triggered || w.persons.len() < 2 {
        return Ok(BTreeMap::new());
    }
    let Some(sql) = fixtures::insert_returning_for(s, w, &ut, Tag::Person(1)) else {
        return Ok(BTreeMap::new());
    };
    if let Some(e) = db.exec("savepoint tp_signup").await?.error {
        return Err(Stop::Msg(format!("savepoint failed: {}", e.message)));
    }
    let mut out = BTreeMap::new();
    if let Ok(text) = db.step_query(&sql, true).await? {
        if let Some(uid) =
            fixtures::row_from_json(&text).and_then(|r| r.get(&col).cloned().flatten())
        {
            out = placements(db, s, tenancy, w, &uid).await?;
        }
    }
    if let Some(e) =
        db.exec("rollback to savepoint tp_signup; release savepoint tp_signup").await?.error
    {
        return Err(Stop::Msg(format!("could not undo the sign-up probe: {}", e.message)));
    }
    out.retain(|_, v| !v.is_empty());
    Ok(out)
}

/// The probe run's arguments, which every phase of [`Probing::run_all`] reads and writes.
pub(super) struct Probing<'r, 'e, E: Engine> {
    pub(super) db: &'r mut Db<'e, E>,
    /// The catalog the up files left.
    pub(super) s: &'r Snapshot,
    pub(super) tenancy: &'r Tenancy,
    pub(super) profile: Profile,
    /// Tables every tenant may read: the probes do not count them.
    pub(super) shared: &'r [String],
    pub(super) obs: &'r mut dyn Observer,
    /// Statements done over the run and their total, for the progress bar.
    pub(super) progress: (usize, usize),
    pub(super) report: &'r mut IsolationReport,
}

/// Who the requests run as: the identity plan (settings and claims the policies read), the
/// database role, and what the probe transaction created for it.
struct Requests {
    plan: IdentityPlan,
    db_role: String,
    setup_prefix: Vec<String>,
}

/// The personas, the second world planned for them, and the root whose tenants they are in.
struct Cast {
    defs: Vec<personas::PersonaDef>,
    w: World,
    primary_root: String,
}

/// The tenants there were before the fixtures (keys per root), where a sign-up puts a new user,
/// and the roots whose tenant A is a row that was already there.
struct Tenants {
    before: BTreeMap<String, Vec<String>>,
    signup: BTreeMap<String, BTreeSet<String>>,
    a_existing: BTreeSet<String>,
}

/// What the probes aim at: tenant A's key per root, its rows in each probed table (by key), and
/// how many of them a non-root table holds (a move must add one).
struct Aims {
    a_keys: BTreeMap<String, String>,
    targets: BTreeMap<String, Vec<Vec<Option<String>>>>,
    a_counts: BTreeMap<String, ACount>,
    /// Why a probed table has no row to aim at, for its commands not probed.
    no_rows: BTreeMap<String, String>,
    /// Tenant A's key in the primary root, with the key's type: the argument of function probes.
    a_key_typed: Option<(String, String)>,
}

/// Each persona's identity SQL (in the order of `Cast::defs`), and tenant A's owner's: the control.
struct Identities {
    each: Vec<String>,
    control: String,
    /// The control's database role.
    control_role: String,
}

/// What the personas' probes left besides the report's matrix: the leaks (with the persona's
/// index), why each (table, command) was not probed, and the personas that could not be set up.
struct Probed {
    leaks: Vec<(usize, Leak)>,
    skips: BTreeMap<(String, String), String>,
    unset: Vec<String>,
}

impl<E: Engine> Probing<'_, '_, E> {
    /// The phases the module doc names, in order.
    pub(super) async fn run_all(&mut self) -> Result<(), Stop> {
        let (roots, probed) = self.scope()?;
        let requests = self.requests(&probed).await?;
        let (mut cast, mut notes) = self.cast(&roots, &requests).await?;
        let tenants = self.second_world(&roots, &requests, &mut cast.w, &mut notes).await?;
        let (mut coverage_gaps, placed_elsewhere) =
            self.where_personas_are(&cast, &tenants, &mut notes).await?;
        let aims = self.aims(&roots, &probed, &cast, &tenants, &placed_elsewhere).await?;
        let identities = self.identities(&cast, &requests);
        let controls = control::reads(
            self.db,
            self.s,
            self.tenancy,
            &cast.w,
            &control::Plan {
                identity: &identities.control,
                role: &identities.control_role,
                probed: &probed,
                a_keys: &aims.a_keys,
                shared: self.shared,
            },
        )
        .await?;
        let Probed { mut leaks, skips, unset } =
            self.probe_personas(&probed, &requests, &mut cast, &aims, &identities).await?;
        leaks.sort_by(|a, b| {
            let ci = |c: &str| COMMANDS.iter().position(|x| *x == c).unwrap_or(9);
            (&a.1.table, ci(&a.1.command), a.0).cmp(&(&b.1.table, ci(&b.1.command), b.0))
        });
        self.report.leaks = leaks.into_iter().map(|x| x.1).collect();
        coverage_gaps.extend(unset);
        self.report.coverage = coverage(
            self.report,
            self.tenancy,
            &probed,
            &cast.defs,
            &skips,
            coverage_gaps,
            controls,
        );
        self.report.bypass = bypasses(self.s, &probed, &cast.defs);
        self.report.notes = notes;
        Ok(())
    }

    /// The tenant roots, and the tenant tables to probe (roots and tenant-scoped, sorted).
    fn scope(&self) -> Result<(Vec<String>, Vec<String>), Stop> {
        let roots = self.tenancy.root_names();
        if roots.is_empty() {
            return Err(Stop::Nothing(
                "no tenant root was found: there is no tenant to probe".into(),
            ));
        }
        let mut probed: Vec<String> = self
            .tenancy
            .tables
            .iter()
            .filter(|(_, t)| t.class == TenancyClass::Root || t.class.is_tenant_scoped())
            .map(|(n, _)| n.clone())
            .filter(|n| self.s.table(n).is_some())
            .collect();
        probed.sort();
        Ok((roots, probed))
    }

    /// Who the requests run as, said in `report.identity`.
    async fn requests(&mut self, probed: &[String]) -> Result<Requests, Stop> {
        let (s, profile) = (self.s, self.profile);
        let mut setup_prefix: Vec<String> = Vec::new();
        let plan = IdentityPlan {
            settings: personas::settings(s, profile),
            claims: personas::custom_claims(s, profile),
        };
        let db_role = if profile == Profile::Supabase {
            self.report.identity = "Supabase: `set local role anon | authenticated | service_role` and the JWT claims a real session carries (`request.jwt.claims`: sub, role, email, phone, aud, exp, iat, iss, app_metadata, user_metadata, aal, amr, session_id, is_anonymous), read by auth.uid() / auth.jwt()".into();
            "authenticated".to_string()
        } else {
            match choose_role(s, probed) {
                Some(r) => {
                    self.report.identity = format!("plain Postgres: `set local role {r}` (a role your files created and granted privileges on the tenant tables)");
                    r
                }
                None => {
                    let mut name = "tp_probe".to_string();
                    while s.roles.iter().any(|r| r.name == name) {
                        name.push('_');
                    }
                    let sql = format!("create role {name} nologin");
                    if let Err(e) = self.db.step_exec(&sql, true).await? {
                        return Err(Stop::Msg(format!(
                            "could not create the probe role: {}",
                            e.message
                        )));
                    }
                    setup_prefix.push(sql);
                    self.report.identity = format!(
                        "plain Postgres: `set local role {name}`, a role created inside the probe transaction: no owner, no superuser, only the privileges PUBLIC has (your files grant none to another role)"
                    );
                    name
                }
            }
        };
        self.report.identity.push_str(&identity_details(profile, &plan));
        Ok(Requests { plan, db_role, setup_prefix })
    }

    /// The memberships and their role values, the personas, and the second world planned for
    /// them; with the notes on platform-wide roles.
    async fn cast(
        &mut self,
        roots: &[String],
        requests: &Requests,
    ) -> Result<(Cast, Vec<String>), Stop> {
        let (s, tenancy, profile) = (self.s, self.tenancy, self.profile);
        let memberships = fixtures::find_memberships(s, tenancy);
        let mut roles: Vec<RoleValue> = Vec::new();
        if let Some(m) = memberships.first() {
            roles = fixtures::role_values_from_catalog(s, m)
                .into_iter()
                .map(|v| RoleValue { value: v.clone(), label: v })
                .collect();
            if roles.is_empty() {
                roles = self.role_values_from_rows(m).await?;
            }
        }
        let (platform, user_defaults, notes) = platform_roles(s, tenancy, &memberships, &mut roles);
        let (defs, persons, b_owner) =
            personas::personas(profile, &roles, &platform, &requests.db_role);
        let (kinds, order) = fixtures::plan(s, tenancy, &memberships);
        let primary_root =
            roots.iter().find(|r| !is_key_root(r)).or(roots.first()).cloned().unwrap_or_default();
        let mut w = World {
            kinds,
            order,
            persons,
            b_owner,
            memberships,
            user_defaults,
            ..Default::default()
        };
        for k in &tenancy.key_roots {
            w.keys.insert(
                k.name.clone(),
                KeyVals { column: k.column.clone(), type_: k.type_.clone(), ..Default::default() },
            );
            for t in &k.tables {
                let direct = tenancy.tables.get(t).is_some_and(|tt| {
                    tt.class == TenancyClass::Direct
                        && tt.path.len() == 1
                        && tt.path[0].ref_table == k.name
                });
                if direct {
                    w.keyed.insert(t.clone(), (k.name.clone(), k.column.clone()));
                }
            }
        }
        w.need_c = fixtures::needs_tenant_c(s, &w);
        w.base_users = base_user_table(s, &w, profile);
        let plan = &requests.plan;
        if profile == Profile::Supabase || !plan.settings.is_empty() || !plan.claims.is_empty() {
            w.context = Some(FixtureContext {
                profile,
                plan: plan.clone(),
                primary_root: primary_root.clone(),
            });
        }
        Ok((Cast { defs, w, primary_root }, notes))
    }

    /// A membership's role values from the rows of the lookup table its role column references
    /// (when the catalog lists none): the first six, each labelled by its name-like column.
    async fn role_values_from_rows(
        &mut self,
        m: &fixtures::Membership,
    ) -> Result<Vec<RoleValue>, Stop> {
        let s = self.s;
        let mut roles = Vec::new();
        let Some(col) = &m.role_col else { return Ok(roles) };
        let Some(fk) = fks_of(s, &m.table).find(|c| c.columns == [col.clone()]) else {
            return Ok(roles);
        };
        let target = fk_target(fk);
        let rc = fk.ref_columns.clone().unwrap_or_default().first().cloned().unwrap_or_default();
        let pk = fixtures::primary_key(s, &target);
        let order = if pk.is_empty() {
            String::new()
        } else {
            format!(
                " order by {}",
                pk.iter().map(|c| values::ident(c)).collect::<Vec<_>>().join(", ")
            )
        };
        let q = format!("select coalesce(json_agg(to_jsonb(t)), '[]')::text from (select * from {}{order} limit 6) t", values::qualified(&target));
        if let Ok(text) = self.db.step_query(&q, false).await? {
            let rows: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
            for r in rows {
                let Some(map) = fixtures::row_from_json(&r.to_string()) else { continue };
                let Some(Some(value)) = map.get(&rc).cloned() else { continue };
                let label = ["name", "label", "slug", "code", "title"]
                    .iter()
                    .find_map(|k| map.get(*k).cloned().flatten())
                    .unwrap_or_else(|| value.clone());
                roles.push(RoleValue { value, label });
            }
        }
        Ok(roles)
    }

    /// Tenant A, tenant B and the fixture rows: the tenants there were, where a sign-up puts a
    /// new user (never a victim), tenant A's existing rows, key roots' values, then every row the
    /// world needs, parents first (those refused listed in `report.fixtures`); signed out again
    /// and materialized views refreshed with the rows.
    async fn second_world(
        &mut self,
        roots: &[String],
        requests: &Requests,
        w: &mut World,
        notes: &mut Vec<String>,
    ) -> Result<Tenants, Stop> {
        let (s, tenancy) = (self.s, self.tenancy);
        // The tenants there were before the fixtures (rows of any other tenant count as tenant A's).
        let mut before: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for r in roots {
            if let Some(q) = root_keys_sql(s, tenancy, r) {
                if let Ok(text) = self.db.step_query(&q, false).await? {
                    before.insert(r.clone(), parse_list(&text));
                }
            }
        }
        let signup = signup_placements(self.db, s, tenancy, w).await?;
        notes.extend(signup_notes(&signup, &before));
        let a_existing = self.tenant_a_rows(w, &signup).await?;
        let a_existing = key_root_values(w, &before, &signup, a_existing);
        // The second world, parents first.
        let tables: Vec<String> = w.order.clone();
        let mut complete: BTreeSet<String> = BTreeSet::new();
        for t in &tables {
            let mut all = true;
            for tag in fixtures::tags_for(w, t, a_existing.contains(t)) {
                if w.rows.contains_key(&(t.clone(), tag)) {
                    continue;
                }
                if let Err(why) = fixtures::fill_row(self.db, s, w, t, tag).await? {
                    all = false;
                    self.report.fixtures.unfilled.push(Unfilled {
                        table: t.clone(),
                        reason: format!("{}: {why}", tag_label(w, tag)),
                    });
                }
            }
            if all {
                complete.insert(t.clone());
            }
        }
        self.report.fixtures.filled =
            tables.iter().filter(|t| complete.contains(*t)).cloned().collect();
        self.report.fixtures.rows = w.stmts.len();
        // Signed out again: the personas sign in for themselves.
        if !w.context_now.is_empty() {
            let reset: Vec<String> =
                std::iter::once("select set_config('request.jwt.claims', '', true)".to_string())
                    .chain(requests.plan.settings.iter().map(|x| {
                        format!("select set_config({}, '', true)", values::quote(&x.name))
                    }))
                    .collect();
            self.db.exec(&reset.join("; ")).await?;
            w.context_now.clear();
        }
        // Materialized views show what they held when last refreshed: refresh them with the fixtures.
        for v in s.views.iter().filter(|v| v.materialized) {
            let name = format!("{}.{}", v.schema, v.name);
            if let Err(e) = self
                .db
                .step_exec(&format!("refresh materialized view {}", values::qualified(&name)), true)
                .await?
            {
                notes.push(format!("materialized view {name} could not be refreshed with the probes' rows ({} ({})): it shows only what it held before", e.message, e.sqlstate));
            }
        }
        Ok(Tenants { before, signup, a_existing })
    }

    /// Tenant A: an existing root row (no sign-up lands in) when there is one; lookups: an
    /// existing row. Gives the roots whose tenant A is such a row.
    async fn tenant_a_rows(
        &mut self,
        w: &mut World,
        signup: &BTreeMap<String, BTreeSet<String>>,
    ) -> Result<BTreeSet<String>, Stop> {
        let mut a_existing: BTreeSet<String> = BTreeSet::new();
        for t in &w.order.clone() {
            let kind = w.kinds[t];
            if matches!(kind, Kind::Root | Kind::Support) {
                let except: Vec<String> =
                    signup.get(t).map(|k| k.iter().cloned().collect()).unwrap_or_default();
                if let Some(values) = fixtures::existing_row(self.db, self.s, t, &except).await? {
                    let tag = if kind == Kind::Root { Tag::A } else { Tag::Global };
                    w.rows.insert((t.clone(), tag), Row { values, ..Default::default() });
                    if kind == Kind::Root {
                        a_existing.insert(t.clone());
                    }
                }
            }
        }
        Ok(a_existing)
    }

    /// Where the personas really are: tenants other than their own are not victims. Gives the
    /// coverage gaps (a persona in tenant A) and, per root, the tenants they were placed in.
    async fn where_personas_are(
        &mut self,
        cast: &Cast,
        tenants: &Tenants,
        notes: &mut Vec<String>,
    ) -> Result<(Vec<String>, BTreeMap<String, BTreeSet<String>>), Stop> {
        let (s, w) = (self.s, &cast.w);
        let mut coverage_gaps: Vec<String> = Vec::new();
        let mut placed_elsewhere: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for d in cast
            .defs
            .iter()
            .filter(|d| matches!(d.kind, PKind::Outsider | PKind::Member | PKind::Platform))
        {
            let Some(uid) = d.person.and_then(|p| w.user_id(p)) else { continue };
            let mine: BTreeMap<String, BTreeSet<String>> =
                placements(self.db, s, self.tenancy, w, &uid).await?;
            for (root, keys) in mine {
                let own_b = w.tenant_key(s, &root, Side::B);
                let own_c = w.tenant_key(s, &root, Side::C);
                for k in keys {
                    let expected = d.kind == PKind::Member && own_b.as_ref() == Some(&k)
                        || d.kind != PKind::Member && own_c.as_ref() == Some(&k);
                    if !expected
                        && placed_elsewhere.entry(root.clone()).or_default().insert(k.clone())
                    {
                        if w.tenant_key(s, &root, Side::A).as_ref() == Some(&k) {
                            coverage_gaps.push(format!("{} is a member of tenant A ({k} of {root}): its reads of tenant A are not leaks, so tenant A is not a real victim", d.id));
                        }
                        let existed = tenants.before.get(&root).is_some_and(|b| b.contains(&k));
                        if existed && !tenants.signup.get(&root).is_some_and(|x| x.contains(&k)) {
                            notes.push(format!("{} is also a member of tenant {k} of {root} (placed by the schema, not by the probes): that tenant's rows are not probed as tenant A's", d.id));
                        }
                    }
                }
            }
        }
        Ok((coverage_gaps, placed_elsewhere))
    }

    /// Tenant A and B per root (in `report.fixtures.tenants`), and tenant A's rows to aim at:
    /// the tenants the fixtures made (B, C …) and those the personas are in are not tenant A.
    async fn aims(
        &mut self,
        roots: &[String],
        probed: &[String],
        cast: &Cast,
        tenants: &Tenants,
        placed_elsewhere: &BTreeMap<String, BTreeSet<String>>,
    ) -> Result<Aims, Stop> {
        let (s, tenancy, w) = (self.s, self.tenancy, &cast.w);
        let mut exclude: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut a_keys: BTreeMap<String, String> = BTreeMap::new();
        for r in roots {
            let a = w.tenant_key(s, r, Side::A);
            let b = w.tenant_key(s, r, Side::B);
            self.report.fixtures.tenants.push(TenantPair {
                root: r.clone(),
                a: a.clone(),
                b,
                a_existing: tenants.a_existing.contains(r),
            });
            if let Some(a) = &a {
                a_keys.insert(r.clone(), a.clone());
            }
            let Some(q) = root_keys_sql(s, tenancy, r) else { continue };
            if let Ok(text) = self.db.step_query(&q, false).await? {
                let old = tenants.before.get(r).cloned().unwrap_or_default();
                let placed = placed_elsewhere.get(r).cloned().unwrap_or_default();
                let new: Vec<String> = parse_list(&text)
                    .into_iter()
                    .filter(|k| (!old.contains(k) || placed.contains(k)) && Some(k) != a.as_ref())
                    .collect();
                exclude.insert(r.clone(), new);
            }
        }
        // Tenant A's rows in each probed table, by key; how many there are (a move must add one).
        // Each table's two reads (as the superuser), made first and read a batch at a time.
        let mut reads: Vec<(&String, String, Option<String>)> = Vec::new();
        for t in probed {
            let root = probes::root_of(tenancy, t).unwrap_or_default();
            let ex = exclude.get(&root).cloned().unwrap_or_default();
            let a_key = a_keys.get(&root).map(String::as_str);
            let Some(q) = probes::target_keys_sql(s, tenancy, t, &ex, a_key) else { continue };
            let count = match (a_key, probes::tenant_expr(s, tenancy, t)) {
                (Some(a), Some((joins, tenant)))
                    if tenancy.class_of(t) != Some(TenancyClass::Root) =>
                {
                    Some(format!(
                        "select count(*)::text from {} t0{joins} where {tenant} = {}",
                        values::qualified(t),
                        values::quote(a)
                    ))
                }
                _ => None,
            };
            reads.push((t, q, count));
        }
        let all: Vec<String> = reads
            .iter()
            .flat_map(|(_, q, c)| std::iter::once(q.clone()).chain(c.clone()))
            .collect();
        self.db.prefetch(&all).await?;
        let mut targets: BTreeMap<String, Vec<Vec<Option<String>>>> = BTreeMap::new();
        let mut a_counts: BTreeMap<String, ACount> = BTreeMap::new();
        for (t, q, count) in reads {
            if let Ok(text) = self.db.step_query(&q, false).await? {
                targets.insert(t.clone(), parse_keys(&text));
            }
            if let Some(sql) = count {
                if let Ok(text) = self.db.step_query(&sql, false).await? {
                    a_counts
                        .insert(t.clone(), ACount { before: parse_count(&text).unwrap_or(0), sql });
                }
            }
        }
        let a_key_typed = self.a_key_typed(&a_keys, &cast.primary_root);
        let no_rows = self.no_rows(probed);
        Ok(Aims { a_keys, targets, a_counts, no_rows, a_key_typed })
    }

    /// Tenant A's key in `primary_root`, with the type of the key column (a key root's, else the
    /// table's one-column primary key's).
    fn a_key_typed(
        &self,
        a_keys: &BTreeMap<String, String>,
        primary_root: &str,
    ) -> Option<(String, String)> {
        let (s, tenancy) = (self.s, self.tenancy);
        let k = a_keys.get(primary_root)?;
        if let Some(kr) = KeyRoot::find(tenancy, primary_root) {
            return Some((k.clone(), kr.type_.clone()));
        }
        let pk = fixtures::primary_key(s, primary_root);
        let ty = s
            .table(primary_root)?
            .columns
            .iter()
            .find(|c| pk.len() == 1 && c.name == pk[0])?
            .type_
            .clone();
        Some((k.clone(), ty))
    }

    /// Why each probed table may have no row of tenant A: its refused fixture rows, if any.
    fn no_rows(&self, probed: &[String]) -> BTreeMap<String, String> {
        probed
            .iter()
            .map(|t| {
                let reasons: Vec<&str> = self
                    .report
                    .fixtures
                    .unfilled
                    .iter()
                    .filter(|u| &u.table == t)
                    .map(|u| u.reason.as_str())
                    .collect();
                let why = if reasons.is_empty() {
                    "no row of tenant A (nor of the tenants that were there) is in it".to_string()
                } else {
                    format!("its fixture rows were refused: {}", reasons.join("; "))
                };
                (t.clone(), why)
            })
            .collect()
    }

    /// The personas' identities (each listed in `report.personas`), and tenant A's owner's (the
    /// control).
    fn identities(&mut self, cast: &Cast, requests: &Requests) -> Identities {
        let (s, profile, plan) = (self.s, self.profile, &requests.plan);
        let (w, primary_root) = (&cast.w, &cast.primary_root);
        let tenant_b = w.tenant_key(s, primary_root, Side::B);
        let tenant_a = w.tenant_key(s, primary_root, Side::A);
        let tenant_c = if w.need_c { w.tenant_key(s, primary_root, Side::C) } else { None };
        let email_of = |p: usize| {
            let (t, _) = w.base_users.as_ref()?;
            w.rows.get(&(t.clone(), Tag::Person(p)))?.values.get("email").cloned().flatten()
        };
        let mut each = Vec::new();
        for d in &cast.defs {
            let user_id = d.person.map(|p| {
                w.user_id(p)
                    .unwrap_or_else(|| values::det_uuid(&format!("user:{}", w.persons[p].id)))
            });
            let email = d.person.and_then(email_of);
            let tenant = match d.kind {
                PKind::Member => tenant_b.clone(),
                PKind::Outsider | PKind::Platform => tenant_c.clone(),
                _ => None,
            };
            let who = Who {
                kind: d.kind,
                db_role: &d.db_role,
                user_id: user_id.as_deref(),
                email: email.as_deref(),
                tenant: tenant.as_deref(),
            };
            let identity = personas::identity_sql(profile, &who, plan);
            let label = if d.kind == PKind::Outsider && tenant_c.is_some() {
                "a signed-in user who belongs to no tenant of the probes (their user row must name a tenant: tenant C, which has no rows)".to_string()
            } else {
                d.label.clone()
            };
            self.report.personas.push(Persona {
                id: d.id.clone(),
                label,
                db_role: d.db_role.clone(),
                user_id,
                tenant_role: d.tenant_role.clone(),
                counted: d.counted(),
                identity_sql: identity.clone(),
            });
            each.push(identity);
        }
        let control = {
            let owner_id = w.user_id(0);
            let email = email_of(0);
            let db_role =
                if profile == Profile::Supabase { "authenticated" } else { &requests.db_role };
            let who = Who {
                kind: PKind::Member,
                db_role,
                user_id: owner_id.as_deref(),
                email: email.as_deref(),
                tenant: tenant_a.as_deref(),
            };
            let sql = personas::identity_sql(profile, &who, plan);
            self.report.control = Some(Persona {
                id: w.persons.first().map_or_else(|| "tenant-a-owner".into(), |p| p.id.clone()),
                label: "tenant A's own member (its owner, with the highest membership role), signed in as the personas are but in tenant A: the positive control".into(),
                db_role: db_role.to_string(),
                user_id: owner_id.clone(),
                tenant_role: w.persons.first().and_then(|p| p.role.clone()),
                counted: false,
                identity_sql: sql.clone(),
            });
            (sql, db_role.to_string())
        };
        let (control, control_role) = control;
        Identities { each, control, control_role }
    }

    /// Every persona's probes on every tenant-scoped table, view and function, each persona
    /// inside its own savepoint.
    async fn probe_personas(
        &mut self,
        probed: &[String],
        requests: &Requests,
        cast: &mut Cast,
        aims: &Aims,
        identities: &Identities,
    ) -> Result<Probed, Stop> {
        let s = self.s;
        let all_a_keys: Vec<String> = aims.a_keys.values().cloned().collect();
        let mut out = Probed { leaks: Vec::new(), skips: BTreeMap::new(), unset: Vec::new() };
        let mut controls: BTreeMap<(String, String), bool> = BTreeMap::new();
        let (done, total) = self.progress;
        let others =
            view_and_function_probes(s, self.profile, &all_a_keys, aims.a_key_typed.as_ref());
        for (pi, d) in cast.defs.iter().enumerate() {
            if self.obs.cancelled() {
                return Err(Stop::Msg("cancelled".into()));
            }
            self.obs.progress(&Progress {
                phase: "leak probes".into(),
                file: None,
                statement: pi + 1,
                of: cast.defs.len(),
                done,
                total,
            });
            let identity = &identities.each[pi];
            let o = self
                .db
                .exec(&format!("savepoint tp_persona; {}", identity.replace('\n', " ")))
                .await?;
            if let Some(e) = o.error {
                let msg = format!("{} ({})", e.message, e.sqlstate);
                self.report.matrix.push(ProbeResult {
                    persona: d.id.clone(),
                    table: "(identity)".into(),
                    command: "SET ROLE".into(),
                    rows: None,
                    sqlstate: Some(e.sqlstate),
                    outcome: Outcome::Errored,
                    error: Some(msg.clone()),
                    predicted: false,
                });
                if d.counted() {
                    out.unset.push(format!("persona {} could not be set up: {msg}", d.id));
                }
                if let Some(e) = self
                    .db
                    .exec("rollback to savepoint tp_persona; release savepoint tp_persona")
                    .await?
                    .error
                {
                    return Err(Stop::Msg(format!(
                        "could not leave persona {}: {}",
                        d.id, e.message
                    )));
                }
                continue;
            }
            let counted = d.counted();
            let mut cx = Cx {
                db: &mut *self.db,
                s,
                w: &mut cast.w,
                d,
                identity,
                control: &identities.control,
                setup_prefix: &requests.setup_prefix,
                report: &mut *self.report,
                leaks: &mut out.leaks,
                pi,
                counted,
                shared: self.shared,
                skips: &mut out.skips,
                a_counts: &aims.a_counts,
                controls: &mut controls,
            };
            // The persona's reads, a batch at a time (see `Db::prefetch`); then every probe.
            let mut ahead = cx.reads_ahead(probed, &aims.targets);
            ahead.extend(others.iter().map(|(_, sql)| sql.clone()));
            cx.db.prefetch(&ahead).await?;
            for t in probed {
                let keys = aims.targets.get(t).cloned().unwrap_or_default();
                cx.table(t, &keys, &aims.no_rows[t]).await?;
            }
            views_and_functions(&mut cx, &others).await?;
            if let Some(e) = self
                .db
                .exec("rollback to savepoint tp_persona; release savepoint tp_persona")
                .await?
                .error
            {
                return Err(Stop::Msg(format!("could not leave persona {}: {}", d.id, e.message)));
            }
        }
        Ok(out)
    }
}

/// A view or a function the personas probe, named as the matrix names it, and its probe.
enum Target<'s> {
    View(&'s crate::catalog::View, String),
    Function(&'s crate::catalog::Function, String),
}

/// The views and functions outside the platform's schemas, each with its probe statement: a
/// view that shows tenant A's rows, a function that returns them for tenant A's key.
fn view_and_function_probes<'s>(
    s: &'s Snapshot,
    profile: Profile,
    all_a_keys: &[String],
    a_key_typed: Option<&(String, String)>,
) -> Vec<(Target<'s>, String)> {
    let mut out = Vec::new();
    for v in &s.views {
        if v.schema.starts_with("pg_")
            || v.schema == "information_schema"
            || profile.owns_schema(&v.schema)
        {
            continue;
        }
        let name = format!("{}.{}", v.schema, v.name);
        let sql = probes::view_sql(&name, all_a_keys);
        out.push((Target::View(v, name), sql));
    }
    for f in &s.functions {
        if f.schema.starts_with("pg_") || profile.owns_schema(&f.schema) {
            continue;
        }
        let Some(call) =
            probes::function_call(f, a_key_typed.map(|(k, t)| (k.as_str(), t.as_str())))
        else {
            continue;
        };
        let sql = probes::function_sql(&call, all_a_keys);
        out.push((Target::Function(f, call), sql));
    }
    out
}

/// One persona's probes of the views and functions (see [`view_and_function_probes`]): one
/// that shows tenant A's rows is a leak.
async fn views_and_functions<E: Engine>(
    cx: &mut Cx<'_, '_, E>,
    targets: &[(Target<'_>, String)],
) -> Result<(), EngineFailure> {
    let s = cx.s;
    for (target, sql) in targets {
        match target {
            Target::View(v, name) => {
                if let Some(n) = cx.probe(name, "SELECT", sql, true).await? {
                    let cause = cause::view_cause(s, v);
                    cx.leak(name, "SELECT", n, cause, sql, None, true);
                }
            }
            Target::Function(f, call) => {
                if let Some(n) = cx.probe(call, "SELECT", sql, true).await? {
                    cx.leak(&f.signature(), "SELECT", n, cause::function_cause(f), sql, None, true);
                }
            }
        }
    }
    Ok(())
}

/// The identity's details for `report.identity`: the custom claims the policies read and the
/// settings made (under plain Postgres, also when there are none).
fn identity_details(profile: Profile, plan: &IdentityPlan) -> String {
    let mut out = String::new();
    if !plan.claims.is_empty() {
        let what: Vec<String> = plan
            .claims
            .iter()
            .map(|(p, kind)| match *kind {
                "tenant" => format!("{} ← the persona's tenant", p.join(".")),
                "user" => format!("{} ← the persona's user id", p.join(".")),
                _ => format!("{} left out", p.join(".")),
            })
            .collect();
        out.push_str(&format!("; custom claims the policies read: {}", what.join(", ")));
    }
    if profile == Profile::Postgres || !plan.settings.is_empty() {
        if plan.settings.is_empty() {
            out.push_str("; the policies read no current_setting(), so no setting is made");
        } else {
            let what: Vec<String> = plan
                .settings
                .iter()
                .map(|x| match x.kind {
                    "tenant" => format!(
                        "{} ← the persona's tenant (tenant B's key for its members)",
                        x.name
                    ),
                    "user" => format!("{} ← the persona's user id", x.name),
                    _ => format!("{} ← ''", x.name),
                })
                .collect();
            out.push_str(&format!("; settings: {} (a setting a persona has no value for is ''; the same request without it fails in current_setting())", what.join(", ")));
        }
    }
    out
}

/// What a sign-up trigger does to the probes, for the notes: the existing tenants it puts new
/// users in, and whether it makes a tenant per user.
fn signup_notes(
    signup: &BTreeMap<String, BTreeSet<String>>,
    before: &BTreeMap<String, Vec<String>>,
) -> Vec<String> {
    let mut notes = Vec::new();
    for (root, keys) in signup {
        let old = before.get(root).cloned().unwrap_or_default();
        let (existing, made): (Vec<&String>, Vec<&String>) =
            keys.iter().partition(|k| old.contains(k));
        if !existing.is_empty() {
            notes.push(format!(
                "a sign-up trigger puts every new user into {} of {root}: the personas are members there too, so tenant A is another tenant and that one is not probed as a victim",
                existing.iter().map(|k| format!("tenant {k}")).collect::<Vec<_>>().join(", ")
            ));
        }
        if !made.is_empty() {
            notes.push(format!("a sign-up trigger makes a tenant of {root} for every new user: each persona is also a member of its own (new, empty, never a victim)"));
        }
    }
    notes
}

/// Key roots: tenant A an existing value when there is one (no sign-up lands in), B and C new.
/// Gives `a_existing` with the key roots whose A already existed added.
fn key_root_values(
    w: &mut World,
    before: &BTreeMap<String, Vec<String>>,
    signup: &BTreeMap<String, BTreeSet<String>>,
    mut a_existing: BTreeSet<String>,
) -> BTreeSet<String> {
    for (name, k) in w.keys.clone() {
        let taken: BTreeSet<String> = signup.get(&name).cloned().unwrap_or_default();
        let existing =
            before.get(&name).and_then(|v| v.iter().find(|x| !taken.contains(*x)).cloned());
        let type_ = k.type_.clone();
        let mut gen = |tag: &str| {
            w.seq += 1;
            values::generate(&values::Gen {
                table: &name,
                column: &k.column,
                type_: &type_,
                tag,
                seq: w.seq,
                alt: 0,
                key: true,
                candidates: &[],
                enum_labels: None,
            })
        };
        let a = existing.clone().unwrap_or_else(|| gen("a"));
        let b = gen("b");
        let c = gen("c");
        if existing.is_some() {
            a_existing.insert(name.clone());
        }
        w.keys.insert(name.clone(), KeyVals { a: Some(a), b: Some(b), c: Some(c), ..k });
    }
    a_existing
}

/// What was covered: per tenant table, the commands that apply (SELECT, UPDATE, DELETE; INSERT
/// and MOVE too unless it is a root) by every counted persona that could be set up, and the
/// probes that errored (tables, views and functions alike).
fn coverage(
    report: &IsolationReport,
    tenancy: &Tenancy,
    probed: &[String],
    defs: &[personas::PersonaDef],
    skips: &BTreeMap<(String, String), String>,
    mut missing: Vec<String>,
    mut controls: BTreeMap<String, Control>,
) -> Coverage {
    let counted: Vec<&str> = defs
        .iter()
        .filter(|d| d.counted())
        .map(|d| d.id.as_str())
        .filter(|id| !report.matrix.iter().any(|m| m.persona == *id && m.table == "(identity)"))
        .collect();
    // The matrix indexed once (a scan per table and command is quadratic on a large schema):
    // what ran, and each table's errored probes of counted personas in matrix order.
    let ran_set: BTreeSet<(&str, &str, &str)> = report
        .matrix
        .iter()
        .map(|m| (m.table.as_str(), m.command.as_str(), m.persona.as_str()))
        .collect();
    let mut errored_on: BTreeMap<&str, Vec<&ProbeResult>> = BTreeMap::new();
    for m in &report.matrix {
        if m.outcome == Outcome::Errored && counted.contains(&m.persona.as_str()) {
            errored_on.entry(m.table.as_str()).or_default().push(m);
        }
    }
    let mut tables = Vec::new();
    let mut short: Vec<String> = Vec::new();
    for t in probed {
        let class = tenancy.class_of(t).map(|c| c.as_str()).unwrap_or("global").to_string();
        let commands: &[&str] =
            if class == "root" { &["SELECT", "UPDATE", "DELETE"] } else { &COMMANDS };
        let mut not_probed = Vec::new();
        for c in commands {
            let ran = counted.iter().all(|p| ran_set.contains(&(t.as_str(), *c, *p)));
            let why = skips.get(&(t.clone(), c.to_string()));
            if !ran && !why.is_some_and(|w| w.starts_with(NOT_APPLICABLE)) {
                not_probed
                    .push(format!("{c}: {}", why.cloned().unwrap_or_else(|| "not run".into())));
            }
        }
        let errors: Vec<String> = errored_on
            .get(t.as_str())
            .into_iter()
            .flatten()
            .map(|m| {
                format!("{} {}: {}", m.persona, m.command, m.error.clone().unwrap_or_default())
            })
            .collect();
        let ok = not_probed.is_empty() && errors.is_empty();
        if !ok {
            let mut what: Vec<String> =
                not_probed.iter().map(|x| x.split(':').next().unwrap_or("").to_string()).collect();
            if !errors.is_empty() {
                what.push(format!("{} errored", errors.len()));
            }
            short.push(format!("{t} ({})", what.join(", ")));
        }
        tables.push(TableCoverage {
            table: t.clone(),
            class,
            probed: ok,
            not_probed,
            errors,
            control: controls.get(t).cloned(),
        });
    }
    if !short.is_empty() {
        missing.insert(
            0,
            format!(
                "{} of {} tenant tables were not fully probed: {}",
                short.len(),
                tables.len(),
                short.join("; ")
            ),
        );
    }
    let errored = report
        .matrix
        .iter()
        .filter(|m| m.outcome == Outcome::Errored && counted.contains(&m.persona.as_str()))
        .count();
    let elsewhere: Vec<String> = report
        .matrix
        .iter()
        .filter(|m| {
            m.outcome == Outcome::Errored
                && counted.contains(&m.persona.as_str())
                && !probed.contains(&m.table)
                && m.table != "(identity)"
        })
        .map(|m| {
            format!(
                "{} {} on {}: {}",
                m.persona,
                m.command,
                m.table,
                m.error.clone().unwrap_or_default()
            )
        })
        .collect();
    if !elsewhere.is_empty() {
        missing.push(format!(
            "{} probe(s) of views or functions errored: {}",
            elsewhere.len(),
            elsewhere.join("; ")
        ));
    }
    // The positive control: a table where tenant A's own member reads none of its rows is no
    // answer, however every persona fared there.
    controls.retain(|t, _| probed.contains(t));
    missing.extend(control::missing_lines(&controls));
    let unconfirmed: Vec<String> = controls
        .iter()
        .filter(|(_, c)| c.state == super::ControlState::Unconfirmed)
        .map(|(t, _)| t.clone())
        .collect();
    Coverage { complete: missing.is_empty(), tables, errored, missing, unconfirmed }
}

/// The roles the personas run as that are members of the owner of tenant tables (RLS not forced).
fn bypasses(s: &Snapshot, probed: &[String], defs: &[personas::PersonaDef]) -> Vec<Bypass> {
    let mut roles: Vec<&str> =
        defs.iter().filter(|d| d.counted()).map(|d| d.db_role.as_str()).collect();
    roles.sort();
    roles.dedup();
    let mut out = Vec::new();
    for role in roles {
        let closure = crate::matrix::role_closure(&s.roles, role, false);
        let mut by_owner: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for t in probed.iter().filter_map(|t| s.table(t)) {
            if t.owner != role && closure.contains(&t.owner) && t.rls_enabled && !t.rls_forced {
                by_owner.entry(t.owner.clone()).or_default().push(t.qualified());
            }
        }
        for (owner, tables) in by_owner {
            let detail = cause::bypass_text(role, &owner, &tables);
            out.push(Bypass { role: role.to_string(), owner, tables, detail });
        }
    }
    out
}

/// The user table whose key is "the user id" (the JWT's sub under Supabase), and that column.
fn base_user_table(s: &Snapshot, w: &World, profile: Profile) -> Option<(String, String)> {
    let users: Vec<&String> =
        w.kinds.iter().filter(|(_, k)| **k == Kind::User).map(|(t, _)| t).collect();
    let pick = if profile == Profile::Supabase && users.iter().any(|t| *t == "auth.users") {
        Some("auth.users".to_string())
    } else {
        // The one the membership points at, else one that is not an extension of another.
        w.memberships
            .first()
            .and_then(|m| fks_of(s, &m.table).map(fk_target).find(|t| users.contains(&t)))
            .or_else(|| {
                users
                    .iter()
                    .find(|t| !fks_of(s, t).any(|c| users.contains(&&fk_target(c))))
                    .map(|t| t.to_string())
            })
    }?;
    let pk = fixtures::primary_key(s, &pick);
    Some((pick, pk.first().cloned().unwrap_or_else(|| "id".into())))
}
