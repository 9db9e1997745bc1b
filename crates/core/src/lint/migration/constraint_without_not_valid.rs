//! constraint_without_not_valid: `ADD FOREIGN KEY` / `ADD CHECK` on a table that had rows before
//! the up file, without NOT VALID: Postgres checks every existing row while holding a lock that
//! blocks writes (SHARE ROW EXCLUSIVE on both tables for a foreign key, ACCESS EXCLUSIVE for a
//! check). With NOT VALID the constraint applies to new rows at once, and a separate
//! `VALIDATE CONSTRAINT` checks the old ones under a lock that lets reads and writes go on.

use super::{ident, rows, up_statements};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};
use sqlparser::ast::{AlterTableOperation, Statement as Ast, TableConstraint};

pub struct ConstraintWithoutNotValid;
pub static RULE: ConstraintWithoutNotValid = ConstraintWithoutNotValid;

static DOC: RuleDoc = RuleDoc {
    id: "constraint_without_not_valid",
    title: "Constraint added without NOT VALID",
    level: Level::Warn,
    categories: &[Category::MigrationSafety],
    description: "Detects ADD FOREIGN KEY and ADD CHECK on a table that had rows before the up file without NOT VALID: every existing row is checked while writes to the table are blocked.",
    remediation: "Add the constraint NOT VALID (instant; new rows are checked from then on), then VALIDATE CONSTRAINT in a separate statement: it checks the existing rows under a SHARE UPDATE EXCLUSIVE lock, which lets reads and writes go on.",
    example: "alter table public.projects add constraint projects_org_id_fkey\n  foreign key (org_id) references public.orgs (id) not valid;\nalter table public.projects validate constraint projects_org_id_fkey;",
};

impl Rule for ConstraintWithoutNotValid {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for up in up_statements(cx, |h| h.starts_with("alter table")) {
            let Some(Ast::AlterTable(at)) = &up.ast else { continue };
            let Some(t) = up.existing(&at.name).filter(|t| t.row_count > 0) else { continue };
            for op in &at.operations {
                let AlterTableOperation::AddConstraint { constraint, not_valid: false } = op else { continue };
                let (kind, name, lock) = match constraint {
                    TableConstraint::ForeignKey(fk) => ("FOREIGN KEY", &fk.name, "SHARE ROW EXCLUSIVE locks on both tables"),
                    TableConstraint::Check(c) => ("CHECK", &c.name, "an ACCESS EXCLUSIVE lock"),
                    _ => continue,
                };
                let object = name.as_ref().map(|n| format!("constraint {} on {}", ident(n), t.qualified())).unwrap_or_else(|| t.qualified());
                let detail = format!(
                    "ADD {kind} on {} without NOT VALID checks all {} it had before this file while holding {lock}, which blocks writes",
                    t.qualified(),
                    rows(t.row_count)
                );
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
    fn foreign_key_and_check_without_not_valid() {
        let sql = "alter table projects add column org_id uuid;\n\
                   alter table projects add constraint projects_org_id_fkey foreign key (org_id) references orgs (id);\n\
                   alter table projects add check (name <> '');";
        let f = Sim::new(catalog(2), sql).check(&RULE);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!((f[0].level, f[0].object.as_str(), f[0].file.as_deref(), f[0].line), (Level::Warn, "constraint projects_org_id_fkey on public.projects", Some(FILE), Some(2)));
        assert_eq!((f[1].object.as_str(), f[1].line), ("public.projects", Some(3)));
        assert!(f[1].detail.contains("ACCESS EXCLUSIVE"));
    }

    #[test]
    fn not_valid_then_validate_empty_and_new_tables_find_nothing() {
        let good = "alter table projects add constraint projects_org_id_fkey foreign key (org_id) references orgs (id) not valid;\n\
                    alter table projects validate constraint projects_org_id_fkey;\n\
                    alter table orgs add constraint orgs_c check (id is not null);\n\
                    create table t (id int);\n\
                    alter table t add constraint t_c check (id > 0);";
        assert_eq!(Sim::new(catalog(2), good).check(&RULE), vec![]);
    }
}
