//! splinter 0008: RLS on, but no policy at all.

use super::is_system_schema;
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};

pub struct RlsEnabledNoPolicy;
pub static RULE: RlsEnabledNoPolicy = RlsEnabledNoPolicy;

static DOC: RuleDoc = RuleDoc {
    id: "rls_enabled_no_policy",
    title: "RLS enabled, no policy",
    level: Level::Info,
    categories: &[Category::Security],
    description: "A table has row level security enabled but no policy: every role that does not bypass RLS sees no row and can change none.",
    remediation: "If only the owner or a BYPASSRLS role (service_role) should reach the table, this is fine and the \
                  finding can be suppressed with that reason. Otherwise add the policies the clients need.",
    example: "create policy \"Members read projects\" on public.projects for select to authenticated\n  using ((select public.is_org_member(organization_id)));",
    example_postgres: "create policy \"Tenant reads its projects\" on public.projects for select to app_user\n  using (organization_id = (select current_setting('app.tenant_id', true)::uuid));",
    differences: &[],
};

impl Rule for RlsEnabledNoPolicy {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        cx.user
            .tables
            .iter()
            .filter(|t| t.rls_enabled && !is_system_schema(&t.schema) && cx.catalog.policies_on(t).next().is_none())
            .map(|t| {
                Finding::new(
                    t.qualified(),
                    Level::Info,
                    format!("{} has row level security on and no policy: only its owner and roles with BYPASSRLS reach its rows", t.qualified()),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::fixture::Fixture;
    use crate::lint::testing::Harness;
    use crate::profile::Profile;

    #[test]
    fn flags_the_table_without_policy() {
        let s = Fixture::new()
            .table("public.audit", &["id"])
            .rls("public.audit", true, false)
            .table("public.projects", &["id"])
            .rls("public.projects", true, false)
            .policy(
                "public.projects",
                "all",
                "SELECT",
                true,
                &["authenticated"],
                Some("true"),
                None,
            )
            .table("public.off", &["id"])
            .build();
        let found = Harness::new(s, Profile::Supabase).check(&RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].object, "public.audit");
        assert_eq!(found[0].level, Level::Info);
    }

    #[test]
    fn tables_with_policies_are_fine() {
        let s = Fixture::new()
            .table("public.projects", &["id"])
            .rls("public.projects", true, false)
            .policy(
                "public.projects",
                "all",
                "SELECT",
                true,
                &["authenticated"],
                Some("true"),
                None,
            )
            .build();
        assert!(Harness::new(s, Profile::Supabase).check(&RULE).is_empty());
    }
}
