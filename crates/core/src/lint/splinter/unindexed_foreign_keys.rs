//! splinter 0001: a foreign key whose columns lead no index.

use super::{columns_object, covering_index, is_system_schema};
use crate::lint::{Category, Context, Finding, Level, PeerDifference, Rule, RuleDoc};

pub struct UnindexedForeignKeys;
pub static RULE: UnindexedForeignKeys = UnindexedForeignKeys;

static DOC: RuleDoc = RuleDoc {
    id: "unindexed_foreign_keys",
    title: "Unindexed foreign keys",
    level: Level::Info,
    categories: &[Category::Performance],
    description: "A foreign key with no index whose first column is one of the key's columns, so looking rows up by the key scans the table.",
    remediation: "Create an index on the foreign key's columns. Without one every delete or key update of the \
                  referenced row (ON DELETE CASCADE / SET NULL, or the check that no row still refers to it) scans \
                  the whole referencing table, and joins along the key cannot use an index. Unlike splinter, an \
                  index that starts with one column of a composite key counts (the lookup is an index scan), and a \
                  partial index counts only when its predicate is `col IS NOT NULL` on the key; others serve only \
                  queries that repeat their WHERE.",
    example: "create index tasks_owner_id_idx on public.tasks (owner_id);",
    example_postgres: "",
    differences: &[
        PeerDifference {
            id: "composite_index_any_order",
            peer: "splinter",
            peer_rule: "unindexed_foreign_keys",
            text: "A composite foreign key counts as indexed by an index that starts with any of its columns; splinter wants the key's columns in order. The lookups the key makes (on delete or update of the referenced row: an equality on all its columns) use such an index: checked on PostgreSQL 15, the lookup for a key on (country, code) is an Index Scan on an index on (code, country).",
        },
    ],
};

impl Rule for UnindexedForeignKeys {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for c in cx
            .user
            .constraints
            .iter()
            .filter(|c| c.kind == "foreign_key" && !is_system_schema(&c.schema))
        {
            if covering_index(cx.catalog, &c.schema, &c.table, &c.columns).is_some() {
                continue;
            }
            let table = format!("{}.{}", c.schema, c.table);
            let target = format!(
                "{}.{}",
                c.ref_schema.as_deref().unwrap_or(&c.schema),
                c.ref_table.as_deref().unwrap_or("?")
            );
            out.push(Finding::new(
                columns_object(&table, &c.columns),
                Level::Info,
                format!(
                    "{table}: foreign key {} ({}) → {target} has no index starting with {}: deleting or re-keying a row of {target} scans {table}",
                    c.name,
                    c.columns.join(", "),
                    if c.columns.len() > 1 { "any of its columns" } else { "its column" },
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

    fn schema() -> Fixture {
        Fixture::new()
            .table("public.projects", &["id", "name"])
            .table("public.tasks", &["id", "project_id", "org_id", "owner_id"])
            .fk("public.tasks", &["project_id"], "public.projects", &["id"])
            .fk("public.tasks", &["org_id", "project_id"], "public.projects", &["org_id", "id"])
    }

    #[test]
    fn flags_the_foreign_key_without_index() {
        let s = schema()
            .index("public.tasks", "tasks_owner_id_idx", &["owner_id", "project_id"], false)
            .build();
        let found = Harness::new(s, Profile::Postgres).check(&RULE);
        let objects: Vec<&str> = found.iter().map(|f| f.object.as_str()).collect();
        assert_eq!(objects, ["public.tasks.project_id", "public.tasks(org_id, project_id)"]);
        assert!(found.iter().all(|f| f.level == Level::Info));
        assert!(found[1].detail.contains("tasks_org_id_project_id_fkey"), "{}", found[1].detail);
    }

    #[test]
    fn a_partial_index_covers_only_with_an_implied_predicate() {
        let s = schema()
            .index("public.tasks", "tasks_project_id_idx", &["project_id", "created_at"], false)
            .index("public.tasks", "tasks_org_id_idx", &["org_id"], false)
            .with(|s| s.indexes[0].definition.push_str(" WHERE (done IS FALSE)"))
            .with(|s| s.indexes[1].definition.push_str(" WHERE (org_id IS NOT NULL)"))
            .build();
        let found = Harness::new(s, Profile::Postgres).check(&RULE);
        assert_eq!(
            found.iter().map(|f| f.object.as_str()).collect::<Vec<_>>(),
            ["public.tasks.project_id"]
        );
    }

    #[test]
    fn an_index_starting_with_a_key_column_is_fine() {
        let s = schema()
            .index("public.tasks", "tasks_project_id_idx", &["project_id", "created_at"], false)
            .build();
        assert!(Harness::new(s, Profile::Postgres).check(&RULE).is_empty());
    }
}
