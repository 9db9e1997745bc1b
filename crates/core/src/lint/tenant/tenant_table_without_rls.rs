//! A tenant-scoped table with row level security off.

use super::{key_columns, scoped_tables};
use crate::lint::splinter::{schema_usable, table_privilege};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};
use crate::matrix::COMMANDS;

pub struct TenantTableWithoutRls;
pub static RULE: TenantTableWithoutRls = TenantTableWithoutRls;

static DOC: RuleDoc = RuleDoc {
    id: "tenant_table_without_rls",
    title: "Tenant table without RLS",
    level: Level::Error,
    categories: &[Category::Tenancy, Category::Security],
    description: "A tenant-scoped table (direct or indirect) with row level security off. ERROR when an API role holds a privilege on it (any client reaches every tenant's rows); WARN when none does and isolation is left to the application's queries.",
    remediation: "Enable row level security and add policies that check the tenant (membership of the row's \
                  organization). If the application alone talks to the database and filters every query by tenant, \
                  the WARN can be suppressed with that reason, knowing that one forgotten WHERE leaks another \
                  tenant's rows.",
    example: "alter table public.projects enable row level security;\ncreate policy \"Members read projects\" on public.projects for select to authenticated\n  using ((select public.is_org_member(organization_id)));",
    example_postgres: "alter table public.projects enable row level security;\ncreate policy \"Tenant reads its projects\" on public.projects for select to app_user\n  using (organization_id = (select current_setting('app.tenant_id', true)::uuid));",
    differences: &[],
};

impl Rule for TenantTableWithoutRls {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let roles = cx.api_roles();
        let mut out = Vec::new();
        for (t, tt) in scoped_tables(cx).filter(|(t, _)| !t.rls_enabled) {
            let Some(live) = cx.catalog.table(&t.qualified()) else { continue };
            let key: Vec<String> = key_columns(tt).into_iter().collect();
            let q = t.qualified();
            let holders: Vec<String> = roles
                .iter()
                .filter(|r| schema_usable(cx.catalog, &t.schema, r))
                .filter_map(|r| {
                    let privs: Vec<&str> = COMMANDS
                        .iter()
                        .copied()
                        .filter(|c| table_privilege(cx, live, c, r))
                        .collect();
                    (!privs.is_empty()).then(|| format!("{r} ({})", privs.join(", ")))
                })
                .collect();
            let finding = if holders.is_empty() {
                Finding::new(
                    q.clone(),
                    Level::Warn,
                    format!(
                        "{q} is tenant-scoped ({}) with row level security off; no API role holds a privilege on it, so isolation is left to the application: every query must filter by {}",
                        tt.class.as_str(),
                        key.join(", ")
                    ),
                )
            } else {
                Finding::new(
                    q.clone(),
                    Level::Error,
                    format!(
                        "{q} is tenant-scoped ({}) with row level security off, and {} hold privileges on it: any client reaches the rows of every tenant",
                        tt.class.as_str(),
                        holders.join(", ")
                    ),
                )
            };
            out.push(finding);
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
    fn error_when_an_api_role_holds_a_privilege_warn_otherwise() {
        let s = orgs()
            .rls("public.projects", false, false)
            .rls("public.tasks", false, false)
            .acl("public.tasks", &["postgres=arwdDxtm/postgres", "service_role=arwd/postgres"])
            .build();
        let mut found = Harness::with_base(s, supabase().build(), Profile::Supabase).check(&RULE);
        found.sort_by(|a, b| a.object.cmp(&b.object));
        let got: Vec<(&str, Level)> = found.iter().map(|f| (f.object.as_str(), f.level)).collect();
        assert_eq!(got, [("public.projects", Level::Error), ("public.tasks", Level::Warn)]);
        assert!(
            found[0].detail.contains("anon (SELECT, INSERT, UPDATE, DELETE)"),
            "{}",
            found[0].detail
        );
        assert!(found[1].detail.contains("left to the application"), "{}", found[1].detail);
        assert!(found[1].detail.contains("filter by project_id"), "{}", found[1].detail);
    }

    #[test]
    fn rls_on_everywhere_is_fine() {
        let s = orgs().build();
        assert!(Harness::with_base(s, supabase().build(), Profile::Supabase)
            .check(&RULE)
            .is_empty());
    }
}
