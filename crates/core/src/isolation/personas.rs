//! Who knocks: anon, a signed-in outsider, a member of tenant B with each role value, platform-
//! wide roles (a role or flag on the user itself) as personas of their own, and service_role for
//! contrast — and how each is made to look like a real request: the API role, the JWT a real
//! session carries (with the custom claims the policies read), the settings the application sets.

use super::fixtures::{Person, Side};
use super::values::{det_uuid, quote, role_rank};
use crate::catalog::Snapshot;
use crate::profile::Profile;
use crate::tenant_context::Source;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Persona {
    /// `anon`, `outsider`, `member:<role>` (or `member`), `platform:<role>`, `service_role`.
    pub id: String,
    pub label: String,
    /// The database role the requests run as.
    pub db_role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Their role in tenant B's membership.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_role: Option<String>,
    /// False for service_role and platform-wide personas: they reach every tenant by design,
    /// so what they reach is shown, never counted as a leak.
    pub counted: bool,
    /// The SQL that makes the session act as this persona (inside a transaction).
    pub identity_sql: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PKind {
    Anon,
    Outsider,
    Member,
    /// A platform-wide role (a role or flag on the user table): probed, never counted.
    Platform,
    Service,
}

impl PKind {
    pub fn signed_in(self) -> bool {
        matches!(self, PKind::Outsider | PKind::Member | PKind::Platform)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct PersonaDef {
    pub id: String,
    pub label: String,
    pub db_role: String,
    pub kind: PKind,
    /// Index into the world's persons (those with a user row).
    pub person: Option<usize>,
    pub tenant_role: Option<String>,
}

impl PersonaDef {
    pub fn counted(&self) -> bool {
        !matches!(self.kind, PKind::Service | PKind::Platform)
    }
}

/// A membership role: its value in the role column and the name shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RoleValue {
    pub value: String,
    pub label: String,
}

/// A platform-wide role: `column = value` on a user table (a role column on the user, or a flag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PlatformRole {
    pub table: String,
    pub column: String,
    pub value: String,
    /// The persona id's tail: the value, or the flag's column.
    pub label: String,
}

/// The personas, lowest membership role first. Persons: 0 is tenant A's owner (not a persona),
/// 1 the outsider, then one per member persona, then one per platform role. Returns also which
/// person owns tenant B (the highest membership role).
pub(crate) fn personas(
    profile: Profile,
    roles: &[RoleValue],
    platform: &[PlatformRole],
    db_role: &str,
) -> (Vec<PersonaDef>, Vec<Person>, usize) {
    let mut ordered: Vec<RoleValue> = roles.to_vec();
    // Stable: equal ranks keep the order the schema gives.
    ordered.sort_by_key(|r| role_rank(&r.label));
    let highest = ordered.last().cloned();
    let api =
        |r: &str| if profile == Profile::Supabase { r.to_string() } else { db_role.to_string() };
    let mut out = vec![PersonaDef {
        id: "anon".into(),
        label: if profile == Profile::Supabase {
            "anon: a request without a signed-in user".into()
        } else {
            format!("{db_role} with no user or tenant set")
        },
        db_role: api("anon"),
        kind: PKind::Anon,
        person: None,
        tenant_role: None,
    }];
    let mut persons = vec![Person {
        id: "tenant-a-owner".into(),
        tenant: Some(Side::A),
        role: highest.as_ref().map(|r| r.value.clone()),
        fixed: vec![],
    }];
    out.push(PersonaDef {
        id: "outsider".into(),
        label: "a signed-in user who belongs to no tenant".into(),
        db_role: api("authenticated"),
        kind: PKind::Outsider,
        person: Some(1),
        tenant_role: None,
    });
    persons.push(Person { id: "outsider".into(), tenant: None, role: None, fixed: vec![] });
    let members: Vec<Option<RoleValue>> =
        if ordered.is_empty() { vec![None] } else { ordered.into_iter().map(Some).collect() };
    let mut b_owner = 2;
    for r in members {
        let p = persons.len();
        let (id, label) = match &r {
            Some(r) => (
                format!("member:{}", r.label),
                format!("a member of tenant B with role {}", r.label),
            ),
            None => ("member".to_string(), "a member of tenant B".to_string()),
        };
        persons.push(Person {
            id: id.clone(),
            tenant: Some(Side::B),
            role: r.as_ref().map(|r| r.value.clone()),
            fixed: vec![],
        });
        out.push(PersonaDef {
            id,
            label,
            db_role: api("authenticated"),
            kind: PKind::Member,
            person: Some(p),
            tenant_role: r.as_ref().map(|r| r.label.clone()),
        });
        b_owner = p;
    }
    let mut platform: Vec<&PlatformRole> = platform.iter().collect();
    platform.sort_by_key(|r| role_rank(&r.value));
    for r in platform {
        let p = persons.len();
        let id = format!("platform:{}", r.label);
        persons.push(Person {
            id: id.clone(),
            tenant: None,
            role: None,
            fixed: vec![(r.table.clone(), r.column.clone(), r.value.clone())],
        });
        out.push(PersonaDef {
            id,
            label: format!("a signed-in user with {}.{} = '{}': platform-wide by design (probed and shown, never counted)", r.table, r.column, r.value),
            db_role: api("authenticated"),
            kind: PKind::Platform,
            person: Some(p),
            tenant_role: None,
        });
    }
    if profile == Profile::Supabase {
        out.push(PersonaDef {
            id: "service_role".into(),
            label: "service_role (bypasses RLS by design; shown for contrast, never a leak)".into(),
            db_role: "service_role".into(),
            kind: PKind::Service,
            person: None,
            tenant_role: None,
        });
    }
    (out, persons, b_owner)
}

/// A `current_setting('…')` the policies read, and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Setting {
    pub name: String,
    /// tenant | user | other
    pub kind: &'static str,
}

/// The custom settings (`current_setting('app.tenant_id')`) read by the policies or by the
/// functions the schema defines, classified by name.
pub(crate) fn settings(s: &Snapshot, profile: Profile) -> Vec<Setting> {
    crate::tenant_context::all_sources(s, profile)
        .into_iter()
        .filter_map(|x| match &x {
            Source::Setting(name) => Some(Setting { name: name.clone(), kind: x.kind() }),
            Source::Claim(_) => None,
        })
        .collect()
}

/// The JWT claims the policies and functions read beyond the standard ones (`sub`, `role`,
/// `email` …): a custom `tenant_id`, `app_metadata.org_id`, with what each stands for.
pub(crate) fn custom_claims(s: &Snapshot, profile: Profile) -> Vec<(Vec<String>, &'static str)> {
    crate::tenant_context::all_sources(s, profile)
        .into_iter()
        .filter_map(|x| match &x {
            Source::Claim(p) if !(p.len() == 1 && STANDARD_CLAIMS.contains(&p[0].as_str())) => {
                Some((p.clone(), x.kind()))
            }
            _ => None,
        })
        .collect()
}

/// Claims every Supabase session's JWT carries.
const STANDARD_CLAIMS: [&str; 13] = [
    "sub",
    "role",
    "email",
    "phone",
    "aud",
    "exp",
    "iat",
    "iss",
    "aal",
    "amr",
    "session_id",
    "is_anonymous",
    "app_metadata",
];

/// A fixed moment for the tokens: issued 2025-01-01, valid until 2100-01-01 (deterministic, so
/// a reproduction replays exactly, and never expired).
const IAT: u64 = 1_735_689_600;
const EXP: u64 = 4_102_444_800;

/// Who a request comes from, for [`identity_sql`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Who<'a> {
    pub kind: PKind,
    pub db_role: &'a str,
    pub user_id: Option<&'a str>,
    pub email: Option<&'a str>,
    /// The tenant the request carries (a member of B: B's key; tenant A's owner: A's).
    pub tenant: Option<&'a str>,
}

/// What identity the probes give: the settings and the custom claims to fill.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdentityPlan {
    pub settings: Vec<Setting>,
    pub claims: Vec<(Vec<String>, &'static str)>,
}

fn insert_path(
    map: &mut serde_json::Map<String, serde_json::Value>,
    path: &[String],
    value: serde_json::Value,
) {
    let Some((first, rest)) = path.split_first() else { return };
    if rest.is_empty() {
        map.insert(first.clone(), value);
        return;
    }
    let entry =
        map.entry(first.clone()).or_insert_with(|| serde_json::Value::Object(Default::default()));
    if let serde_json::Value::Object(inner) = entry {
        insert_path(inner, rest, value);
    }
}

/// The JWT claims of a request as Supabase issues them: anon and service_role keys carry `iss`,
/// `role`, `iat`, `exp`; a signed-in session also `sub`, `aud`, `email`, `phone`, `app_metadata`,
/// `user_metadata`, `aal`, `amr`, `session_id`, `is_anonymous` — plus the custom claims the
/// policies read, set to the request's tenant or user (absent when it has none).
pub(crate) fn claims_json(who: &Who, plan: &IdentityPlan) -> String {
    let mut c = serde_json::Map::new();
    let role = match who.kind {
        PKind::Anon => "anon",
        PKind::Service => "service_role",
        _ => "authenticated",
    };
    c.insert("role".into(), role.into());
    c.insert("iat".into(), IAT.into());
    c.insert("exp".into(), EXP.into());
    if who.kind.signed_in() {
        c.insert("iss".into(), "https://tenant-planner.invalid/auth/v1".into());
        c.insert("aud".into(), "authenticated".into());
        if let Some(u) = who.user_id {
            c.insert("sub".into(), u.into());
            c.insert("session_id".into(), det_uuid(&format!("session:{u}")).into());
        }
        c.insert("email".into(), who.email.unwrap_or("").into());
        c.insert("phone".into(), "".into());
        c.insert(
            "app_metadata".into(),
            serde_json::json!({ "provider": "email", "providers": ["email"] }),
        );
        c.insert("user_metadata".into(), serde_json::json!({}));
        c.insert("aal".into(), "aal1".into());
        c.insert("amr".into(), serde_json::json!([{ "method": "password", "timestamp": IAT }]));
        c.insert("is_anonymous".into(), false.into());
    } else {
        c.insert("iss".into(), "supabase".into());
    }
    for (path, kind) in &plan.claims {
        let value = match *kind {
            "tenant" => who.tenant,
            "user" => who.user_id.filter(|_| who.kind.signed_in()),
            _ => None,
        };
        if let Some(v) = value {
            insert_path(&mut c, path, v.into());
        }
    }
    serde_json::Value::Object(c).to_string()
}

/// The SQL that makes the session act as `who`, as the platform would: under Supabase the API
/// role plus the JWT claims PostgREST sets; under plain Postgres the probe role plus the
/// settings the policies read (and the JWT claims, when they read any). A setting the request
/// has no value for is set to '' — as on a pooled connection another request used —, so every
/// persona starts from the same state and a reproduction replays exactly. Everything is `local`.
pub(crate) fn identity_sql(profile: Profile, who: &Who, plan: &IdentityPlan) -> String {
    let mut lines = vec![format!("set local role {};", super::values::ident(who.db_role))];
    lines.extend(context_sql(profile, who, plan));
    lines.join("\n")
}

/// [`identity_sql`] without the role: what the fixtures set while they make a row of `who`'s
/// (triggers and defaults that read `auth.uid()` or a setting), as the superuser.
pub(crate) fn context_sql(profile: Profile, who: &Who, plan: &IdentityPlan) -> Vec<String> {
    let mut lines = Vec::new();
    if profile == Profile::Supabase || !plan.claims.is_empty() {
        lines.push(format!(
            "select set_config('request.jwt.claims', {}, true);",
            quote(&claims_json(who, plan))
        ));
    }
    for s in &plan.settings {
        let value = match s.kind {
            "tenant" => who.tenant,
            "user" => who.user_id.filter(|_| who.kind.signed_in()),
            _ => None,
        };
        lines.push(format!(
            "select set_config({}, {}, true);",
            quote(&s.name),
            quote(value.unwrap_or(""))
        ));
    }
    lines
}
