//! constraint_without_not_valid: `ADD FOREIGN KEY` / `ADD CHECK` (and a column added with an
//! inline `REFERENCES`) on a table that existed before the up file and may hold rows (the project's
//! table sizes), without NOT VALID: Postgres checks every existing row while holding a lock that
//! blocks writes (SHARE ROW EXCLUSIVE on both tables for a foreign key, ACCESS EXCLUSIVE for a
//! check). With NOT VALID the constraint applies to new rows at once, and a separate
//! `VALIDATE CONSTRAINT` checks the old ones under a lock that lets reads and writes go on —
//! unless the VALIDATE runs in the same transaction block as the ADD, which still holds the ADD's
//! lock: that is reported too.
//!
//! Statements run here as psql runs a file: each commits on its own unless the file opens a
//! transaction block (BEGIN … COMMIT). A migration tool that wraps every file in one transaction
//! (squawk's `assume_in_transaction`) turns an ADD … NOT VALID followed by VALIDATE in the same
//! file into the locked case; that is not visible in the file and is said in the rule's docs.

use super::{ident, up_statements};
use crate::lint::{Category, Context, Finding, Level, PeerDifference, Rule, RuleDoc};
use sqlparser::ast::{AlterTableOperation, ColumnOption, Statement as Ast, TableConstraint};
use std::collections::BTreeMap;

pub struct ConstraintWithoutNotValid;
pub static RULE: ConstraintWithoutNotValid = ConstraintWithoutNotValid;

static DOC: RuleDoc = RuleDoc {
    id: "constraint_without_not_valid",
    title: "Constraint added without NOT VALID",
    level: Level::Warn,
    categories: &[Category::MigrationSafety],
    description: "Detects ADD FOREIGN KEY, ADD CHECK and ADD COLUMN … REFERENCES without NOT VALID on a table that existed before the up file (every existing row is checked while writes are blocked), and VALIDATE CONSTRAINT in the same transaction block as its ADD … NOT VALID (the ADD's lock is still held while the validation scans).",
    remediation: "Add the constraint NOT VALID (instant; new rows are checked from then on), then VALIDATE CONSTRAINT in a separate transaction: it checks the existing rows under a SHARE UPDATE EXCLUSIVE lock, which lets reads and writes go on. \
                  An inline REFERENCES cannot be NOT VALID: add the column plain, then the foreign key NOT VALID, then validate it. \
                  The file is judged as it runs here, each statement committing on its own outside BEGIN … COMMIT; if your migration tool wraps each file in one transaction (as squawk assumes with assume_in_transaction), put the VALIDATE in the next migration file.",
    example: "alter table public.projects add constraint projects_org_id_fkey\n  foreign key (org_id) references public.orgs (id) not valid;\nalter table public.projects validate constraint projects_org_id_fkey;",
    example_postgres: "",
    differences: &[
        PeerDifference {
            id: "file_runs_statement_by_statement",
            peer: "squawk",
            peer_rule: "constraint-missing-not-valid",
            text: "ADD … NOT VALID followed by VALIDATE in the same file is not reported when no BEGIN … COMMIT joins them; squawk reports it when told that the migration tool wraps each file in a transaction (assume_in_transaction). Run as psql runs it, each statement commits on its own: the ADD's lock is released before VALIDATE starts, and VALIDATE holds only SHARE UPDATE EXCLUSIVE (checked on PostgreSQL 15), so reads and writes go on. With a tool that wraps files in a transaction, put VALIDATE in the next file.",
        },
        PeerDifference {
            id: "validate_in_same_block",
            peer: "squawk",
            peer_rule: "adding-foreign-key-constraint",
            text: "VALIDATE CONSTRAINT inside the same BEGIN … COMMIT as its ADD FOREIGN KEY … NOT VALID is reported; squawk's adding-foreign-key-constraint accepts it, its constraint-missing-not-valid reports it. The transaction still holds the ADD's SHARE ROW EXCLUSIVE locks while VALIDATE checks every row, so writes wait as if NOT VALID had not been used.",
        },
    ],
};

impl Rule for ConstraintWithoutNotValid {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        // The open transaction block (a number per BEGIN; none outside one) and the constraints
        // added NOT VALID in it: (table, constraint) → (block, line, lock).
        let mut block: Option<usize> = None;
        let mut blocks = 0;
        let mut file = "";
        let mut not_valid: BTreeMap<(String, String), (usize, usize, &'static str)> =
            BTreeMap::new();
        let heads = |h: &str| {
            ["alter table", "begin", "start transaction", "commit", "end", "rollback", "abort"]
                .iter()
                .any(|w| h.starts_with(w))
        };
        for up in up_statements(cx, heads) {
            if up.file != file {
                (file, block) = (up.file, None);
            }
            match &up.ast {
                Some(Ast::StartTransaction { .. }) => {
                    blocks += 1;
                    block = Some(blocks);
                }
                Some(Ast::Commit { .. }) | Some(Ast::Rollback { savepoint: None, .. }) => {
                    block = None
                }
                Some(Ast::AlterTable(at)) => {
                    let Some(t) = up.existing(&at.name) else { continue };
                    let size = up.size(t);
                    for op in &at.operations {
                        match op {
                            AlterTableOperation::AddConstraint { constraint, not_valid: nv } => {
                                let (kind, name, lock) = match constraint {
                                    TableConstraint::ForeignKey(fk) => (
                                        "FOREIGN KEY",
                                        &fk.name,
                                        "SHARE ROW EXCLUSIVE locks on both tables",
                                    ),
                                    TableConstraint::Check(c) => {
                                        ("CHECK", &c.name, "an ACCESS EXCLUSIVE lock")
                                    }
                                    _ => continue,
                                };
                                if *nv {
                                    if let (Some(b), Some(n)) = (block, name) {
                                        not_valid.insert(
                                            (t.qualified(), ident(n)),
                                            (b, up.line(), lock),
                                        );
                                    }
                                    continue;
                                }
                                if !size.has_rows() {
                                    continue;
                                }
                                let object = name
                                    .as_ref()
                                    .map(|n| {
                                        format!("constraint {} on {}", ident(n), t.qualified())
                                    })
                                    .unwrap_or_else(|| t.qualified());
                                let detail = format!("ADD {kind} on {} without NOT VALID checks every row it holds ({}) while holding {lock}, which blocks writes", t.qualified(), size.describe());
                                out.push(
                                    Finding::new(object, Level::Warn, detail)
                                        .at(up.file, up.line()),
                                );
                            }
                            AlterTableOperation::AddColumn { column_def: c, .. }
                                if size.has_rows() =>
                            {
                                let Some(def) = c
                                    .options
                                    .iter()
                                    .find(|o| matches!(o.option, ColumnOption::ForeignKey(_)))
                                else {
                                    continue;
                                };
                                let col = format!("{}.{}", t.qualified(), ident(&c.name));
                                let object = def
                                    .name
                                    .as_ref()
                                    .map(|n| {
                                        format!("constraint {} on {}", ident(n), t.qualified())
                                    })
                                    .unwrap_or_else(|| col.clone());
                                let detail = format!(
                                    "ADD COLUMN {} … REFERENCES adds a foreign key that cannot be NOT VALID: every row of {} ({}) is checked under SHARE ROW EXCLUSIVE locks on both tables, on top of the ALTER's ACCESS EXCLUSIVE lock",
                                    ident(&c.name),
                                    t.qualified(),
                                    size.describe()
                                );
                                out.push(
                                    Finding::new(object, Level::Warn, detail)
                                        .at(up.file, up.line()),
                                );
                            }
                            AlterTableOperation::ValidateConstraint { name } => {
                                let key = (t.qualified(), ident(name));
                                let Some(&(b, added_at, lock)) = not_valid.get(&key) else {
                                    continue;
                                };
                                if block != Some(b) || !size.has_rows() {
                                    continue;
                                }
                                let detail = format!(
                                    "VALIDATE CONSTRAINT {} runs in the same transaction block as its ADD … NOT VALID (line {added_at}), which still holds {lock}: every row of {} ({}) is checked while writes wait; commit between the two",
                                    key.1,
                                    t.qualified(),
                                    size.describe()
                                );
                                out.push(
                                    Finding::new(
                                        format!("constraint {} on {}", key.1, t.qualified()),
                                        Level::Warn,
                                        detail,
                                    )
                                    .at(up.file, up.line()),
                                );
                            }
                            _ => {}
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
    fn foreign_key_and_check_without_not_valid() {
        let sql = "alter table projects add column org_id uuid;\n\
                   alter table projects add constraint projects_org_id_fkey foreign key (org_id) references orgs (id);\n\
                   alter table projects add check (name <> '');";
        let f = Sim::new(catalog(2), sql).check(&RULE);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(
            (f[0].level, f[0].object.as_str(), f[0].file.as_deref(), f[0].line),
            (
                Level::Warn,
                "constraint projects_org_id_fkey on public.projects",
                Some(FILE),
                Some(2)
            )
        );
        assert_eq!((f[1].object.as_str(), f[1].line), ("public.projects", Some(3)));
        assert!(f[1].detail.contains("ACCESS EXCLUSIVE"));
    }

    #[test]
    fn not_valid_then_validate_and_new_tables_find_nothing() {
        let good = "alter table projects add constraint projects_org_id_fkey foreign key (org_id) references orgs (id) not valid;\n\
                    alter table projects validate constraint projects_org_id_fkey;\n\
                    create table t (id int);\n\
                    alter table t add constraint t_c check (id > 0);";
        assert_eq!(Sim::new(catalog(2), good).check(&RULE), vec![]);
    }

    #[test]
    fn inline_references_and_validate_in_the_same_block() {
        let sql = "alter table projects add column org_id int references orgs (id);\n\
                   begin;\n\
                   alter table projects add constraint projects_org_fk foreign key (org_id) references orgs (id) not valid;\n\
                   alter table projects validate constraint projects_org_fk;\n\
                   commit;\n\
                   alter table projects add constraint projects_name_c check (name <> '') not valid;\n\
                   alter table projects validate constraint projects_name_c;";
        let f = Sim::new(catalog(2), sql).check(&RULE);
        let got: Vec<(&str, Option<usize>)> =
            f.iter().map(|f| (f.object.as_str(), f.line)).collect();
        assert_eq!(
            got,
            [
                ("public.projects.org_id", Some(1)),
                ("constraint projects_org_fk on public.projects", Some(4))
            ],
            "{f:#?}"
        );
        assert!(f[1].detail.contains("(line 3)"), "{}", f[1].detail);
    }

    #[test]
    fn an_empty_baseline_is_production_sized_unless_told_otherwise() {
        let sql = "alter table orgs add constraint orgs_c check (id > 0);";
        assert_eq!(Sim::new(catalog(2), sql).check(&RULE).len(), 1);
        assert_eq!(Sim::new(catalog(2), sql).simulated().check(&RULE), vec![]);
    }
}
