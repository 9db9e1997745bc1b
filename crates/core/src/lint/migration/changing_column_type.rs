//! changing_column_type: `ALTER COLUMN … TYPE` on a table that existed before the up file and may
//! hold rows (the project's table sizes). Most
//! type changes rewrite the table and rebuild its indexes under an ACCESS EXCLUSIVE lock; the run
//! measured whether this one did (table_rewrite event): WARN when it did, INFO when Postgres could
//! keep the data as it was (varchar(n) → varchar(m > n), varchar → text …). Without the DDL log
//! (nothing measured), WARN.

use super::{ident, up_statements};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};
use sqlparser::ast::{AlterColumnOperation, AlterTableOperation, Statement as Ast};

pub struct ChangingColumnType;
pub static RULE: ChangingColumnType = ChangingColumnType;

static DOC: RuleDoc = RuleDoc {
    id: "changing_column_type",
    title: "Changing a column's type",
    level: Level::Warn,
    categories: &[Category::MigrationSafety],
    description: "Detects ALTER COLUMN … TYPE on a table that existed before the up file: unless the change is binary-compatible, Postgres rewrites the table and its indexes under an ACCESS EXCLUSIVE lock (the run measures whether it did).",
    remediation: "Add a new column of the new type, fill it in batches (and keep it in step with a trigger while the app still writes the old one), switch the app over, then drop the old column. Widening varchar(n) or varchar → text needs no rewrite.",
    example: "alter table public.projects add column budget_v2 numeric(12, 2);\nupdate public.projects set budget_v2 = budget where id between 1 and 10000; -- … in batches\n-- after the switch-over:\nalter table public.projects drop column budget;\nalter table public.projects rename column budget_v2 to budget;",
    example_postgres: "",
    differences: &[],
};

impl Rule for ChangingColumnType {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for up in up_statements(cx, |h| h.starts_with("alter table")) {
            let Some(Ast::AlterTable(at)) = &up.ast else { continue };
            let Some(t) = up.existing(&at.name).filter(|t| up.size(t).has_rows()) else { continue };
            let size = up.size(t).describe();
            for op in &at.operations {
                let AlterTableOperation::AlterColumn {
                    column_name,
                    op: AlterColumnOperation::SetDataType { data_type, .. },
                } = op
                else {
                    continue;
                };
                let col = format!("{}.{}", t.qualified(), ident(column_name));
                let (level, how) = if up.rewrote(t) {
                    (Level::Warn, format!("Postgres rewrote the whole of {} ({size}) and rebuilt its indexes under an ACCESS EXCLUSIVE lock", t.qualified()))
                } else if up.measured() {
                    (Level::Info, format!("this change needed no rewrite of {} ({size}), but the ACCESS EXCLUSIVE lock still blocks every query while it waits for it", t.qualified()))
                } else {
                    (Level::Warn, format!("unless the change is binary-compatible, Postgres rewrites the whole of {} ({size}) under an ACCESS EXCLUSIVE lock", t.qualified()))
                };
                out.push(
                    Finding::new(&col, level, format!("{col} changes type to {data_type}: {how}"))
                        .at(up.file, up.line()),
                );
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
    fn a_measured_rewrite_is_a_warning_and_none_is_info() {
        let sql = "alter table projects alter column name type varchar(200);\nalter table projects alter column owner set data type bigint using owner::bigint;";
        let mut sim = Sim::new(catalog(7), sql);
        sim.st(1).rewrites = vec!["public.projects".into()];
        let f = sim.check(&RULE);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(
            (f[0].level, f[0].object.as_str(), f[0].file.as_deref(), f[0].line),
            (Level::Info, "public.projects.name", Some(FILE), Some(1))
        );
        assert_eq!(
            (f[1].level, f[1].object.as_str(), f[1].line),
            (Level::Warn, "public.projects.owner", Some(2))
        );
        assert!(f[1].detail.contains("rewrote the whole of public.projects (assumed production-sized; 7 rows in the simulation)"), "{}", f[1].detail);
    }

    #[test]
    fn empty_and_new_tables_find_nothing() {
        let good = "create table t (a int);\nalter table t alter column a type bigint;";
        assert_eq!(Sim::new(catalog(7), good).check(&RULE), vec![]);
        // orgs is empty in the simulation: production-sized unless the simulated rows are trusted.
        let orgs = "alter table orgs alter column id type text;";
        assert_eq!(Sim::new(catalog(7), orgs).check(&RULE).len(), 1);
        assert_eq!(Sim::new(catalog(7), orgs).simulated().check(&RULE), vec![]);
    }
}
