//! The policy matrix: for each table × command × role, what decides whether the role may act —
//! the ACL, a bypass (superuser, BYPASSRLS, owner), RLS being off, or the policies that apply.

use crate::catalog::{DbRole, Policy, Snapshot, Table};
use crate::profile::Profile;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub const COMMANDS: [&str; 4] = ["SELECT", "INSERT", "UPDATE", "DELETE"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// The ACL gives the role no such privilege.
    #[serde(rename = "no privilege")]
    NoPrivilege,
    /// Superuser, BYPASSRLS, or the table's owner (RLS not forced).
    #[serde(rename = "bypass")]
    Bypass,
    /// RLS is off: the grant alone decides.
    #[serde(rename = "no RLS")]
    NoRls,
    /// RLS is on and no permissive policy applies: nothing passes.
    #[serde(rename = "denied")]
    Denied,
    /// The listed policies decide.
    #[serde(rename = "policies")]
    Policies,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::NoPrivilege => "no privilege",
            Decision::Bypass => "bypass",
            Decision::NoRls => "no RLS",
            Decision::Denied => "denied",
            Decision::Policies => "policies",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub table: String,
    pub command: String,
    pub role: String,
    pub decision: Decision,
    /// Why, in words ("authenticated has no INSERT privilege", "service_role has BYPASSRLS" …).
    pub reason: String,
    /// Every policy that applies (permissive first, then restrictive).
    pub policies: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restrictive: Vec<String>,
}

/// The roles the matrix has columns for: the API roles under Supabase; every role that is not a
/// built-in (`pg_*`) under plain Postgres, superusers last (and only if nothing else exists).
pub fn matrix_roles(s: &Snapshot, profile: Profile) -> Vec<String> {
    if profile == Profile::Supabase {
        return ["anon", "authenticated", "service_role"]
            .iter()
            .filter(|r| s.roles.iter().any(|x| x.name == **r))
            .map(|r| r.to_string())
            .collect();
    }
    let ordinary: Vec<String> = s
        .roles
        .iter()
        .filter(|r| !r.name.starts_with("pg_") && !r.superuser)
        .map(|r| r.name.clone())
        .collect();
    if ordinary.is_empty() {
        s.roles.iter().filter(|r| r.superuser).map(|r| r.name.clone()).collect()
    } else {
        ordinary
    }
}

/// The role and the roles it acts through. `own_memberships_always`: follow the role's own
/// memberships even when it is NOINHERIT (what decides whether a policy `TO g` applies); without
/// it, a NOINHERIT role has only its own privileges (what an ACL check uses). Roles further up
/// are followed only when they inherit.
pub fn role_closure(
    roles: &[DbRole],
    role: &str,
    own_memberships_always: bool,
) -> BTreeSet<String> {
    let mut out = BTreeSet::from([role.to_string()]);
    let mut todo = vec![role.to_string()];
    while let Some(r) = todo.pop() {
        let Some(def) = roles.iter().find(|x| x.name == r) else { continue };
        if !(def.inherit || (own_memberships_always && r == role)) {
            continue;
        }
        for m in &def.member_of {
            if out.insert(m.clone()) {
                todo.push(m.clone());
            }
        }
    }
    out
}

/// One ACL entry: `grantee=privileges/grantor` (an empty grantee is PUBLIC).
pub fn parse_acl_item(item: &str) -> Option<(String, String)> {
    let (grantee, rest) = if let Some(stripped) = item.strip_prefix('"') {
        let end = stripped.find("\"=")?;
        (stripped[..end].replace("\"\"", "\""), &stripped[end + 2..])
    } else {
        let (g, r) = item.split_once('=')?;
        (g.to_string(), r)
    };
    let privs = rest.split('/').next().unwrap_or("").replace('*', "");
    Some((if grantee.is_empty() { "public".into() } else { grantee }, privs))
}

fn letter(command: &str) -> char {
    match command {
        "SELECT" => 'r',
        "INSERT" => 'a',
        "UPDATE" => 'w',
        _ => 'd',
    }
}

fn has_privilege(t: &Table, who: &BTreeSet<String>, command: &str) -> bool {
    if who.contains(&t.owner) {
        return true;
    }
    // An empty ACL is the default: the owner only.
    t.acl.iter().filter_map(|a| parse_acl_item(a)).any(|(grantee, privs)| {
        (grantee == "public" || who.contains(&grantee)) && privs.contains(letter(command))
    })
}

fn applies(p: &Policy, command: &str, who: &BTreeSet<String>) -> bool {
    (p.command == "ALL" || p.command == command)
        && p.roles.iter().any(|r| r == "public" || who.contains(r))
}

pub fn cell(s: &Snapshot, t: &Table, command: &str, role: &str) -> Cell {
    let who = role_closure(&s.roles, role, true);
    let def = s.roles.iter().find(|r| r.name == role);
    let mk = |decision, reason: String, policies: Vec<String>, restrictive: Vec<String>| Cell {
        table: t.qualified(),
        command: command.into(),
        role: role.into(),
        decision,
        reason,
        policies,
        restrictive,
    };
    if def.is_some_and(|d| d.superuser) {
        return mk(Decision::Bypass, format!("{role} is a superuser"), vec![], vec![]);
    }
    if !has_privilege(t, &who, command) {
        return mk(
            Decision::NoPrivilege,
            format!("{role} has no {command} privilege on {}", t.qualified()),
            vec![],
            vec![],
        );
    }
    if def.is_some_and(|d| d.bypassrls) {
        return mk(Decision::Bypass, format!("{role} has BYPASSRLS"), vec![], vec![]);
    }
    if !t.rls_enabled {
        return mk(
            Decision::NoRls,
            format!("RLS is off on {}: the {command} grant alone decides", t.qualified()),
            vec![],
            vec![],
        );
    }
    if who.contains(&t.owner) && !t.rls_forced {
        return mk(
            Decision::Bypass,
            format!("{role} owns {} and RLS is not forced", t.qualified()),
            vec![],
            vec![],
        );
    }
    let pols: Vec<&Policy> = s.policies_on(t).filter(|p| applies(p, command, &who)).collect();
    let permissive: Vec<String> =
        pols.iter().filter(|p| p.permissive).map(|p| p.name.clone()).collect();
    let restrictive: Vec<String> =
        pols.iter().filter(|p| !p.permissive).map(|p| p.name.clone()).collect();
    if permissive.is_empty() {
        let why = if restrictive.is_empty() {
            format!("RLS is on and no {command} policy applies to {role}: no row passes")
        } else {
            format!(
                "only restrictive policies apply to {role}; without a permissive one no row passes"
            )
        };
        return mk(Decision::Denied, why, restrictive.clone(), restrictive);
    }
    let reason = if restrictive.is_empty() {
        format!("a row passes when any of {} permissive policies allows it", permissive.len())
    } else {
        format!(
            "a row passes when a permissive policy allows it and all {} restrictive ones do",
            restrictive.len()
        )
    };
    let all = permissive.iter().chain(&restrictive).cloned().collect();
    mk(Decision::Policies, reason, all, restrictive)
}

/// Every cell for the given tables (qualified names) and roles.
pub fn policy_matrix(s: &Snapshot, tables: &[String], roles: &[String]) -> Vec<Cell> {
    let mut out = Vec::new();
    for name in tables {
        let Some(t) = s.table(name) else { continue };
        for command in COMMANDS {
            for role in roles {
                out.push(cell(s, t, command, role));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::fixture::Fixture;

    fn base() -> Fixture {
        Fixture::new()
            .role("postgres", true, true, &[])
            .role("anon", false, false, &[])
            .role("authenticated", false, false, &[])
            .role("service_role", false, true, &[])
            .role("app_user", false, false, &["authenticated"])
    }

    fn decide(s: &Snapshot, table: &str, command: &str, role: &str) -> (Decision, Vec<String>) {
        let c = cell(s, s.table(table).unwrap(), command, role);
        (c.decision, c.policies)
    }

    #[test]
    fn acl_items_parse() {
        assert_eq!(
            parse_acl_item("authenticated=arwdDxtm/postgres"),
            Some(("authenticated".into(), "arwdDxtm".into()))
        );
        assert_eq!(parse_acl_item("=r/postgres"), Some(("public".into(), "r".into())));
        assert_eq!(parse_acl_item("\"we=ird\"=r*w/postgres"), Some(("we=ird".into(), "rw".into())));
    }

    #[test]
    fn decisions() {
        let s = base()
            .table("public.notes", &["id", "organization_id"])
            .acl(
                "public.notes",
                &[
                    "postgres=arwdDxtm/postgres",
                    "authenticated=arw/postgres",
                    "service_role=arwd/postgres",
                ],
            )
            .rls("public.notes", true, false)
            .policy(
                "public.notes",
                "members read",
                "SELECT",
                true,
                &["authenticated"],
                Some("is_member(organization_id)"),
                None,
            )
            .policy(
                "public.notes",
                "members write",
                "ALL",
                true,
                &["authenticated"],
                Some("is_member(organization_id)"),
                Some("is_member(organization_id)"),
            )
            .policy(
                "public.notes",
                "not archived",
                "SELECT",
                false,
                &["public"],
                Some("NOT archived"),
                None,
            )
            .table("public.open", &["id"])
            .acl("public.open", &["anon=r/postgres"])
            .table("public.locked", &["id"])
            .acl("public.locked", &["authenticated=r/postgres"])
            .rls("public.locked", true, false)
            .build();
        assert_eq!(decide(&s, "public.notes", "SELECT", "anon").0, Decision::NoPrivilege);
        assert_eq!(decide(&s, "public.notes", "SELECT", "service_role").0, Decision::Bypass);
        assert_eq!(decide(&s, "public.notes", "SELECT", "postgres").0, Decision::Bypass);
        assert_eq!(decide(&s, "public.notes", "DELETE", "authenticated").0, Decision::NoPrivilege);
        let (d, p) = decide(&s, "public.notes", "SELECT", "authenticated");
        assert_eq!(d, Decision::Policies);
        assert_eq!(p, ["members read", "members write", "not archived"]);
        let c = cell(&s, s.table("public.notes").unwrap(), "SELECT", "authenticated");
        assert_eq!(c.restrictive, ["not archived"]);
        // app_user inherits authenticated's grant and policies.
        assert_eq!(decide(&s, "public.notes", "UPDATE", "app_user").1, ["members write"]);
        assert_eq!(decide(&s, "public.open", "SELECT", "anon").0, Decision::NoRls);
        assert_eq!(decide(&s, "public.locked", "SELECT", "authenticated").0, Decision::Denied);
    }

    #[test]
    fn owner_bypasses_unless_forced_and_restrictive_alone_denies() {
        let s = base()
            .table("public.t", &["id"])
            .owner("public.t", "app_user")
            .rls("public.t", true, false)
            .policy("public.t", "only active", "ALL", false, &["public"], Some("active"), None)
            .build();
        assert_eq!(decide(&s, "public.t", "SELECT", "app_user").0, Decision::Bypass);
        let forced = base()
            .table("public.t", &["id"])
            .owner("public.t", "app_user")
            .rls("public.t", true, true)
            .policy("public.t", "only active", "ALL", false, &["public"], Some("active"), None)
            .build();
        let c = cell(&forced, forced.table("public.t").unwrap(), "SELECT", "app_user");
        assert_eq!(c.decision, Decision::Denied);
        assert!(c.reason.contains("only restrictive"));
    }

    #[test]
    fn roles_per_profile() {
        let s = base().build();
        assert_eq!(matrix_roles(&s, Profile::Supabase), ["anon", "authenticated", "service_role"]);
        assert_eq!(
            matrix_roles(&s, Profile::Postgres),
            ["anon", "authenticated", "service_role", "app_user"]
        );
        let only_super = Fixture::new().role("postgres", true, true, &[]).build();
        assert_eq!(matrix_roles(&only_super, Profile::Postgres), ["postgres"]);
    }
}
