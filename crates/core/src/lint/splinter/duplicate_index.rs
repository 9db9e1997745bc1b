//! splinter 0009: indexes identical but for their name.

use super::is_system_schema;
use crate::catalog::Index;
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};
use std::collections::BTreeMap;

pub struct DuplicateIndex;
pub static RULE: DuplicateIndex = DuplicateIndex;

static DOC: RuleDoc = RuleDoc {
    id: "duplicate_index",
    title: "Duplicate index",
    level: Level::Warn,
    categories: &[Category::Performance],
    description: "Two or more indexes of a table have the same definition apart from their name (same columns, method, uniqueness, predicate).",
    remediation: "Drop all but one: every copy is written on each insert and update and takes space, and the planner \
                  uses only one. The finding names the copy to drop and keeps the primary key or the index backing a \
                  constraint (drop that constraint instead when it is the copy).",
    example: "drop index public.tasks_project_id_idx1;",
    example_postgres: "",
    differences: &[],
};

/// The definition without the index's name: `UNIQUE|ON public.t USING btree (a) WHERE …`.
pub(crate) fn shape(i: &Index) -> String {
    let d = i.definition.as_str();
    let (unique, rest) = match d.find(" INDEX ") {
        Some(k) => (d[..k].contains("UNIQUE"), &d[k + " INDEX ".len()..]),
        None => return d.replace(&i.name, ""),
    };
    // skip the name: quoted ("a ""b""") or bare
    let after_name = if let Some(q) = rest.strip_prefix('"') {
        let mut k = 0;
        let b = q.as_bytes();
        while k < b.len() {
            if b[k] == b'"' {
                if b.get(k + 1) == Some(&b'"') {
                    k += 2;
                    continue;
                }
                break;
            }
            k += 1;
        }
        &q[(k + 1).min(q.len())..]
    } else {
        rest.find(' ').map(|k| &rest[k..]).unwrap_or("")
    };
    format!("{}|{}", if unique { "UNIQUE" } else { "" }, after_name.trim())
}

impl Rule for DuplicateIndex {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let backs_constraint = |i: &Index| {
            cx.catalog
                .constraints
                .iter()
                .any(|c| c.schema == i.schema && c.table == i.table && c.name == i.name)
        };
        let mut groups: BTreeMap<(String, String, String), Vec<&Index>> = BTreeMap::new();
        for i in cx.catalog.indexes.iter().filter(|i| !is_system_schema(&i.schema)) {
            groups.entry((i.schema.clone(), i.table.clone(), shape(i))).or_default().push(i);
        }
        let mut out = Vec::new();
        for ((schema, table, _), mut same) in groups {
            if same.len() < 2 || !same.iter().any(|i| cx.user.indexes.contains(i)) {
                continue;
            }
            // keep the primary key, then a constraint's index, then the first by name
            same.sort_by_key(|i| (!i.primary, !backs_constraint(i), i.name.clone()));
            let kept = same[0];
            for dup in &same[1..] {
                let how = if backs_constraint(dup) {
                    format!("alter table {schema}.{table} drop constraint {}", dup.name)
                } else {
                    format!("drop index {schema}.{}", dup.name)
                };
                out.push(Finding::new(
                    format!("{schema}.{}", dup.name),
                    Level::Warn,
                    format!("index {schema}.{} on {schema}.{table} is identical to {schema}.{} ({}): {how}", dup.name, kept.name, kept.definition),
                ));
            }
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

    #[test]
    fn shapes() {
        let s = Fixture::new()
            .table("public.t", &["id", "a"])
            .index("public.t", "x", &["a"], false)
            .index("public.t", "B x", &["a"], true)
            .with(|s| {
                s.indexes[1].definition =
                    "CREATE UNIQUE INDEX \"B x\" ON public.t USING btree (a)".into()
            })
            .build();
        assert_eq!(shape(&s.indexes[0]), "|ON public.t USING btree (a)");
        assert_eq!(shape(&s.indexes[1]), "UNIQUE|ON public.t USING btree (a)");
    }

    #[test]
    fn flags_the_copy() {
        let s = Fixture::new()
            .table("public.tasks", &["id", "project_id"])
            .index("public.tasks", "tasks_project_id_idx", &["project_id"], false)
            .index("public.tasks", "tasks_project_id_idx1", &["project_id"], false)
            .index("public.tasks", "tasks_project_id_uniq", &["project_id"], true)
            .index("public.tasks", "tasks_project_id_partial", &["project_id"], false)
            .with(|s| s.indexes[3].definition.push_str(" WHERE (id IS NOT NULL)"))
            .build();
        let found = Harness::new(s, Profile::Postgres).check(&RULE);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].object, "public.tasks_project_id_idx1");
        assert_eq!(found[0].level, Level::Warn);
        assert!(found[0].detail.contains("identical to public.tasks_project_id_idx"));
    }

    #[test]
    fn different_indexes_are_fine() {
        let s = Fixture::new()
            .table("public.tasks", &["id", "project_id", "org_id"])
            .index("public.tasks", "a", &["project_id"], false)
            .index("public.tasks", "b", &["project_id", "org_id"], false)
            .index("public.tasks", "c", &["org_id", "project_id"], false)
            .build();
        assert!(Harness::new(s, Profile::Postgres).check(&RULE).is_empty());
    }
}
