//! renaming_in_up_file: `ALTER TABLE … RENAME TO` / `RENAME COLUMN` of a table or column that
//! existed before the up file. Postgres renames at once, but the application still running reads
//! and writes the old name: from the moment the migration commits until the new code is deployed,
//! every query naming it fails (42P01 undefined table, 42703 undefined column). Whatever its size,
//! so the table sizes do not matter here. Tables and columns the same file made are left out.

use super::{ident, up_statements};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};
use sqlparser::ast::{AlterTableOperation, RenameTableNameKind, Statement as Ast};

pub struct RenamingInUpFile;
pub static RULE: RenamingInUpFile = RenamingInUpFile;

static DOC: RuleDoc = RuleDoc {
    id: "renaming_in_up_file",
    title: "Renaming a table or column in an up migration",
    level: Level::Warn,
    categories: &[Category::MigrationSafety],
    description: "Detects ALTER TABLE … RENAME TO and RENAME COLUMN of tables and columns that existed before the up file: the application code still deployed uses the old name, and its queries fail until the new code is out.",
    remediation: "Rename in steps the running code survives. A table: rename it and leave a view under the old name \
                  (a simple view is updatable), drop the view once no code uses the old name. A column: add the new \
                  column, keep both in step (a trigger, or the app writing both), backfill, switch the reads, then drop \
                  the old column in a later migration. If the application is stopped while the migration runs, \
                  suppress the finding with that reason.",
    example: "alter table public.gauges rename to meters;\ncreate view public.gauges as select * from public.meters;\n-- a later release, when no code reads public.gauges:\n-- drop view public.gauges;",
    example_postgres: "",
    differences: &[],
};

impl Rule for RenamingInUpFile {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for up in up_statements(cx, |h| h.starts_with("alter table")) {
            let Some(Ast::AlterTable(at)) = &up.ast else { continue };
            let Some(t) = up.existing(&at.name) else { continue };
            for op in &at.operations {
                let (object, detail) = match op {
                    AlterTableOperation::RenameTable { table_name: RenameTableNameKind::To(new) | RenameTableNameKind::As(new) } => (
                        t.qualified(),
                        format!("{} is renamed to {new}: queries of the code still deployed that name {} fail (42P01) until the new code is out", t.qualified(), t.name),
                    ),
                    AlterTableOperation::RenameColumn { old_column_name, new_column_name } => {
                        let old = ident(old_column_name);
                        if !t.columns.iter().any(|c| c.name == old) {
                            continue;
                        }
                        let q = format!("{}.{old}", t.qualified());
                        (q.clone(), format!("{q} is renamed to {}: queries of the code still deployed that use {old} fail (42703) until the new code is out", ident(new_column_name)))
                    }
                    _ => continue,
                };
                out.push(Finding::new(object, Level::Warn, detail).at(up.file, up.line()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{catalog, Sim, FILE};
    use super::*;

    #[test]
    fn renaming_existing_tables_and_columns() {
        let sql = "alter table projects rename column name to title;\nalter table public.orgs rename to organizations;";
        let f = Sim::new(catalog(0), sql).check(&RULE);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(
            (f[0].level, f[0].object.as_str(), f[0].file.as_deref(), f[0].line),
            (Level::Warn, "public.projects.name", Some(FILE), Some(1))
        );
        assert!(
            f[0].detail.contains("renamed to title") && f[0].detail.contains("42703"),
            "{}",
            f[0].detail
        );
        assert_eq!((f[1].object.as_str(), f[1].line), ("public.orgs", Some(2)));
    }

    #[test]
    fn renames_of_what_the_file_made_find_nothing() {
        let good = "create table t (a int);\nalter table t rename column a to b;\nalter table t rename to u;\nalter table projects add column tmp int;\nalter table projects rename column tmp to tmp2;\nalter table projects rename constraint projects_pkey to projects_pk;";
        assert_eq!(Sim::new(catalog(3), good).check(&RULE), vec![]);
    }
}
