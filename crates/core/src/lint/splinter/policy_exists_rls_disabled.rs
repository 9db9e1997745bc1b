//! splinter 0007: policies on a table whose RLS is off.

use super::is_system_schema;
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};

pub struct PolicyExistsRlsDisabled;
pub static RULE: PolicyExistsRlsDisabled = PolicyExistsRlsDisabled;

static DOC: RuleDoc = RuleDoc {
    id: "policy_exists_rls_disabled",
    title: "Policy exists, RLS disabled",
    level: Level::Error,
    categories: &[Category::Security],
    description: "A table has row level security policies but RLS is not enabled on it, so they do nothing.",
    remediation: "Enable row level security on the table: until then the policies are ignored and every role with a \
                  privilege on the table sees and changes every row.",
    example: "alter table public.projects enable row level security;",
    example_postgres: "",
    differences: &[],
};

impl Rule for PolicyExistsRlsDisabled {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for t in cx.user.tables.iter().filter(|t| !t.rls_enabled && !is_system_schema(&t.schema)) {
            let names: Vec<String> =
                cx.catalog.policies_on(t).map(|p| format!("\"{}\"", p.name)).collect();
            if names.is_empty() {
                continue;
            }
            out.push(Finding::new(
                t.qualified(),
                Level::Error,
                format!(
                    "{} has {} polic{} ({}) but row level security is off: they are ignored and the grants alone decide",
                    t.qualified(),
                    names.len(),
                    if names.len() == 1 { "y" } else { "ies" },
                    names.join(", ")
                ),
            ));
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

    fn schema(rls: bool) -> Fixture {
        Fixture::new()
            .table("public.projects", &["id", "org_id"])
            .rls("public.projects", rls, false)
            .policy(
                "public.projects",
                "members",
                "SELECT",
                true,
                &["authenticated"],
                Some("is_member(org_id)"),
                None,
            )
            .table("public.countries", &["id"])
    }

    #[test]
    fn flags_policies_without_rls() {
        let found = Harness::new(schema(false).build(), Profile::Supabase).check(&RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].object, "public.projects");
        assert_eq!(found[0].level, Level::Error);
        assert!(found[0].detail.contains("\"members\""));
    }

    #[test]
    fn rls_on_is_fine() {
        assert!(Harness::new(schema(true).build(), Profile::Supabase).check(&RULE).is_empty());
    }
}
