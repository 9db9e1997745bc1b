//! splinter 0004: a table without a primary key.

use super::is_system_schema;
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};

pub struct NoPrimaryKey;
pub static RULE: NoPrimaryKey = NoPrimaryKey;

static DOC: RuleDoc = RuleDoc {
    id: "no_primary_key",
    title: "No primary key",
    level: Level::Info,
    categories: &[Category::Performance],
    description: "A table without a primary key.",
    remediation: "Add a primary key. Without one, a row cannot be addressed reliably (updates and deletes from the \
                  API or a dashboard, logical replication, Realtime), and duplicates go unnoticed.",
    example: "alter table public.events add column id bigint generated always as identity primary key;",
    example_postgres: "",
    differences: &[],
};

impl Rule for NoPrimaryKey {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        cx.user
            .tables
            .iter()
            .filter(|t| !is_system_schema(&t.schema))
            .filter(|t| {
                !cx.catalog
                    .constraints
                    .iter()
                    .any(|c| c.kind == "primary_key" && c.schema == t.schema && c.table == t.name)
            })
            .map(|t| {
                Finding::new(
                    t.qualified(),
                    Level::Info,
                    format!("{} has no primary key", t.qualified()),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::fixture::Fixture;
    use crate::lint::testing::Harness;
    use crate::profile::Profile;

    #[test]
    fn flags_the_table_without_one() {
        let s = Fixture::new()
            .table("public.projects", &["id"])
            .table("public.events", &["kind", "at"])
            .with(|s| s.constraints.retain(|c| c.table != "events"))
            .build();
        let found = Harness::new(s, Profile::Postgres).check(&RULE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].object, "public.events");
        assert_eq!(found[0].level, Level::Info);
    }

    #[test]
    fn tables_with_one_are_fine() {
        let s = Fixture::new()
            .table("public.projects", &["id"])
            .pk("public.projects", &["id", "name"])
            .build();
        assert!(Harness::new(s, Profile::Postgres).check(&RULE).is_empty());
    }
}
