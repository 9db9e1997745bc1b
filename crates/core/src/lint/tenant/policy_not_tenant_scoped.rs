//! A policy on a tenant-scoped table that checks neither the tenant nor the user.

use super::{key_columns, names_current_user, only_bypassing_roles, scoped_tables, user_columns};
use crate::lint::splinter::{identifiers, policy_object};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};

pub struct PolicyNotTenantScoped;
pub static RULE: PolicyNotTenantScoped = PolicyNotTenantScoped;

static DOC: RuleDoc = RuleDoc {
    id: "policy_not_tenant_scoped",
    title: "Policy not tenant-scoped",
    level: Level::Warn,
    categories: &[Category::Tenancy, Category::Security],
    description: "A permissive policy on a tenant-scoped table whose USING and WITH CHECK mention neither the table's tenant key nor the signed-in user (auth.uid(), auth.email(), current_user, a column pointing at the user table).",
    remediation: "Permissive policies are ORed: one that ignores the tenant opens the rows of every tenant to whoever \
                  it applies to (`auth.role() = 'authenticated'`, `is_admin()`, `status = 'published'`). Add the \
                  tenant condition (membership of the row's organization), or make the policy restrictive if it \
                  only narrows what the other policies allow. Merely naming a membership or root table does not \
                  count: without the row's tenant key or the user, such a lookup (`exists (select 1 from \
                  organization_members where role = 'owner')`) is true for everyone once any row matches. The rule \
                  reads names only: a helper function that finds the tenant itself from the row id is not \
                  understood — suppress the finding with that reason.",
    example: "create policy \"Members read projects\" on public.projects for select to authenticated\n  using ((select public.is_org_member(organization_id)) and status = 'published');",
    example_postgres: "create policy \"Tenant reads published projects\" on public.projects for select to app_user\n  using (organization_id = (select current_setting('app.tenant_id', true)::uuid) and status = 'published');",
    differences: &[],
};

impl Rule for PolicyNotTenantScoped {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for (t, tt) in scoped_tables(cx) {
            let key = key_columns(tt);
            let owners = user_columns(cx, t);
            for p in cx.user.policies.iter().filter(|p| {
                p.schema == t.schema
                    && p.table == t.name
                    && p.permissive
                    && !only_bypassing_roles(cx.catalog, p)
            }) {
                let text = [&p.using, &p.with_check]
                    .iter()
                    .filter_map(|e| e.as_deref())
                    .collect::<Vec<_>>()
                    .join(" ");
                let ids = identifiers(&text);
                let scoped = key.iter().any(|k| ids.contains(k))
                    || owners.iter().any(|c| ids.contains(c))
                    || names_current_user(&text);
                if scoped {
                    continue;
                }
                let clauses = match (&p.using, &p.with_check) {
                    (Some(u), Some(w)) => format!("USING ({u}) and WITH CHECK ({w})"),
                    (Some(u), None) => format!("USING ({u})"),
                    (None, Some(w)) => format!("WITH CHECK ({w})"),
                    (None, None) => "no expression".to_string(),
                };
                let key_list = key.iter().cloned().collect::<Vec<_>>().join(", ");
                out.push(Finding::new(
                    policy_object(p),
                    Level::Warn,
                    format!(
                        "policy \"{}\" ({} for {}) on tenant-scoped {} checks {clauses}: nothing about the tenant ({key_list}, a membership) or the signed-in user, so it opens the rows of every tenant",
                        p.name,
                        p.command,
                        p.roles.join(", "),
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

    #[test]
    fn flags_the_unscoped_policy() {
        let s = orgs()
            .policy("public.projects", "signed in", "SELECT", true, &["authenticated"], Some("(auth.role() = 'authenticated'::text)"), None)
            .policy("public.tasks", "published", "SELECT", true, &["anon"], Some("(title IS NOT NULL)"), None)
            .policy("public.projects", "any owner", "DELETE", true, &["authenticated"], Some("(EXISTS ( SELECT 1 FROM organization_members m WHERE (m.role = 'owner'::text)))"), None)
            .policy("public.tasks", "not empty", "SELECT", false, &["public"], Some("(title <> ''::text)"), None)
            .policy("public.tasks", "service", "ALL", true, &["service_role"], Some("true"), None)
            .build();
        let mut found = Harness::with_base(s, supabase().build(), Profile::Supabase).check(&RULE);
        found.sort_by(|a, b| a.object.cmp(&b.object));
        let got: Vec<(&str, Level)> = found.iter().map(|f| (f.object.as_str(), f.level)).collect();
        assert_eq!(
            got,
            [
                ("policy \"any owner\" on public.projects", Level::Warn),
                ("policy \"published\" on public.tasks", Level::Warn),
                ("policy \"signed in\" on public.projects", Level::Warn)
            ]
        );
        assert!(found[2].detail.contains("organization_id"), "{}", found[2].detail);
    }

    #[test]
    fn tenant_membership_and_owner_checks_are_fine() {
        let s = orgs()
            .policy("public.projects", "members", "SELECT", true, &["authenticated"], Some("is_org_member(organization_id)"), None)
            .policy("public.projects", "owner", "UPDATE", true, &["authenticated"], Some("(owner_id = ( SELECT auth.uid() AS uid))"), None)
            .policy("public.projects", "by setting", "DELETE", true, &["authenticated"], Some("(organization_id = (current_setting('app.org_id'::text))::uuid)"), None)
            .policy("public.tasks", "via project", "SELECT", true, &["authenticated"], Some("(EXISTS ( SELECT 1 FROM projects p WHERE ((p.id = tasks.project_id) AND is_org_member(p.organization_id))))"), None)
            .build();
        assert!(Harness::with_base(s, supabase().build(), Profile::Supabase)
            .check(&RULE)
            .is_empty());
    }
}
