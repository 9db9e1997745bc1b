//! Who knocks: anon, a signed-in user with no membership, a member of tenant B with each role
//! value, and service_role for contrast — and how each is made to look like a real request.

use super::fixtures::{Person, Side};
use super::values::{quote, role_rank};
use crate::catalog::Snapshot;
use crate::profile::Profile;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Persona {
    /// `anon`, `outsider`, `member:<role>` (or `member`), `service_role`.
    pub id: String,
    pub label: String,
    /// The database role the requests run as.
    pub db_role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Their role in tenant B's membership.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_role: Option<String>,
    /// False for service_role: it bypasses RLS by design, so what it reaches is no leak.
    pub counted: bool,
    /// The SQL that makes the session act as this persona (inside a transaction).
    pub identity_sql: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PKind {
    Anon,
    Outsider,
    Member,
    Service,
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

/// A membership role: its value in the role column and the name shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RoleValue {
    pub value: String,
    pub label: String,
}

/// The personas, lowest membership role first. Persons: 0 is tenant A's owner (not a persona),
/// 1 the outsider, then one per member persona. Returns also which person owns tenant B (the
/// highest role).
pub(crate) fn personas(profile: Profile, roles: &[RoleValue], db_role: &str) -> (Vec<PersonaDef>, Vec<Person>, usize) {
    let mut ordered: Vec<RoleValue> = roles.to_vec();
    // Stable: equal ranks keep the order the schema gives.
    ordered.sort_by_key(|r| role_rank(&r.label));
    let highest = ordered.last().cloned();
    let api = |r: &str| if profile == Profile::Supabase { r.to_string() } else { db_role.to_string() };
    let mut out = vec![PersonaDef {
        id: "anon".into(),
        label: if profile == Profile::Supabase { "anon: a request without a signed-in user".into() } else { format!("{db_role} with no user or tenant set") },
        db_role: api("anon"),
        kind: PKind::Anon,
        person: None,
        tenant_role: None,
    }];
    let mut persons = vec![Person { id: "tenant-a-owner".into(), tenant: Some(Side::A), role: highest.as_ref().map(|r| r.value.clone()) }];
    out.push(PersonaDef {
        id: "outsider".into(),
        label: "a signed-in user who belongs to no tenant".into(),
        db_role: api("authenticated"),
        kind: PKind::Outsider,
        person: Some(1),
        tenant_role: None,
    });
    persons.push(Person { id: "outsider".into(), tenant: None, role: None });
    let members: Vec<Option<RoleValue>> = if ordered.is_empty() { vec![None] } else { ordered.into_iter().map(Some).collect() };
    let mut b_owner = 2;
    for r in members {
        let p = persons.len();
        let (id, label) = match &r {
            Some(r) => (format!("member:{}", r.label), format!("a member of tenant B with role {}", r.label)),
            None => ("member".to_string(), "a member of tenant B".to_string()),
        };
        persons.push(Person { id: id.clone(), tenant: Some(Side::B), role: r.as_ref().map(|r| r.value.clone()) });
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
    let mut texts: Vec<&str> = Vec::new();
    for p in &s.policies {
        texts.extend(p.using.as_deref());
        texts.extend(p.with_check.as_deref());
    }
    for f in &s.functions {
        if !(profile == Profile::Supabase && matches!(f.schema.as_str(), "auth" | "storage")) {
            texts.extend(f.source.as_deref());
        }
    }
    let mut out: Vec<Setting> = Vec::new();
    for t in texts {
        for name in setting_names(t) {
            if name.starts_with("request.jwt.") || out.iter().any(|x| x.name == name) {
                continue;
            }
            let kind = setting_kind(&name);
            out.push(Setting { name, kind });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Names passed to `current_setting(…)` (custom ones: they have a dot).
pub(crate) fn setting_names(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("current_setting") {
        let start = from + i + "current_setting".len();
        from = start;
        let rest = text[start..].trim_start().strip_prefix('(').map(str::trim_start);
        let Some(rest) = rest.and_then(|r| r.strip_prefix('\'')) else { continue };
        let Some(end) = rest.find('\'') else { continue };
        let name = rest[..end].to_string();
        if name.contains('.') && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

pub(crate) fn setting_kind(name: &str) -> &'static str {
    let n = name.to_ascii_lowercase();
    let last = n.rsplit('.').next().unwrap_or(&n);
    let user = ["user", "uid", "sub", "member", "person", "actor"];
    let tenant = ["tenant", "org", "account", "workspace", "team", "client", "company"];
    if user.iter().any(|w| last.contains(w)) && !tenant.iter().any(|w| last.starts_with(w)) {
        "user"
    } else if tenant.iter().any(|w| last.contains(w)) {
        "tenant"
    } else {
        "other"
    }
}

/// The SQL that makes the session act as `p`, as the platform would: under Supabase the API
/// role plus the JWT claims PostgREST sets; under plain Postgres the probe role plus the
/// settings the policies read. Everything is `local`: it ends with the transaction.
pub(crate) fn identity_sql(
    profile: Profile,
    p: &PersonaDef,
    user_id: Option<&str>,
    email: Option<&str>,
    settings: &[Setting],
    tenant_b: Option<&str>,
) -> String {
    let mut lines = vec![format!("set local role {};", super::values::ident(&p.db_role))];
    if profile == Profile::Supabase {
        let mut claims = serde_json::Map::new();
        if let Some(u) = user_id.filter(|_| matches!(p.kind, PKind::Outsider | PKind::Member)) {
            claims.insert("sub".into(), u.into());
        }
        let role = match p.kind {
            PKind::Anon => "anon",
            PKind::Service => "service_role",
            _ => "authenticated",
        };
        claims.insert("role".into(), role.into());
        if let Some(e) = email.filter(|_| matches!(p.kind, PKind::Outsider | PKind::Member)) {
            claims.insert("email".into(), e.into());
        }
        let json = serde_json::Value::Object(claims).to_string();
        lines.push(format!("select set_config('request.jwt.claims', {}, true);", quote(&json)));
    }
    for s in settings {
        let value = match (s.kind, p.kind) {
            ("tenant", PKind::Member) => tenant_b,
            ("user", PKind::Outsider | PKind::Member) => user_id,
            _ => None,
        };
        if let Some(v) = value {
            lines.push(format!("select set_config({}, {}, true);", quote(&s.name), quote(v)));
        }
    }
    lines.join("\n")
}
