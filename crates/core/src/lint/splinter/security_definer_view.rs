//! splinter 0010: a view that runs with its owner's rights, readable by the API roles.

use super::{is_system_schema, security_invoker, view_readers};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};

pub struct SecurityDefinerView;
pub static RULE: SecurityDefinerView = SecurityDefinerView;

static DOC: RuleDoc = RuleDoc {
    id: "security_definer_view",
    title: "Security definer view",
    level: Level::Error,
    categories: &[Category::Security],
    description: "A view without security_invoker=true that an API role may select from: it reads its tables with its owner's rights, so their RLS policies are checked against the owner (who usually bypasses them), not the caller.",
    remediation: "Create the view `with (security_invoker = true)` (Postgres 15+) so the caller's privileges and \
                  policies apply, or revoke SELECT on it from the API roles if only trusted code should read it. \
                  Under Supabase the API roles are anon and authenticated and the exposed schema is public; under \
                  plain Postgres, every non-superuser role without BYPASSRLS.",
    example: "create or replace view public.project_overview with (security_invoker = true) as\n  select p.id, p.name, count(t.id) as tasks\n  from public.projects p left join public.tasks t on t.project_id = p.id\n  group by p.id;",
    example_postgres: "",
    differences: &[],
};

impl Rule for SecurityDefinerView {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for v in cx
            .user
            .views
            .iter()
            .filter(|v| !v.materialized && !is_system_schema(&v.schema) && !security_invoker(v))
        {
            let readers = view_readers(cx, v);
            if readers.is_empty() {
                continue;
            }
            let q = format!("{}.{}", v.schema, v.name);
            out.push(Finding::new(
                q.clone(),
                Level::Error,
                format!(
                    "view {q} has no security_invoker: {} can select from it, and the tables it reads are checked against its owner {} (row level security included), not against them",
                    readers.join(" and "),
                    v.owner
                ),
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
    fn flags_the_definer_view() {
        let s = supabase()
            .view("public.overview", "SELECT id FROM projects")
            .view_acl("public.overview", &API_GRANTS)
            .view("public.internal", "SELECT id FROM projects")
            .view_acl("public.internal", &["postgres=arwdDxtm/postgres", "service_role=r/postgres"])
            .build();
        let found = Harness::with_base(s, supabase().build(), Profile::Supabase).check(&RULE);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].object, "public.overview");
        assert_eq!(found[0].level, Level::Error);
        assert!(found[0].detail.contains("anon and authenticated"));
    }

    #[test]
    fn invoker_views_are_fine() {
        let s = supabase()
            .view("public.overview", "SELECT id FROM projects")
            .view_acl("public.overview", &API_GRANTS)
            .view_options("public.overview", &["security_invoker=on"])
            .build();
        assert!(Harness::with_base(s, supabase().build(), Profile::Supabase)
            .check(&RULE)
            .is_empty());
    }
}
