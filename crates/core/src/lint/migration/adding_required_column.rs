//! adding_required_column: a NOT NULL column added to, or made required on, a table that existed
//! before the up file.
//!
//! - `ADD COLUMN … NOT NULL` without a default: Postgres refuses it on a table with rows (23502),
//!   so it only ran here because the table was empty (WARN: with production rows it fails), or the
//!   rows were gone by then (ERROR).
//! - `ADD COLUMN … NOT NULL DEFAULT <volatile>` (gen_random_uuid(), clock_timestamp() …): a
//!   constant default is stored once (no rewrite), a volatile one is computed for every row: the
//!   run measured a table rewrite (table_rewrite event) under the ACCESS EXCLUSIVE lock (WARN).
//! - `ALTER COLUMN … SET NOT NULL` on a table with rows: Postgres scans every row under the ACCESS
//!   EXCLUSIVE lock, unless a validated `CHECK (col IS NOT NULL)` proves it first (WARN).

use super::{ident, resolve, rows, up_statements};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};
use sqlparser::ast::{AlterColumnOperation, AlterTableOperation, ColumnOption, Statement as Ast, TableConstraint};
use std::collections::BTreeMap;

pub struct AddingRequiredColumn;
pub static RULE: AddingRequiredColumn = AddingRequiredColumn;

static DOC: RuleDoc = RuleDoc {
    id: "adding_required_column",
    title: "Adding a required (NOT NULL) column",
    level: Level::Warn,
    categories: &[Category::MigrationSafety],
    description: "Detects ADD COLUMN … NOT NULL without a default (fails on a table with rows), NOT NULL with a volatile default (the run measured a full table rewrite) and SET NOT NULL (a full scan under an ACCESS EXCLUSIVE lock) on tables that existed before the up file.",
    remediation: "Add the column nullable (or with a constant default, which needs no rewrite), backfill it in batches, add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it (no exclusive lock), then SET NOT NULL (Postgres uses the validated check instead of scanning) and drop the check.",
    example: "alter table public.projects add column org_id uuid;\n-- backfill in batches …\nalter table public.projects add constraint projects_org_id_not_null check (org_id is not null) not valid;\nalter table public.projects validate constraint projects_org_id_not_null;\nalter table public.projects alter column org_id set not null;\nalter table public.projects drop constraint projects_org_id_not_null;",
};

/// `expr` is exactly `col IS NOT NULL` (parentheses, quotes and spacing aside).
fn proves_not_null(expr: &str, col: &str) -> bool {
    let norm: String = expr.chars().filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '"')).collect::<String>().to_lowercase();
    norm == format!("{col}isnotnull")
}

impl Rule for AddingRequiredColumn {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        // CHECK (col IS NOT NULL) constraints added so far, by (table, constraint) → (column, validated).
        let mut checks: BTreeMap<(String, String), (String, bool)> = BTreeMap::new();
        for up in up_statements(cx, |h| h.starts_with("alter table")) {
            let Some(Ast::AlterTable(at)) = &up.ast else { continue };
            let key = up.before.and_then(|b| resolve(b, &at.name)).map(|t| t.qualified());
            for op in &at.operations {
                match op {
                    AlterTableOperation::AddConstraint { constraint: TableConstraint::Check(c), not_valid } => {
                        let (Some(k), Some(name)) = (&key, &c.name) else { continue };
                        let expr = c.expr.to_string();
                        let col = expr.split_whitespace().next().unwrap_or("").trim_matches(|ch| ch == '(' || ch == '"').to_lowercase();
                        if !col.is_empty() && proves_not_null(&expr, &col) {
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
            for op in &at.operations {
                match op {
                    AlterTableOperation::AddColumn { column_def: c, .. } => {
                        let opts = || c.options.iter().map(|o| &o.option);
                        let not_null = opts().any(|o| matches!(o, ColumnOption::NotNull | ColumnOption::PrimaryKey(_)));
                        let has_default = opts().any(|o| matches!(o, ColumnOption::Default(_) | ColumnOption::Generated { .. } | ColumnOption::Identity(_)))
                            || matches!(c.data_type.to_string().to_lowercase().as_str(), "serial" | "bigserial" | "smallserial" | "serial2" | "serial4" | "serial8");
                        if !not_null {
                            continue;
                        }
                        let col = format!("{table}.{}", ident(&c.name));
                        if !has_default {
                            let f = if t.row_count > 0 {
                                Finding::new(&col, Level::Error, format!("{col} is added NOT NULL without a default while {table} had {} before this file: on existing rows it fails (23502) unless they are backfilled first", rows(t.row_count)))
                            } else {
                                Finding::new(&col, Level::Warn, format!("{col} is added NOT NULL without a default: it ran here only because {table} was empty; on a database where {table} has rows it fails with a not-null violation (23502)"))
                            };
                            out.push(f.at(up.file, up.line()));
                        } else if up.rewrote(t) && t.row_count > 0 {
                            out.push(
                                Finding::new(&col, Level::Warn, format!("{col} is added NOT NULL with a volatile default: Postgres rewrote all {} of {table} to fill it, holding an ACCESS EXCLUSIVE lock throughout", rows(t.row_count)))
                                    .at(up.file, up.line()),
                            );
                        }
                    }
                    AlterTableOperation::AlterColumn { column_name, op: AlterColumnOperation::SetNotNull } if t.row_count > 0 => {
                        let col = ident(column_name);
                        let proven = checks.iter().any(|((tb, _), (c, validated))| *tb == table && *c == col && *validated);
                        if !proven {
                            let q = format!("{table}.{col}");
                            out.push(
                                Finding::new(&q, Level::Warn, format!("SET NOT NULL on {q} scans all {} of {table} under an ACCESS EXCLUSIVE lock; a validated CHECK ({col} IS NOT NULL) added first would spare the scan", rows(t.row_count)))
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

#[cfg(test)]
mod tests {
    use super::super::testing::{catalog, Sim, FILE};
    use super::*;

    #[test]
    fn not_null_without_default_is_an_error_with_rows_and_a_warning_without() {
        let sql = "select 1;\nalter table projects add column org_id uuid not null;";
        let f = Sim::new(catalog(3), sql).check(&RULE);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!((f[0].level, f[0].object.as_str(), f[0].file.as_deref(), f[0].line), (Level::Error, "public.projects.org_id", Some(FILE), Some(2)));
        let f = Sim::new(catalog(0), sql).check(&RULE);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].level, Level::Warn);
        assert!(f[0].detail.contains("was empty"), "{}", f[0].detail);
    }

    #[test]
    fn volatile_default_is_flagged_only_when_the_run_measured_a_rewrite() {
        let sql = "alter table public.projects add column token uuid not null default gen_random_uuid();";
        let mut sim = Sim::new(catalog(5), sql);
        assert!(sim.check(&RULE).is_empty());
        sim.st(0).rewrites = vec!["public.projects".into()];
        let f = sim.check(&RULE);
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].level, f[0].line), (Level::Warn, Some(1)));
        assert!(f[0].detail.contains("rewrote all 5 rows"), "{}", f[0].detail);
    }

    #[test]
    fn set_not_null_scans_unless_a_validated_check_proves_it() {
        let bad = "alter table projects add column org_id uuid;\nalter table projects alter column org_id set not null;";
        let f = Sim::new(catalog(4), bad).check(&RULE);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!((f[0].level, f[0].object.as_str(), f[0].line), (Level::Warn, "public.projects.org_id", Some(2)));
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
        // SET NOT NULL on an empty table costs nothing.
        assert_eq!(Sim::new(catalog(0), "alter table projects alter column owner set not null;").check(&RULE), vec![]);
    }
}
