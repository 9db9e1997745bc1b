//! dropping_in_up_file: `DROP TABLE` / `DROP COLUMN` of a table or column that existed before the
//! up file. The data goes with it: a rollback file can recreate the table or column, never its
//! rows. (Tables and columns the same file made are scratch space, left out.)

use super::{ident, rows, up_statements};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};
use sqlparser::ast::{AlterTableOperation, ObjectType, Statement as Ast};

pub struct DroppingInUpFile;
pub static RULE: DroppingInUpFile = DroppingInUpFile;

static DOC: RuleDoc = RuleDoc {
    id: "dropping_in_up_file",
    title: "Dropping a table or column in an up migration",
    level: Level::Warn,
    categories: &[Category::MigrationSafety],
    description: "Detects DROP TABLE and ALTER TABLE … DROP COLUMN of tables and columns that existed before the up file: the data is lost, and a rollback can bring back the structure but not the rows.",
    remediation: "Stop reading and writing the table or column first (deploy the app change), keep the data for a while (rename it, or copy it to an archive table), and drop it in a later migration once nothing needs it and a backup exists.",
    example: "-- this release: keep the data, stop using it\nalter table public.user_settings rename to user_settings_archived;\n-- a later release, after a backup:\n-- drop table public.user_settings_archived;",
    example_postgres: "",
    differences: &[],
};

impl Rule for DroppingInUpFile {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for up in up_statements(cx, |h| h.starts_with("drop table") || h.starts_with("alter table"))
        {
            match &up.ast {
                Some(Ast::Drop { object_type: ObjectType::Table, names, .. }) => {
                    for name in names {
                        let Some(t) = up.existing(name) else { continue };
                        let detail = format!(
                            "DROP TABLE {} deletes the table and its {} (as of before this file); a rollback can recreate the table but not its data",
                            t.qualified(),
                            rows(t.row_count)
                        );
                        out.push(
                            Finding::new(t.qualified(), Level::Warn, detail).at(up.file, up.line()),
                        );
                    }
                }
                Some(Ast::AlterTable(at)) => {
                    let Some(t) = up.existing(&at.name) else { continue };
                    for op in &at.operations {
                        let AlterTableOperation::DropColumn { column_names, .. } = op else {
                            continue;
                        };
                        for c in column_names {
                            let name = ident(c);
                            if !t.columns.iter().any(|col| col.name == name) {
                                continue;
                            }
                            let q = format!("{}.{name}", t.qualified());
                            let detail = format!("DROP COLUMN {q} deletes its values in all {} of {}; a rollback can add the column back but not its data", rows(t.row_count), t.qualified());
                            out.push(Finding::new(q, Level::Warn, detail).at(up.file, up.line()));
                        }
                    }
                }
                _ => {}
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
    fn dropping_existing_tables_and_columns() {
        let sql = "alter table projects drop column owner;\ndrop table if exists public.orgs, nothing_here cascade;";
        let f = Sim::new(catalog(3), sql).check(&RULE);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(
            (f[0].level, f[0].object.as_str(), f[0].file.as_deref(), f[0].line),
            (Level::Warn, "public.projects.owner", Some(FILE), Some(1))
        );
        assert_eq!((f[1].object.as_str(), f[1].line), ("public.orgs", Some(2)));
    }

    #[test]
    fn scratch_tables_and_columns_of_the_same_file_find_nothing() {
        let good = "create table tmp_map (a int);\n\
                    alter table projects add column tmp int;\n\
                    alter table projects drop column tmp;\n\
                    drop table tmp_map;\n\
                    drop view if exists projects_v;";
        assert_eq!(Sim::new(catalog(3), good).check(&RULE), vec![]);
    }
}
