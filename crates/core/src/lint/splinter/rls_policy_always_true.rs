//! splinter 0024: a permissive policy whose USING or WITH CHECK is always true.

use super::{normalized, policy_applies_to_any, policy_object};
use crate::catalog::Policy;
use crate::lint::{Category, Context, Finding, Level, PeerDifference, Rule, RuleDoc};

pub struct RlsPolicyAlwaysTrue;
pub static RULE: RlsPolicyAlwaysTrue = RlsPolicyAlwaysTrue;

static DOC: RuleDoc = RuleDoc {
    id: "rls_policy_always_true",
    title: "RLS policy always true",
    level: Level::Warn,
    categories: &[Category::Security],
    description: "A permissive policy for anon, authenticated or PUBLIC whose USING or WITH CHECK is always true (`true`, `1 = 1`): for that action RLS lets every row through.",
    remediation: "Write the condition the rows must meet (the tenant, the owner). For UPDATE, DELETE and ALL a true \
                  USING lets the role change every row of every tenant, and a true WITH CHECK lets it write rows \
                  anywhere; an UPDATE or ALL policy without WITH CHECK reuses its USING. A SELECT policy `using (true)` \
                  is reported at INFO: public read access is sometimes the intent (a catalogue), never for tenant \
                  data. An INSERT policy with no WITH CHECK at all is not reported: Postgres then admits no row.",
    example: "create policy \"Editors update projects\" on public.projects for update to authenticated\n  using ((select public.org_role(organization_id)) in ('owner', 'admin', 'member'))\n  with check ((select public.org_role(organization_id)) in ('owner', 'admin', 'member'));",
    example_postgres: "create policy \"Tenant updates its projects\" on public.projects for update to app_user\n  using (organization_id = (select current_setting('app.tenant_id', true)::uuid))\n  with check (organization_id = (select current_setting('app.tenant_id', true)::uuid));",
    differences: &[
        PeerDifference {
            id: "select_using_true_info",
            peer: "splinter",
            peer_rule: "rls_policy_always_true",
            text: "A SELECT policy USING (true) is reported at INFO; splinter leaves SELECT out on purpose (public read access is often intended). For tenant data it is a leak of every row, so it is listed, at the lowest level, to suppress with the reason where the data is public.",
        },
        PeerDifference {
            id: "insert_without_with_check",
            peer: "splinter",
            peer_rule: "rls_policy_always_true",
            text: "An INSERT policy with no WITH CHECK is not reported; splinter reports it as always true. Postgres admits no row through it: checked on PostgreSQL 15, an INSERT by the policy's role fails with 42501 (new row violates row-level security policy).",
        },
    ],
};

fn always_true(e: &Option<String>) -> bool {
    e.as_deref().is_some_and(|e| matches!(normalized(e).as_str(), "true" | "1=1"))
}

fn roles(p: &Policy) -> String {
    p.roles.join(", ")
}

impl Rule for RlsPolicyAlwaysTrue {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let api = cx.api_roles();
        let mut out = Vec::new();
        for p in cx.user.policies.iter().filter(|p| p.permissive && policy_applies_to_any(p, &api))
        {
            let rls_on = cx
                .catalog
                .tables
                .iter()
                .any(|t| t.schema == p.schema && t.name == p.table && t.rls_enabled);
            if !rls_on {
                continue;
            }
            let table = format!("{}.{}", p.schema, p.table);
            let using_true = always_true(&p.using);
            // UPDATE and ALL reuse USING when there is no WITH CHECK.
            let check_true = always_true(&p.with_check)
                || (p.with_check.is_none()
                    && using_true
                    && matches!(p.command.as_str(), "UPDATE" | "ALL"));
            let (level, detail) = match p.command.as_str() {
                "SELECT" if using_true => (
                    Level::Info,
                    format!("policy \"{}\" lets {} read every row of {table} (USING is always true): fine for public data, a leak for anything tenant- or user-owned", p.name, roles(p)),
                ),
                "SELECT" => continue,
                cmd if using_true || check_true => {
                    let what = match (using_true && cmd != "INSERT", check_true) {
                        (true, true) => "USING and WITH CHECK are always true: it may change any row and write any values",
                        (true, false) => "USING is always true: it may act on any row",
                        _ => "WITH CHECK is always true: the rows it writes may hold any values (any tenant, any owner)",
                    };
                    (Level::Warn, format!("policy \"{}\" for {cmd} on {table} applies to {}: {what}", p.name, roles(p)))
                }
                _ => continue,
            };
            out.push(Finding::new(policy_object(p), level, detail));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::fixture::Fixture;
    use crate::lint::testing::Harness;
    use crate::profile::Profile;

    fn table() -> Fixture {
        Fixture::new().table("public.projects", &["id", "org_id"]).rls(
            "public.projects",
            true,
            false,
        )
    }

    #[test]
    fn flags_always_true_policies() {
        let s = table()
            .policy(
                "public.projects",
                "anyone updates",
                "UPDATE",
                true,
                &["authenticated"],
                Some("true"),
                None,
            )
            .policy(
                "public.projects",
                "anyone inserts",
                "INSERT",
                true,
                &["anon"],
                None,
                Some("(1 = 1)"),
            )
            .policy(
                "public.projects",
                "public read",
                "SELECT",
                true,
                &["public"],
                Some("true"),
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
            .policy(
                "public.projects",
                "restrictive",
                "ALL",
                false,
                &["authenticated"],
                Some("true"),
                None,
            )
            .build();
        let found = Harness::new(s, Profile::Supabase).check(&RULE);
        let mut got: Vec<(&str, Level)> =
            found.iter().map(|f| (f.object.as_str(), f.level)).collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("policy \"anyone inserts\" on public.projects", Level::Warn),
                ("policy \"anyone updates\" on public.projects", Level::Warn),
                ("policy \"public read\" on public.projects", Level::Info),
            ]
        );
        let update = found.iter().find(|f| f.object.contains("anyone updates")).unwrap();
        assert!(update.detail.contains("USING and WITH CHECK"), "{}", update.detail);
    }

    #[test]
    fn real_conditions_are_fine() {
        let s = table()
            .policy(
                "public.projects",
                "members update",
                "UPDATE",
                true,
                &["authenticated"],
                Some("is_member(org_id)"),
                Some("(true AND is_member(org_id))"),
            )
            .policy("public.projects", "no check", "INSERT", true, &["authenticated"], None, None)
            .build();
        assert!(Harness::new(s, Profile::Supabase).check(&RULE).is_empty());
    }
}
