//! splinter 0015: a policy trusting user_metadata, which every user can edit.

use super::policy_object;
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};

pub struct RlsReferencesUserMetadata;
pub static RULE: RlsReferencesUserMetadata = RlsReferencesUserMetadata;

static DOC: RuleDoc = RuleDoc {
    id: "rls_references_user_metadata",
    title: "RLS references user metadata",
    level: Level::Error,
    categories: &[Category::Security],
    description: "A policy reads Supabase Auth's user metadata (`auth.jwt() -> 'user_metadata'`, or auth.users.raw_user_meta_data), which the user can set to anything.",
    remediation: "Never decide access on user_metadata: any signed-in user can change it with \
                  `supabase.auth.updateUser({ data: … })`. Use app_metadata (only the service role can write it), \
                  or better a table the user cannot write, such as a membership table.",
    example: "create policy \"Members read projects\" on public.projects for select to authenticated\n  using (organization_id in (select m.organization_id from public.organization_members m\n                            where m.user_id = (select auth.uid())));",
    example_postgres: "",
    differences: &[],
};

impl Rule for RlsReferencesUserMetadata {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for p in &cx.user.policies {
            let clauses: Vec<&str> = [("USING", &p.using), ("WITH CHECK", &p.with_check)]
                .into_iter()
                .filter(|(_, e)| {
                    e.as_deref().is_some_and(|e| {
                        let e = e.to_ascii_lowercase();
                        e.contains("user_metadata") || e.contains("raw_user_meta_data")
                    })
                })
                .map(|(c, _)| c)
                .collect();
            if clauses.is_empty() {
                continue;
            }
            out.push(Finding::new(
                policy_object(p),
                Level::Error,
                format!(
                    "policy \"{}\" on {}.{} reads user metadata in {}: every signed-in user can write their own user_metadata, so they choose what this policy sees",
                    p.name,
                    p.schema,
                    p.table,
                    clauses.join(" and ")
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

    #[test]
    fn flags_user_metadata() {
        let s = Fixture::new()
            .table("public.projects", &["id", "org_id"])
            .rls("public.projects", true, false)
            .policy("public.projects", "jwt", "SELECT", true, &["authenticated"], Some("(((auth.jwt() -> 'user_metadata'::text) ->> 'org'::text) = (org_id)::text)"), None)
            .policy(
                "public.projects",
                "users table",
                "INSERT",
                true,
                &["authenticated"],
                None,
                Some("(EXISTS ( SELECT 1 FROM auth.users u WHERE ((u.id = auth.uid()) AND ((u.raw_user_meta_data ->> 'role'::text) = 'admin'::text))))"),
            )
            .policy("public.projects", "app", "UPDATE", true, &["authenticated"], Some("(((auth.jwt() -> 'app_metadata'::text) ->> 'org'::text) = (org_id)::text)"), None)
            .build();
        let found = Harness::new(s, Profile::Supabase).check(&RULE);
        let objects: Vec<&str> = found.iter().map(|f| f.object.as_str()).collect();
        assert_eq!(
            objects,
            ["policy \"jwt\" on public.projects", "policy \"users table\" on public.projects"]
        );
        assert!(found.iter().all(|f| f.level == Level::Error));
        assert!(found[1].detail.contains("WITH CHECK"));
    }

    #[test]
    fn app_metadata_is_fine() {
        let s = Fixture::new()
            .table("public.projects", &["id", "org_id"])
            .policy(
                "public.projects",
                "app",
                "SELECT",
                true,
                &["authenticated"],
                Some("(((auth.jwt() -> 'app_metadata'::text) ->> 'org'::text) = (org_id)::text)"),
                None,
            )
            .build();
        assert!(Harness::new(s, Profile::Supabase).check(&RULE).is_empty());
    }
}
