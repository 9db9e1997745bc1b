//! adding_required_column: a NOT NULL column added to, or made required on, a table that existed
//! before the up file, and a column whose filling rewrote such a table.
//!
//! - `ADD COLUMN … NOT NULL` without a default: Postgres refuses it on a table with rows (23502).
//!   Refused here: ERROR (the error is the symptom, this names the hazard). Ran because the table
//!   was empty in the simulation: WARN while the table is taken to be production-sized (the
//!   project's table sizes), nothing when the sizes say it is empty. Ran although the table had
//!   rows before the file (deleted earlier in it): ERROR.
//! - `ADD COLUMN … DEFAULT <volatile>` (gen_random_uuid(), clock_timestamp() …), a stored generated
//!   column, a serial: a constant default is stored once (no rewrite), these are computed for every
//!   row: the run measured a table rewrite (table_rewrite event) under the ACCESS EXCLUSIVE lock
//!   (WARN). A default Postgres can evaluate once (now(), to_timestamp(0), any non-volatile
//!   expression) needs no rewrite and is not reported — measured, not guessed from the text.
//! - `ALTER COLUMN … SET NOT NULL` on a table with rows: Postgres scans every row under the ACCESS
//!   EXCLUSIVE lock, unless a validated `CHECK (col IS NOT NULL)` proves it first (WARN). The
//!   check may come from an earlier migration (the catalog before the file has it) or from this
//!   file (added, or validated, by an earlier statement).

use super::{ident, resolve, rows, up_statements_and_failures};
use crate::lint::{Category, Context, Finding, Level, PeerDifference, Rule, RuleDoc};
use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnOption, Statement as Ast, TableConstraint,
};
use std::collections::BTreeMap;

pub struct AddingRequiredColumn;
pub static RULE: AddingRequiredColumn = AddingRequiredColumn;

static DOC: RuleDoc = RuleDoc {
    id: "adding_required_column",
    title: "Adding a required (NOT NULL) column, or one that rewrites the table",
    level: Level::Warn,
    categories: &[Category::MigrationSafety],
    description: "Detects ADD COLUMN … NOT NULL without a default (fails on a table with rows), ADD COLUMN with a volatile default, a stored generated column or a serial (the run measured a full table rewrite) and SET NOT NULL without a validated CHECK (col IS NOT NULL) (a full scan under an ACCESS EXCLUSIVE lock) on tables that existed before the up file.",
    remediation: "Add the column nullable (or with a constant default, which needs no rewrite), backfill it in batches, add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it (no exclusive lock), then SET NOT NULL (Postgres uses the validated check instead of scanning) and drop the check. \
                  Compared with squawk: a default squawk does not know to be safe (to_timestamp(0), a user function declared IMMUTABLE) is reported here only when Postgres really rewrote the table, \
                  and a stored generated NOT NULL column is reported here (squawk's adding-required-field leaves it to adding-field-with-default, which flags it too).",
    example: "alter table public.projects add column org_id uuid;\n-- backfill in batches …\nalter table public.projects add constraint projects_org_id_not_null check (org_id is not null) not valid;\nalter table public.projects validate constraint projects_org_id_not_null;\nalter table public.projects alter column org_id set not null;\nalter table public.projects drop constraint projects_org_id_not_null;",
    example_postgres: "",
    differences: &[
        PeerDifference {
            id: "generated_column_rewrite",
            peer: "squawk",
            peer_rule: "adding-required-field",
            text: "A stored generated column, NOT NULL or not, is reported: the run measured the table rewrite that computes it for every row under the ALTER's ACCESS EXCLUSIVE lock. squawk's adding-required-field leaves generated columns out; its adding-field-with-default reports the same statement.",
        },
        PeerDifference {
            id: "non_volatile_default_no_rewrite",
            peer: "squawk",
            peer_rule: "adding-field-with-default",
            text: "A default that Postgres evaluates once is not reported; squawk reports any function call it does not know. Postgres rewrites the table only when the default is still volatile after planning: to_timestamp(0) and now() are not, and a volatile SQL function whose body is a constant is inlined to that constant. Checked on PostgreSQL 15: adding a column with default to_timestamp(0), now() or such a function (select '{}'::jsonb) keeps the table's file (no rewrite), gen_random_uuid() rewrites it. The run measures the rewrite on every ADD COLUMN, so what is reported is what Postgres did.",
        },
    ],
};

/// `expr` is exactly `col IS NOT NULL` (parentheses, quotes and spacing aside).
fn proves_not_null(expr: &str, col: &str) -> bool {
    let norm: String = expr
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '"'))
        .collect::<String>()
        .to_lowercase();
    norm == format!("{col}isnotnull")
}

impl Rule for AddingRequiredColumn {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        // CHECK (col IS NOT NULL) constraints known so far, by (table, constraint) → (column, validated):
        // those of the catalog before each up file, then what its statements add and validate.
        let mut checks: BTreeMap<(String, String), (String, bool)> = BTreeMap::new();
        let mut seeded: Vec<&crate::catalog::Snapshot> = Vec::new();
        for up in up_statements_and_failures(cx, |h| h.starts_with("alter table")) {
            if let Some(b) = up.before.filter(|b| !seeded.iter().any(|s| std::ptr::eq(*s, *b))) {
                seeded.push(b);
                for c in b.constraints.iter().filter(|c| c.kind == "check") {
                    let expr =
                        c.definition.trim_start_matches("CHECK").trim_end_matches(" NOT VALID");
                    if let Some(col) = not_null_column(expr) {
                        checks
                            .entry((format!("{}.{}", c.schema, c.table), c.name.clone()))
                            .or_insert((col, c.validated));
                    }
                }
            }
            let Some(Ast::AlterTable(at)) = &up.ast else { continue };
            let failed = up.sqlstate();
            let key = up.before.and_then(|b| resolve(b, &at.name)).map(|t| t.qualified());
            for op in at.operations.iter().filter(|_| failed.is_none()) {
                match op {
                    AlterTableOperation::AddConstraint {
                        constraint: TableConstraint::Check(c),
                        not_valid,
                    } => {
                        let (Some(k), Some(name)) = (&key, &c.name) else { continue };
                        if let Some(col) = not_null_column(&c.expr.to_string()) {
                            checks.insert((k.clone(), ident(name)), (col, !not_valid));
                        }
                    }
                    AlterTableOperation::ValidateConstraint { name } => {
                        if let Some(k) = &key {
                            if let Some(v) = checks.get_mut(&(k.clone(), ident(name))) {
                                v.1 = true;
                            }
                        }
                    }
                    _ => {}
                }
            }
            let Some(t) = up.existing(&at.name) else { continue };
            let table = t.qualified();
            let size = up.size(t);
            for op in &at.operations {
                match op {
                    AlterTableOperation::AddColumn { column_def: c, .. } => {
                        let opts = || c.options.iter().map(|o| &o.option);
                        let not_null = opts().any(|o| {
                            matches!(o, ColumnOption::NotNull | ColumnOption::PrimaryKey(_))
                        });
                        let has_default = opts().any(|o| {
                            matches!(
                                o,
                                ColumnOption::Default(_)
                                    | ColumnOption::Generated { .. }
                                    | ColumnOption::Identity(_)
                            )
                        }) || matches!(
                            c.data_type.to_string().to_lowercase().as_str(),
                            "serial"
                                | "bigserial"
                                | "smallserial"
                                | "serial2"
                                | "serial4"
                                | "serial8"
                        );
                        let col = format!("{table}.{}", ident(&c.name));
                        if not_null && !has_default {
                            let f = match failed {
                                Some("23502") => Finding::new(&col, Level::Error, format!("{col} is added NOT NULL without a default and Postgres refused it (23502): {table} has rows, which would all be NULL in it; add it nullable, backfill, then make it required")),
                                Some(_) => continue,
                                None if t.row_count > 0 => Finding::new(&col, Level::Error, format!("{col} is added NOT NULL without a default while {table} had {} before this file: on existing rows it fails (23502) unless they are backfilled first", rows(t.row_count))),
                                None if size.has_rows() => Finding::new(&col, Level::Warn, format!("{col} is added NOT NULL without a default: it ran here only because {table} was empty; on a database where {table} has rows ({}) it fails with a not-null violation (23502)", size.describe())),
                                None => continue,
                            };
                            out.push(f.at(up.file, up.line()));
                        } else if failed.is_none() && up.rewrote(t) && size.has_rows() {
                            let how = if not_null {
                                "is added NOT NULL with a default computed for every row"
                            } else {
                                "is added with a value computed for every row (a volatile default, a stored generated column or a serial)"
                            };
                            out.push(
                                Finding::new(&col, Level::Warn, format!("{col} {how}: Postgres rewrote the whole of {table} ({}) to fill it, holding an ACCESS EXCLUSIVE lock throughout", size.describe()))
                                    .at(up.file, up.line()),
                            );
                        }
                    }
                    AlterTableOperation::AlterColumn {
                        column_name,
                        op: AlterColumnOperation::SetNotNull,
                    } if failed.is_none() && size.has_rows() => {
                        let col = ident(column_name);
                        let proven = checks.iter().any(|((tb, _), (c, validated))| {
                            *tb == table && *c == col && *validated
                        });
                        if !proven {
                            let q = format!("{table}.{col}");
                            out.push(
                                Finding::new(&q, Level::Warn, format!("SET NOT NULL on {q} scans every row of {table} ({}) under an ACCESS EXCLUSIVE lock; a validated CHECK ({col} IS NOT NULL) added first would spare the scan", size.describe()))
                                    .at(up.file, up.line()),
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
        out
    }
}

/// The column `expr` proves NOT NULL: exactly `col IS NOT NULL` (parentheses, quotes, spacing and
/// case aside), as sqlparser prints it or pg_get_constraintdef deparses it.
fn not_null_column(expr: &str) -> Option<String> {
    let col = expr
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|ch| ch == '(' || ch == '"')
        .to_lowercase();
    (!col.is_empty() && proves_not_null(expr, &col)).then_some(col)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{catalog, Sim, FILE};
    use super::*;

    #[test]
    fn not_null_without_default_is_an_error_with_rows_and_a_warning_without() {
        let sql = "select 1;\nalter table projects add column org_id uuid not null;";
        let f = Sim::new(catalog(3), sql).check(&RULE);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(
            (f[0].level, f[0].object.as_str(), f[0].file.as_deref(), f[0].line),
            (Level::Error, "public.projects.org_id", Some(FILE), Some(2))
        );
        // Empty in the simulation: production-sized by default, so still a hazard …
        let f = Sim::new(catalog(0), sql).check(&RULE);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].level, Level::Warn);
        assert!(
            f[0].detail.contains("was empty") && f[0].detail.contains("assumed production-sized"),
            "{}",
            f[0].detail
        );
        // … unless the project says to trust the simulated rows.
        assert_eq!(Sim::new(catalog(0), sql).simulated().check(&RULE), vec![]);
    }

    #[test]
    fn refused_for_the_rows_it_would_leave_null() {
        let mut sim = Sim::new(catalog(3), "alter table projects add column org_id uuid not null;");
        sim.st(0).status = crate::run_result::Status::Failed;
        sim.st(0).error = Some(crate::run_result::LocatedError {
            file: FILE.into(),
            line: 1,
            column: 1,
            sqlstate: "23502".into(),
            message: "column \"org_id\" of relation \"projects\" contains null values".into(),
            detail: None,
            hint: None,
            where_: None,
            located_by: "statement".into(),
            splitter_note: None,
        });
        let f = sim.check(&RULE);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(
            (f[0].level, f[0].object.as_str(), f[0].line),
            (Level::Error, "public.projects.org_id", Some(1))
        );
        assert!(f[0].detail.contains("refused it (23502)"), "{}", f[0].detail);
    }

    #[test]
    fn volatile_default_is_flagged_only_when_the_run_measured_a_rewrite() {
        let sql =
            "alter table public.projects add column token uuid not null default gen_random_uuid();";
        let mut sim = Sim::new(catalog(5), sql);
        assert!(sim.check(&RULE).is_empty());
        sim.st(0).rewrites = vec!["public.projects".into()];
        let f = sim.check(&RULE);
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].level, f[0].line), (Level::Warn, Some(1)));
        assert!(f[0].detail.contains("rewrote the whole of public.projects (assumed production-sized; 5 rows in the simulation)"), "{}", f[0].detail);
        // A nullable column filled for every row is a rewrite too.
        let mut sim = Sim::new(
            catalog(0),
            "alter table public.projects add column token uuid default gen_random_uuid();",
        );
        sim.st(0).rewrites = vec!["public.projects".into()];
        assert_eq!(sim.check(&RULE).len(), 1);
        assert_eq!(sim.simulated().check(&RULE), vec![], "an empty table is rewritten in no time");
    }

    #[test]
    fn a_check_validated_from_an_earlier_migration_proves_not_null() {
        let mut before = catalog(4);
        before.constraints.push(crate::catalog::Constraint {
            schema: "public".into(),
            table: "projects".into(),
            name: "projects_owner_nn".into(),
            kind: "check".into(),
            definition: "CHECK ((owner IS NOT NULL)) NOT VALID".into(),
            validated: false,
            columns: vec!["owner".into()],
            ref_schema: None,
            ref_table: None,
            ref_columns: None,
            on_delete: None,
        });
        let good = "alter table projects validate constraint projects_owner_nn;\nalter table projects alter column owner set not null;";
        assert_eq!(Sim::new(before.clone(), good).check(&RULE), vec![]);
        // Not validated: the scan stays.
        assert_eq!(
            Sim::new(before, "alter table projects alter column owner set not null;")
                .check(&RULE)
                .len(),
            1
        );
    }

    #[test]
    fn set_not_null_scans_unless_a_validated_check_proves_it() {
        let bad = "alter table projects add column org_id uuid;\nalter table projects alter column org_id set not null;";
        let f = Sim::new(catalog(4), bad).check(&RULE);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(
            (f[0].level, f[0].object.as_str(), f[0].line),
            (Level::Warn, "public.projects.org_id", Some(2))
        );
        // Still scans: the check was never validated.
        let unvalidated = "alter table projects add constraint c check (org_id is not null) not valid;\nalter table projects alter column org_id set not null;";
        assert_eq!(Sim::new(catalog(4), unvalidated).check(&RULE).len(), 1);
    }

    #[test]
    fn the_safe_pattern_finds_nothing() {
        let good = "alter table projects add column org_id uuid;\n\
                    alter table projects add column active boolean not null default true;\n\
                    alter table projects add constraint projects_org_id_nn check (org_id is not null) not valid;\n\
                    alter table projects validate constraint projects_org_id_nn;\n\
                    alter table projects alter column org_id set not null;\n\
                    create table t (id int not null);\n\
                    alter table t add column x int not null;";
        assert_eq!(Sim::new(catalog(4), good).check(&RULE), vec![]);
        // SET NOT NULL on a table that is empty (by the simulated rows) costs nothing; by default
        // the table is taken to be production-sized.
        let set = "alter table projects alter column owner set not null;";
        assert_eq!(Sim::new(catalog(0), set).simulated().check(&RULE), vec![]);
        assert_eq!(Sim::new(catalog(0), set).check(&RULE).len(), 1);
    }
}
