//! An UPDATE policy on a tenant-scoped table whose check of the new row ignores the tenant key.

use super::{key_columns, only_bypassing_roles, scoped_tables};
use crate::lint::splinter::{identifiers, normalized, policy_object};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};
use std::collections::BTreeSet;

pub struct UpdatePolicyWithoutWithCheck;
pub static RULE: UpdatePolicyWithoutWithCheck = UpdatePolicyWithoutWithCheck;

static DOC: RuleDoc = RuleDoc {
    id: "update_policy_without_with_check",
    title: "UPDATE policy lets rows change tenant",
    level: Level::Warn,
    categories: &[Category::Tenancy, Category::Security],
    description: "A permissive UPDATE (or ALL) policy on a tenant-scoped table whose check of the new row does not mention the tenant key: a user allowed to update a row may move it into another tenant.",
    remediation: "USING decides which existing rows a user may update; WITH CHECK decides what the updated row may \
                  look like. When WITH CHECK is absent Postgres checks the new row against USING, which is safe when \
                  USING checks the tenant key (a row cannot leave the user's tenants). The hole is an explicit WITH \
                  CHECK that does not: `with check (true)`, or `with check (owner_id = (select auth.uid()))` next \
                  to a membership USING — the row passes USING as it was, then its organization_id is set to any \
                  tenant and the check still passes (verified against Postgres). Repeat the tenant condition in \
                  WITH CHECK, or leave WITH CHECK out when USING already says it. The rule reads names only: a \
                  function that checks the tenant through other columns is not understood, and a restrictive \
                  UPDATE policy that checks the key silences it.",
    example: "create policy \"Editors update projects\" on public.projects for update to authenticated\n  using ((select public.org_role(organization_id)) in ('owner', 'admin', 'member'))\n  with check ((select public.org_role(organization_id)) in ('owner', 'admin', 'member'));",
    example_postgres: "create policy \"Tenant updates its projects\" on public.projects for update to app_user\n  using (organization_id = (select current_setting('app.tenant_id', true)::uuid))\n  with check (organization_id = (select current_setting('app.tenant_id', true)::uuid));",
    differences: &[],
};

fn mentions_any(expr: &str, key: &BTreeSet<String>) -> bool {
    let ids = identifiers(expr);
    key.iter().any(|k| ids.contains(k))
}

impl Rule for UpdatePolicyWithoutWithCheck {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for (t, tt) in scoped_tables(cx).filter(|(t, _)| t.rls_enabled) {
            let key = key_columns(tt);
            if key.is_empty() {
                continue;
            }
            let updates = |permissive: bool| {
                cx.catalog.policies_on(t).filter(move |p| {
                    p.permissive == permissive && matches!(p.command.as_str(), "UPDATE" | "ALL")
                })
            };
            // A restrictive policy checking the key guards every update.
            let guarded = updates(false).any(|p| {
                p.with_check.as_ref().or(p.using.as_ref()).is_some_and(|e| mentions_any(e, &key))
            });
            if guarded {
                continue;
            }
            let keys = key.iter().cloned().collect::<Vec<_>>().join(", ");
            for p in updates(true)
                .filter(|p| cx.user.policies.contains(p) && !only_bypassing_roles(cx.catalog, p))
            {
                let Some(check) = p.with_check.as_ref().or(p.using.as_ref()) else { continue };
                if mentions_any(check, &key) {
                    continue;
                }
                let why = match &p.with_check {
                    None => format!("it has no WITH CHECK, so Postgres checks the new row against USING, which does not mention {keys}"),
                    Some(w) if matches!(normalized(w).as_str(), "true" | "1=1") => "its WITH CHECK is always true".to_string(),
                    Some(w) => format!("its WITH CHECK ({w}) does not mention {keys}"),
                };
                out.push(Finding::new(
                    policy_object(p),
                    Level::Warn,
                    format!(
                        "policy \"{}\" ({} on {}): {why}: a user allowed to update a row can set {keys} to another tenant and move the row there",
                        p.name,
                        p.command,
                        t.qualified()
                    ),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::splinter::fixtures::supabase;
    use crate::lint::tenant::fixtures::orgs;
    use crate::lint::testing::Harness;
    use crate::profile::Profile;

    const MEMBER: &str = "(organization_id IN ( SELECT organization_members.organization_id FROM organization_members WHERE (organization_members.user_id = ( SELECT auth.uid() AS uid))))";

    #[test]
    fn flags_a_check_that_ignores_the_tenant() {
        let s = orgs()
            .policy(
                "public.projects",
                "owners update",
                "UPDATE",
                true,
                &["authenticated"],
                Some(MEMBER),
                Some("(owner_id = ( SELECT auth.uid() AS uid))"),
            )
            .policy(
                "public.projects",
                "anything goes",
                "ALL",
                true,
                &["authenticated"],
                Some(MEMBER),
                Some("true"),
            )
            .policy(
                "public.projects",
                "service",
                "ALL",
                true,
                &["service_role"],
                Some("true"),
                Some("true"),
            )
            .policy(
                "public.tasks",
                "own tasks",
                "UPDATE",
                true,
                &["authenticated"],
                Some("(title IS NOT NULL)"),
                None,
            )
            .build();
        let mut found = Harness::with_base(s, supabase().build(), Profile::Supabase).check(&RULE);
        found.sort_by(|a, b| a.object.cmp(&b.object));
        let got: Vec<(&str, Level)> = found.iter().map(|f| (f.object.as_str(), f.level)).collect();
        assert_eq!(
            got,
            [
                ("policy \"anything goes\" on public.projects", Level::Warn),
                ("policy \"own tasks\" on public.tasks", Level::Warn),
                ("policy \"owners update\" on public.projects", Level::Warn),
            ]
        );
        assert!(found[0].detail.contains("always true"));
        assert!(found[1].detail.contains("no WITH CHECK"), "{}", found[1].detail);
        assert!(found[1].detail.contains("project_id"), "{}", found[1].detail);
    }

    #[test]
    fn using_reused_as_check_or_a_tenant_check_is_fine() {
        let s = orgs()
            .policy(
                "public.projects",
                "members update",
                "UPDATE",
                true,
                &["authenticated"],
                Some(MEMBER),
                None,
            )
            .policy(
                "public.projects",
                "members all",
                "ALL",
                true,
                &["authenticated"],
                Some(MEMBER),
                Some(MEMBER),
            )
            .policy(
                "public.tasks",
                "own tasks",
                "UPDATE",
                true,
                &["authenticated"],
                Some("true"),
                Some("(title IS NOT NULL)"),
            )
            .policy(
                "public.tasks",
                "same project",
                "UPDATE",
                false,
                &["public"],
                Some("true"),
                Some("is_project_member(project_id)"),
            )
            .build();
        assert!(Harness::with_base(s, supabase().build(), Profile::Supabase)
            .check(&RULE)
            .is_empty());
    }
}
