//! An API role that escapes row level security through a role it is a member of:
//!
//! - it inherits the rights of a role that owns tables with RLS on (not forced): Postgres does not
//!   apply RLS to a table's owner, nor to any role that has the owner's privileges through
//!   membership (`GRANT owner_role TO app_role`), so every policy on those tables is skipped
//!   (ERROR; a NOINHERIT member must `SET ROLE owner_role` first: WARN);
//! - it can `SET ROLE` to a role with BYPASSRLS (`GRANT service_role TO authenticated`):
//!   BYPASSRLS is an attribute of the role itself, not inherited, but one SET ROLE away (WARN);
//! - a role the user's files made has BYPASSRLS and can log in: an application connecting as it
//!   sees every tenant's rows (WARN).
//!
//! Memberships come from [`crate::matrix::role_closure`], the walk the policy matrix uses.

use super::scoped_tables;
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};
use crate::matrix::role_closure;
use std::collections::BTreeSet;

pub struct RlsBypassThroughMembership;
pub static RULE: RlsBypassThroughMembership = RlsBypassThroughMembership;

static DOC: RuleDoc = RuleDoc {
    id: "rls_bypass_through_membership",
    title: "RLS bypassed through role membership",
    level: Level::Error,
    categories: &[Category::Tenancy, Category::Security],
    description: "An API role is a member of a role that owns tables with RLS on (it bypasses their policies), or can SET ROLE to a BYPASSRLS role; or a role the migrations made has BYPASSRLS and can log in.",
    remediation: "Keep the roles clients act as (anon, authenticated, your app's login role) out of the owner's \
                  membership: revoke the grant and give them the table privileges they need instead. Let a \
                  separate, non-login role own the tables (the migrations run as it). If the owner must be a \
                  member, `ALTER TABLE … FORCE ROW LEVEL SECURITY` makes the policies apply to the owner too. \
                  Never grant a BYPASSRLS role (service_role) to an API role, and do not let the application log \
                  in as a BYPASSRLS role: give it a role that RLS applies to.",
    example: "revoke app_owner from authenticated;\ngrant select, insert, update, delete on public.projects to authenticated;\n-- or, if the membership must stay:\nalter table public.projects force row level security;",
    example_postgres: "revoke app_owner from app_user;\ngrant select, insert, update, delete on public.projects to app_user;\n-- or, if the membership must stay:\nalter table public.projects force row level security;",
    differences: &[],
};

impl Rule for RlsBypassThroughMembership {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let roles = &cx.catalog.roles;
        let is = |name: &str, f: fn(&crate::catalog::DbRole) -> bool| {
            roles.iter().any(|r| r.name == name && f(r))
        };
        let tenant: BTreeSet<String> = scoped_tables(cx).map(|(t, _)| t.qualified()).collect();
        let mut out = Vec::new();
        for api in cx.api_roles() {
            // Privileges it has without SET ROLE (inheriting memberships), and roles it can SET ROLE to.
            let inherited = role_closure(roles, &api, false);
            let reachable = role_closure(roles, &api, true);
            let mut owners: BTreeSet<&str> = BTreeSet::new();
            for t in cx.user.tables.iter().filter(|t| {
                t.rls_enabled && !t.rls_forced && t.owner != api && reachable.contains(&t.owner)
            }) {
                owners.insert(&t.owner);
            }
            for owner in owners {
                let mut tables: Vec<String> = cx
                    .user
                    .tables
                    .iter()
                    .filter(|t| t.rls_enabled && !t.rls_forced && t.owner == owner)
                    .map(|t| t.qualified())
                    .collect();
                // Tenant tables first: they are what RLS isolates.
                tables.sort_by_key(|t| (!tenant.contains(t), t.clone()));
                let shown: Vec<String> = tables
                    .iter()
                    .take(6)
                    .map(|t| if tenant.contains(t) { format!("{t} (tenant)") } else { t.clone() })
                    .collect();
                let more = if tables.len() > 6 {
                    format!(" and {} more", tables.len() - 6)
                } else {
                    String::new()
                };
                let list = format!("{}{more}", shown.join(", "));
                let f = if inherited.contains(owner) {
                    Finding::new(
                        format!("role {api}"),
                        Level::Error,
                        format!("{api} is a member of {owner}, which owns {list} with RLS on but not forced: {api} has the owner's rights, and Postgres applies no policy to the owner, so {api} reads and writes every tenant's rows there"),
                    )
                } else {
                    Finding::new(
                        format!("role {api}"),
                        Level::Warn,
                        format!("{api} is a NOINHERIT member of {owner}, which owns {list} with RLS on but not forced: after SET ROLE {owner} no policy applies, and every tenant's rows are open"),
                    )
                };
                out.push(f);
            }
            for r in
                reachable.iter().filter(|r| **r != api && is(r, |d| d.bypassrls && !d.superuser))
            {
                out.push(Finding::new(
                    format!("role {api}"),
                    Level::Warn,
                    format!("{api} is a member of {r}, which has BYPASSRLS: BYPASSRLS is not inherited, but after SET ROLE {r} no policy applies on any table"),
                ));
            }
        }
        for r in cx.user.roles.iter().filter(|r| r.bypassrls && !r.superuser && r.login) {
            out.push(Finding::new(
                format!("role {}", r.name),
                Level::Warn,
                format!("{} has BYPASSRLS and can log in: an application connecting as {} skips every policy and sees every tenant's rows", r.name, r.name),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::fixture::Fixture;
    use crate::lint::splinter::fixtures::supabase;
    use crate::lint::tenant::fixtures::orgs;
    use crate::lint::testing::Harness;
    use crate::profile::Profile;

    fn objects(found: &[Finding]) -> Vec<(&str, Level)> {
        found.iter().map(|f| (f.object.as_str(), f.level)).collect()
    }

    #[test]
    fn an_api_role_in_the_owners_role_bypasses_rls() {
        // The migrations made app_owner own the tenant tables, then granted it to authenticated.
        let s = orgs()
            .role("app_owner", false, false, &[])
            .with(|s| {
                for t in s.tables.iter_mut().filter(|t| t.schema == "public") {
                    t.owner = "app_owner".into();
                }
                s.roles.iter_mut().find(|r| r.name == "authenticated").unwrap().member_of =
                    vec!["app_owner".into()];
            })
            .build();
        let found = Harness::with_base(s, supabase().build(), Profile::Supabase).check(&RULE);
        assert_eq!(objects(&found), [("role authenticated", Level::Error)], "{found:#?}");
        assert!(
            found[0].detail.contains("member of app_owner")
                && found[0].detail.contains("public.projects (tenant)"),
            "{}",
            found[0].detail
        );
    }

    #[test]
    fn noinherit_members_and_bypassrls_roles() {
        let s = Fixture::new()
            .role("postgres", true, true, &[])
            .role("app_owner", false, false, &[])
            .role("support", false, true, &[])
            .role("app", false, false, &["app_owner", "support"])
            .role("batch", false, true, &[])
            .table("public.projects", &["id", "org_id"])
            .owner("public.projects", "app_owner")
            .rls("public.projects", true, false)
            .with(|s| {
                s.roles.iter_mut().find(|r| r.name == "app").unwrap().inherit = false;
                s.roles.iter_mut().find(|r| r.name == "batch").unwrap().login = true;
            })
            .build();
        let found = Harness::new(s, Profile::Postgres).check(&RULE);
        assert_eq!(
            objects(&found),
            [("role app", Level::Warn), ("role app", Level::Warn), ("role batch", Level::Warn)],
            "{found:#?}"
        );
        assert!(found[0].detail.contains("NOINHERIT member of app_owner"), "{}", found[0].detail);
        assert!(
            found[1].detail.contains("member of support, which has BYPASSRLS"),
            "{}",
            found[1].detail
        );
    }

    #[test]
    fn forced_rls_and_plain_grants_are_fine() {
        let good = orgs()
            .role("app_owner", false, false, &[])
            .with(|s| {
                for t in s.tables.iter_mut().filter(|t| t.schema == "public") {
                    t.owner = "app_owner".into();
                    t.rls_forced = true;
                }
                s.roles.iter_mut().find(|r| r.name == "authenticated").unwrap().member_of =
                    vec!["app_owner".into()];
            })
            .build();
        assert_eq!(
            Harness::with_base(good, supabase().build(), Profile::Supabase).check(&RULE),
            vec![]
        );
        // The Supabase shim's own service_role (BYPASSRLS, not granted to an API role) is not reported.
        assert_eq!(
            Harness::with_base(orgs().build(), supabase().build(), Profile::Supabase).check(&RULE),
            vec![]
        );
    }
}
