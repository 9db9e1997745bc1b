//! splinter 0016: a materialized view the API roles can select from.

use super::{is_system_schema, view_readers};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};

pub struct MaterializedViewInApi;
pub static RULE: MaterializedViewInApi = MaterializedViewInApi;

static DOC: RuleDoc = RuleDoc {
    id: "materialized_view_in_api",
    title: "Materialized view in API",
    level: Level::Warn,
    categories: &[Category::Security],
    description: "A materialized view in an exposed schema that an API role may select from. Materialized views have no row level security: whoever can select sees every row it stored.",
    remediation: "Move it to a schema the API does not expose, or revoke SELECT from the API roles and serve it \
                  through a security_invoker view or a function that filters by tenant.",
    example: "create schema if not exists private;\nalter materialized view public.monthly_totals set schema private;\nrevoke select on private.monthly_totals from anon, authenticated;",
    example_postgres: "create schema if not exists private;\nalter materialized view public.monthly_totals set schema private;\nrevoke select on private.monthly_totals from app_user;",
    differences: &[],
};

impl Rule for MaterializedViewInApi {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for v in cx.user.views.iter().filter(|v| v.materialized && !is_system_schema(&v.schema)) {
            let readers = view_readers(cx, v);
            if readers.is_empty() {
                continue;
            }
            let q = format!("{}.{}", v.schema, v.name);
            out.push(Finding::new(
                q.clone(),
                Level::Warn,
                format!("materialized view {q} is selectable by {}: it has no row level security, so they read every row it holds", readers.join(" and ")),
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
    fn flags_the_exposed_matview() {
        let s = supabase()
            .matview("public.totals", "SELECT 1")
            .view_acl("public.totals", &API_GRANTS)
            .view("public.plain", "SELECT 1")
            .view_acl("public.plain", &API_GRANTS)
            .build();
        let found = Harness::with_base(s, supabase().build(), Profile::Supabase).check(&RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].object, "public.totals");
        assert_eq!(found[0].level, Level::Warn);
    }

    #[test]
    fn revoked_or_private_matviews_are_fine() {
        let s = supabase()
            .matview("public.totals", "SELECT 1")
            .view_acl("public.totals", &["postgres=arwdDxtm/postgres", "service_role=r/postgres"])
            .schema("private")
            .matview("private.sums", "SELECT 1")
            .view_acl("private.sums", &API_GRANTS)
            .build();
        assert!(Harness::with_base(s, supabase().build(), Profile::Supabase)
            .check(&RULE)
            .is_empty());
    }
}
