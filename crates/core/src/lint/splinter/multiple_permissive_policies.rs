//! splinter 0006: several permissive policies for the same table, role and action.

use super::{is_system_schema, policy_roles};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};
use crate::matrix::COMMANDS;
use std::collections::BTreeMap;

pub struct MultiplePermissivePolicies;
pub static RULE: MultiplePermissivePolicies = MultiplePermissivePolicies;

static DOC: RuleDoc = RuleDoc {
    id: "multiple_permissive_policies",
    title: "Multiple permissive policies",
    level: Level::Warn,
    categories: &[Category::Performance],
    description: "A table has more than one permissive policy for the same role and action (ALL counts as each action, a policy for PUBLIC as one for every role).",
    remediation: "Postgres evaluates every permissive policy that applies and ORs them, for every row. Merge them into \
                  one policy per role and action (`using (a or b)`), or make the ones that only narrow access \
                  restrictive. Roles that bypass RLS are left out; so are the platform's schemas (auth, storage …), \
                  as splinter does.",
    example: "drop policy \"Admins read projects\" on public.projects;\ndrop policy \"Members read projects\" on public.projects;\ncreate policy \"Members and admins read projects\" on public.projects for select to authenticated\n  using ((select public.is_org_member(organization_id)) or (select public.is_admin()));",
    example_postgres: "drop policy \"Admins read projects\" on public.projects;\ndrop policy \"Members read projects\" on public.projects;\ncreate policy \"Members and admins read projects\" on public.projects for select to app_user\n  using (organization_id = (select current_setting('app.tenant_id', true)::uuid) or (select public.is_admin()));",
    differences: &[],
};

impl Rule for MultiplePermissivePolicies {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        // The roles RLS applies to.
        let roles: Vec<String> = cx
            .catalog
            .roles
            .iter()
            .filter(|r| {
                let platform_admin = r.name.starts_with("supabase") && r.name.ends_with("admin");
                !(r.superuser || r.bypassrls || r.name.starts_with("pg_") || platform_admin)
            })
            .map(|r| r.name.clone())
            .collect();
        let mut out = Vec::new();
        for t in cx.catalog.tables.iter().filter(|t| !is_system_schema(&t.schema)) {
            if !cx.user.policies.iter().any(|p| p.schema == t.schema && p.table == t.name) {
                continue;
            }
            // (action, role) → the permissive policies
            let mut by: BTreeMap<(usize, String), Vec<String>> = BTreeMap::new();
            for p in cx.catalog.policies_on(t).filter(|p| p.permissive) {
                for (k, action) in COMMANDS.iter().enumerate() {
                    if p.command != "ALL" && p.command != *action {
                        continue;
                    }
                    for r in policy_roles(p, &roles).into_iter().filter(|r| roles.contains(r)) {
                        by.entry((k, r)).or_default().push(format!("\"{}\"", p.name));
                    }
                }
            }
            // (action, policies) → roles, so that one line says it for every role alike
            let mut groups: BTreeMap<(usize, Vec<String>), Vec<String>> = BTreeMap::new();
            for ((k, role), mut names) in by {
                if names.len() > 1 {
                    names.sort();
                    groups.entry((k, names)).or_default().push(role);
                }
            }
            if groups.is_empty() {
                continue;
            }
            let parts: Vec<String> = groups
                .into_iter()
                .map(|((k, names), roles)| {
                    format!("{} for {}: {}", COMMANDS[k], roles.join(", "), names.join(", "))
                })
                .collect();
            out.push(Finding::new(
                t.qualified(),
                Level::Warn,
                format!("{} has several permissive policies for the same role and action, each evaluated for every row: {}", t.qualified(), parts.join("; ")),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::splinter::fixtures::supabase;
    use crate::lint::testing::Harness;
    use crate::profile::Profile;

    #[test]
    fn flags_overlapping_permissive_policies() {
        let base = supabase();
        let s = supabase()
            .table("public.projects", &["id", "org_id"])
            .rls("public.projects", true, false)
            .policy(
                "public.projects",
                "members read",
                "SELECT",
                true,
                &["authenticated"],
                Some("is_member(org_id)"),
                None,
            )
            .policy(
                "public.projects",
                "admins do anything",
                "ALL",
                true,
                &["public"],
                Some("is_admin()"),
                None,
            )
            .policy(
                "public.projects",
                "not archived",
                "SELECT",
                false,
                &["authenticated"],
                Some("true"),
                None,
            )
            .build();
        let found = Harness::with_base(s, base.build(), Profile::Supabase).check(&RULE);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].object, "public.projects");
        assert_eq!(found[0].level, Level::Warn);
        // anon only has the ALL policy; service_role bypasses RLS.
        assert!(
            found[0]
                .detail
                .ends_with("SELECT for authenticated: \"admins do anything\", \"members read\""),
            "{}",
            found[0].detail
        );
    }

    #[test]
    fn one_policy_per_role_and_action_is_fine() {
        let base = supabase();
        let s = supabase()
            .table("public.projects", &["id", "org_id"])
            .rls("public.projects", true, false)
            .policy(
                "public.projects",
                "members read",
                "SELECT",
                true,
                &["authenticated"],
                Some("is_member(org_id)"),
                None,
            )
            .policy(
                "public.projects",
                "public read",
                "SELECT",
                true,
                &["anon"],
                Some("is_public"),
                None,
            )
            .policy(
                "public.projects",
                "members write",
                "UPDATE",
                true,
                &["authenticated"],
                Some("is_member(org_id)"),
                None,
            )
            .policy(
                "public.projects",
                "service",
                "ALL",
                true,
                &["service_role"],
                Some("true"),
                None,
            )
            .build();
        assert!(Harness::with_base(s, base.build(), Profile::Supabase).check(&RULE).is_empty());
    }
}
