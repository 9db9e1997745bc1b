//! splinter 0013: a table the API exposes, with row level security off.

use super::{exposed_to, table_privilege};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};

pub struct RlsDisabledInPublic;
pub static RULE: RlsDisabledInPublic = RlsDisabledInPublic;

static DOC: RuleDoc = RuleDoc {
    id: "rls_disabled_in_public",
    title: "RLS disabled in public",
    level: Level::Error,
    categories: &[Category::Security],
    description: "A table in an exposed schema (public under Supabase) with row level security off that an API role may SELECT: every client reads every row.",
    remediation: "Enable row level security and write the policies the clients need; or, if clients must not reach \
                  the table at all, revoke the API roles' privileges on it (Supabase's default privileges grant \
                  them on every new table in public). Under plain Postgres the API roles are the non-superuser \
                  roles without BYPASSRLS that the migrations create, and a schema counts when they have USAGE on it.",
    example: "alter table public.projects enable row level security;\ncreate policy \"Members read projects\" on public.projects for select to authenticated\n  using ((select public.is_org_member(organization_id)));",
    example_postgres: "alter table public.projects enable row level security;\ncreate policy \"Tenant reads its projects\" on public.projects for select to app_user\n  using (organization_id = (select current_setting('app.tenant_id', true)::uuid));",
    differences: &[],
};

impl Rule for RlsDisabledInPublic {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let roles = cx.api_roles();
        let mut out = Vec::new();
        for t in cx.user.tables.iter().filter(|t| !t.rls_enabled) {
            let Some(live) = cx.catalog.table(&t.qualified()) else { continue };
            let readers: Vec<&String> = roles
                .iter()
                .filter(|r| exposed_to(cx, &t.schema, r) && table_privilege(cx, live, "SELECT", r))
                .collect();
            if readers.is_empty() {
                continue;
            }
            let readers: Vec<&str> = readers.iter().map(|s| s.as_str()).collect();
            out.push(Finding::new(
                t.qualified(),
                Level::Error,
                format!("{} has row level security off and {} may select from it: every row is readable through the API", t.qualified(), readers.join(" and ")),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::splinter::fixtures::{supabase, API_GRANTS};
    use crate::lint::testing::Harness;
    use crate::profile::Profile;

    #[test]
    fn flags_the_open_table() {
        let s = supabase()
            .table("public.projects", &["id"])
            .acl("public.projects", &API_GRANTS)
            .table("public.secrets", &["id"])
            .acl("public.secrets", &["postgres=arwdDxtm/postgres"])
            .build();
        let found = Harness::with_base(s, supabase().build(), Profile::Supabase).check(&RULE);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].object, "public.projects");
        assert_eq!(found[0].level, Level::Error);
        assert!(found[0].detail.contains("anon and authenticated"));
    }

    #[test]
    fn rls_on_or_unexposed_is_fine() {
        let s = supabase()
            .table("public.projects", &["id"])
            .acl("public.projects", &API_GRANTS)
            .rls("public.projects", true, false)
            .schema("private")
            .table("private.audit", &["id"])
            .acl("private.audit", &API_GRANTS)
            .build();
        assert!(Harness::with_base(s, supabase().build(), Profile::Supabase)
            .check(&RULE)
            .is_empty());
    }
}
