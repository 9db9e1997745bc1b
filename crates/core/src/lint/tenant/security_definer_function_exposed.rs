//! A SECURITY DEFINER function the API roles may call that reads tenant data without a tenant check.

use super::{key_columns, names_current_user, scope_table_names};
use crate::lint::splinter::{acl_grants, identifiers, is_system_schema, schema_usable};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};

pub struct SecurityDefinerFunctionExposed;
pub static RULE: SecurityDefinerFunctionExposed = SecurityDefinerFunctionExposed;

static DOC: RuleDoc = RuleDoc {
    id: "security_definer_function_exposed",
    title: "Exposed security definer function reads tenant data",
    level: Level::Info,
    categories: &[Category::Tenancy, Category::Security],
    description: "A SECURITY DEFINER function that an API role may execute (functions are executable by PUBLIC unless revoked) and whose body names a tenant-scoped table without any tenant check: no tenant key column, no root or membership table, no auth.uid() / auth.email() / current_user.",
    remediation: "A SECURITY DEFINER function runs with its owner's rights, so row level security does not protect \
                  the tables it reads: whoever may call it gets what it returns, for any tenant. Check the caller's \
                  membership inside it (`where m.user_id = (select auth.uid())` on Supabase, the tenant of the session \
                  on plain Postgres), make it SECURITY INVOKER, or revoke EXECUTE from PUBLIC and the API roles. Trigger functions are left out (they cannot \
                  be called directly). The check reads names in the body: a check it does not recognise leaves an \
                  INFO to suppress with the reason.",
    example: "create or replace function public.project_names(org uuid) returns setof text\nlanguage sql stable security definer set search_path = ''\nas $$\n  select p.name from public.projects p\n  where p.organization_id = org\n    and exists (select 1 from public.organization_members m\n                where m.organization_id = org and m.user_id = (select auth.uid()));\n$$;\nrevoke execute on function public.project_names(uuid) from public, anon;",
    example_postgres: "create or replace function public.project_names(org uuid) returns setof text\nlanguage sql stable security definer set search_path = ''\nas $$\n  select p.name from public.projects p\n  where p.organization_id = org\n    and org = (select current_setting('app.tenant_id', true)::uuid);\n$$;\nrevoke execute on function public.project_names(uuid) from public;",
    differences: &[],
};

impl Rule for SecurityDefinerFunctionExposed {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let roles = cx.api_roles();
        let scope_tables = scope_table_names(cx);
        let mut out = Vec::new();
        for f in cx.user.functions.iter().filter(|f| {
            f.security_definer
                && matches!(f.kind.as_str(), "function" | "procedure")
                && !is_system_schema(&f.schema)
        }) {
            if matches!(f.result.as_deref(), Some("trigger" | "event_trigger")) {
                continue;
            }
            let Some(source) = f.source.as_deref() else { continue };
            let callers: Vec<&str> = roles
                .iter()
                .filter(|r| {
                    schema_usable(cx.catalog, &f.schema, r)
                        && acl_grants(cx.catalog, &f.acl, &f.owner, true, r, 'X')
                })
                .map(String::as_str)
                .collect();
            if callers.is_empty() {
                continue;
            }
            let ids = identifiers(source);
            if names_current_user(source) || scope_tables.iter().any(|n| ids.contains(n)) {
                continue;
            }
            // tenant-scoped tables the body names, with no key column of theirs in sight
            let mut read: Vec<(String, Vec<String>)> = Vec::new();
            for (name, tt) in cx.tenancy.tables.iter().filter(|(_, tt)| tt.class.is_tenant_scoped())
            {
                let bare = name.rsplit('.').next().unwrap_or(name).to_lowercase();
                if !ids.contains(&bare) || key_columns(tt).iter().any(|k| ids.contains(k)) {
                    continue;
                }
                let lines: Vec<String> = source
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| identifiers(l).contains(&bare))
                    .map(|(n, l)| format!("line {}: {}", n + 1, l.trim()))
                    .collect();
                read.push((name.clone(), lines));
            }
            if read.is_empty() {
                continue;
            }
            let tables: Vec<String> = read.iter().map(|(t, _)| t.clone()).collect();
            let lines: Vec<String> = read
                .into_iter()
                .flat_map(|(_, l)| l)
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .take(6)
                .collect();
            out.push(Finding::new(
                f.signature(),
                Level::Info,
                format!(
                    "SECURITY DEFINER {} is executable by {} and reads tenant-scoped {} with its owner's rights and no tenant check: {}",
                    f.signature(),
                    callers.join(" and "),
                    tables.join(", "),
                    lines.join(" | ")
                ),
            ));
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

    const LEAKY: &str =
        "\n  select t.title\n  from public.tasks t\n  where t.title ilike pattern;\n";

    #[test]
    fn flags_the_callable_definer() {
        let s = orgs()
            .function("public.search_tasks", "pattern text", "SETOF text", LEAKY)
            .security_definer("public.search_tasks")
            .function(
                "public.touch",
                "",
                "trigger",
                "begin update public.tasks set title = title; return new; end",
            )
            .security_definer("public.touch")
            .build();
        let found = Harness::with_base(s, supabase().build(), Profile::Supabase).check(&RULE);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].object, "public.search_tasks(pattern text)");
        assert_eq!(found[0].level, Level::Info);
        assert!(found[0].detail.contains("anon and authenticated"), "{}", found[0].detail);
        assert!(found[0].detail.contains("line 3: from public.tasks t"), "{}", found[0].detail);
    }

    #[test]
    fn revoked_checked_or_invoker_functions_are_fine() {
        let s = orgs()
            .function("public.revoked", "pattern text", "SETOF text", LEAKY)
            .security_definer("public.revoked")
            .function_acl("public.revoked", &["postgres=X/postgres", "service_role=X/postgres"])
            .function("public.checked", "pattern text", "SETOF text", "select t.title from public.tasks t join public.projects p on p.id = t.project_id where public.is_org_member(p.organization_id)")
            .security_definer("public.checked")
            .function("public.mine", "", "SETOF text", "select title from public.tasks where (select auth.uid()) is not null")
            .security_definer("public.mine")
            .function("public.invoker", "pattern text", "SETOF text", LEAKY)
            .build();
        assert!(Harness::with_base(s, supabase().build(), Profile::Supabase)
            .check(&RULE)
            .is_empty());
    }
}
