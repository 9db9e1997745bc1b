//! A tenant-scoped table whose tenant key leads no index.

use super::{first_step_key, scoped_tables};
use crate::lint::splinter::{columns_object, covering_index};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};

pub struct TenantKeyWithoutIndex;
pub static RULE: TenantKeyWithoutIndex = TenantKeyWithoutIndex;

static DOC: RuleDoc = RuleDoc {
    id: "tenant_key_without_index",
    title: "Tenant key without index",
    level: Level::Warn,
    categories: &[Category::Tenancy, Category::Performance],
    description: "The tenant key of a tenant-scoped table (the columns of the first foreign key on its way to the tenant root) is not the leading part of any index (partial indexes do not count).",
    remediation: "Index the tenant key, alone or as the first column of the index the application's lists use \
                  (tenant first, then the sort key). Policies and queries filter every statement by it, and deleting \
                  a tenant cascades through it; without an index each of them scans the rows of all tenants.",
    example: "create index projects_organization_id_created_at_idx on public.projects (organization_id, created_at desc);",
    example_postgres: "",
    differences: &[],
};

impl Rule for TenantKeyWithoutIndex {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for (t, tt) in scoped_tables(cx) {
            let key = first_step_key(tt);
            if key.is_empty() || covering_index(cx.catalog, &t.schema, &t.name, &key).is_some() {
                continue;
            }
            let step = &tt.path[0];
            let partial: Vec<&str> = cx
                .catalog
                .indexes
                .iter()
                .filter(|i| {
                    i.schema == t.schema
                        && i.table == t.name
                        && i.columns.first().is_some_and(|c| key.contains(c))
                })
                .map(|i| i.name.as_str())
                .collect();
            let partial = if partial.is_empty() {
                String::new()
            } else {
                format!(
                    " (the partial index {} serves only queries that repeat its WHERE)",
                    partial.join(", ")
                )
            };
            out.push(Finding::new(
                columns_object(&t.qualified(), &key),
                Level::Warn,
                format!(
                    "{} is the tenant key of {} ({} → {}) and no index starts with it{partial}: a query or policy filtering by tenant, and the cascade from deleting a tenant, scan the rows of all tenants",
                    columns_object(&t.qualified(), &key),
                    t.qualified(),
                    key.join(", "),
                    step.ref_table
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

    #[test]
    fn flags_the_unindexed_key() {
        let s = orgs()
            .with(|s| s.indexes.retain(|i| i.name != "projects_org_idx"))
            .index("public.projects", "projects_org_partial_idx", &["organization_id"], false)
            .with(|s| {
                s.indexes.last_mut().unwrap().definition.push_str(" WHERE (name IS NOT NULL)")
            })
            .build();
        let found = Harness::with_base(s, supabase().build(), Profile::Supabase).check(&RULE);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].object, "public.projects.organization_id");
        assert_eq!(found[0].level, Level::Warn);
        assert!(found[0].detail.contains("projects_org_partial_idx"), "{}", found[0].detail);
    }

    #[test]
    fn indexed_keys_are_fine() {
        let s = orgs().build();
        assert!(Harness::with_base(s, supabase().build(), Profile::Supabase)
            .check(&RULE)
            .is_empty());
    }
}
