//! The migration rules, one per file: how safe each up statement is to run on a live database.
//!
//! What the run measured comes first: the rows each table had before the up file (the snapshot
//! before it), the rows a statement changed, the ACCESS EXCLUSIVE locks it held and the tables it
//! rewrote (the DDL log's event triggers). Where the database cannot tell (was it CONCURRENTLY,
//! NOT VALID, was there a WHERE), the statement is read with sqlparser; a statement it cannot
//! parse yields no finding. Only up statements that ran without error are looked at (one rule also
//! reads the statements Postgres refused, to name the hazard behind the error).
//!
//! How large an existing table is taken to be is the project's setting ([`TableSizes`]): by
//! default every table that existed before the up file is assumed production-sized, whatever rows
//! the simulation gave it, so a schema-only baseline does not silence the rules.

use super::table_sizes::{Size, TableSizes};
use super::{Context, Rule};
use crate::catalog::{Snapshot, Table};
use crate::files::Role;
use crate::run_result::{StatementRun, Status};
use sqlparser::ast::{Ident, ObjectName, ObjectNamePart, Statement as Ast};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

mod access_exclusive_lock;
mod adding_required_column;
mod changing_column_type;
mod constraint_without_not_valid;
mod dropping_in_up_file;
mod index_without_concurrently;
mod renaming_in_up_file;
mod unbatched_backfill;

pub fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &adding_required_column::RULE,
        &index_without_concurrently::RULE,
        &constraint_without_not_valid::RULE,
        &changing_column_type::RULE,
        &dropping_in_up_file::RULE,
        &renaming_in_up_file::RULE,
        &unbatched_backfill::RULE,
        &access_exclusive_lock::RULE,
    ]
}

/// One up statement that ran without error, with what the run knew around it.
pub(crate) struct Up<'a> {
    /// The file's name.
    pub file: &'a str,
    pub run: &'a StatementRun,
    /// The catalog before this statement's file (after the seed for the first up file): a table
    /// in it existed before the migration step, with its row count then.
    pub before: Option<&'a Snapshot>,
    /// The statement as sqlparser read it (PostgreSQL dialect); `None` when it could not.
    pub ast: Option<Ast>,
    /// The project's table-size setting.
    pub sizes: &'a TableSizes,
}

impl Up<'_> {
    /// A table that existed before this statement's file, by the name the statement gives it.
    pub fn existing(&self, name: &ObjectName) -> Option<&Table> {
        resolve(self.before?, name)
    }

    /// How large `t` (a table of `before`) is taken to be when this statement runs.
    pub fn size(&self, t: &Table) -> Size {
        self.sizes.size(&t.qualified(), t.row_count)
    }

    /// The statement's SQLSTATE when Postgres refused it.
    pub fn sqlstate(&self) -> Option<&str> {
        self.run.error.as_ref().map(|e| e.sqlstate.as_str())
    }

    /// The statement's position, for [`super::Finding::at`].
    pub fn line(&self) -> usize {
        self.run.line
    }

    /// Whether the DDL log recorded anything for this DDL statement. When it could not be
    /// installed (no right to create event triggers), nothing is recorded for any statement, so
    /// an empty `rewrites` then proves nothing.
    pub fn measured(&self) -> bool {
        !self.run.touched.is_empty() || !self.run.locks.is_empty() || !self.run.rewrites.is_empty()
    }

    pub fn rewrote(&self, t: &Table) -> bool {
        self.run.rewrites.iter().any(|r| *r == t.qualified())
    }
}

/// The up statements that ran without error, in run order, whose first words (lowercase, single
/// spaces: `alter table`, `create unique index`) `wanted` accepts; parsed only when wanted.
pub(crate) fn up_statements<'a>(cx: &'a Context, wanted: impl Fn(&str) -> bool) -> Vec<Up<'a>> {
    walk(cx, wanted, true, false)
}

/// [`up_statements`], and also the ones Postgres refused (their `run.error` is set).
pub(crate) fn up_statements_and_failures<'a>(
    cx: &'a Context,
    wanted: impl Fn(&str) -> bool,
) -> Vec<Up<'a>> {
    walk(cx, wanted, true, true)
}

/// Every up statement that ran without error, unparsed (for rules that read only measurements).
pub(crate) fn up_statements_unparsed<'a>(cx: &'a Context) -> Vec<Up<'a>> {
    walk(cx, |_| true, false, false)
}

fn walk<'a>(
    cx: &'a Context,
    wanted: impl Fn(&str) -> bool,
    parsed: bool,
    failed_too: bool,
) -> Vec<Up<'a>> {
    let snaps = &cx.run.snapshots;
    let mut out = Vec::new();
    let mut prev = snaps.after_seed.as_ref();
    let mut k = 0;
    for fr in &cx.run.files {
        if fr.role != Role::Up {
            continue;
        }
        let before = prev;
        if let Some((name, s)) = snaps.after_file.get(k) {
            if *name == fr.name {
                prev = Some(s);
                k += 1;
            }
        }
        let Some(pieces) = cx.statements.get(fr.file) else { continue };
        for sr in fr
            .statements
            .iter()
            .filter(|s| s.status == Status::Ok || (failed_too && s.status == Status::Failed))
        {
            // The text may have changed since the run: only a statement still in its place counts.
            let Some(p) = pieces.get(sr.index).filter(|p| p.is_sql() && p.line == sr.line) else {
                continue;
            };
            if !wanted(&head(&p.sql, 3)) {
                continue;
            }
            out.push(Up {
                file: &fr.name,
                run: sr,
                before,
                ast: if parsed { parse(&p.sql) } else { None },
                sizes: cx.table_sizes,
            });
        }
    }
    out
}

/// The first `n` words of a statement, lowercase, single-spaced (comments before them skipped).
pub(crate) fn head(sql: &str, n: usize) -> String {
    let mut rest = sql.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("--") {
            rest = r.split_once('\n').map(|(_, r)| r).unwrap_or("").trim_start();
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r.split_once("*/").map(|(_, r)| r).unwrap_or("").trim_start();
        } else {
            break;
        }
    }
    rest.split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .filter(|w| !w.is_empty())
        .take(n)
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One statement read by sqlparser, or `None` (not exactly one statement, or not understood).
pub(crate) fn parse(sql: &str) -> Option<Ast> {
    let mut v = Parser::parse_sql(&PostgreSqlDialect {}, sql).ok()?;
    (v.len() == 1).then(|| v.remove(0))
}

/// An identifier as Postgres stores it: folded to lower case unless quoted.
pub(crate) fn ident(i: &Ident) -> String {
    match i.quote_style {
        Some(_) => i.value.clone(),
        None => i.value.to_lowercase(),
    }
}

/// The table a (possibly unqualified) name means in `snap`: an unqualified name looks in
/// `public` first (the default search_path), then in the one other schema that has it.
pub(crate) fn resolve<'s>(snap: &'s Snapshot, name: &ObjectName) -> Option<&'s Table> {
    let parts: Vec<String> = name
        .0
        .iter()
        .map(|p| match p {
            ObjectNamePart::Identifier(i) => Some(ident(i)),
            _ => None,
        })
        .collect::<Option<_>>()?;
    match parts.as_slice() {
        [schema, table] => snap.tables.iter().find(|t| t.schema == *schema && t.name == *table),
        [table] => {
            snap.tables.iter().find(|t| t.schema == "public" && t.name == *table).or_else(|| {
                let mut others =
                    snap.tables.iter().filter(|t| t.name == *table && !t.schema.starts_with("pg_"));
                let first = others.next();
                first.filter(|_| others.next().is_none())
            })
        }
        _ => None,
    }
}

pub(crate) use super::table_sizes::rows;

#[cfg(test)]
pub(crate) mod testing {
    //! A one-file run for the rule tests: `before` is the catalog before the up file, every
    //! statement ran fine; tests then set what the run measured (rows, locks, rewrites).
    use super::*;
    use crate::lint::testing::Harness;
    use crate::lint::Finding;
    use crate::profile::Profile;
    use crate::run_result::{FileRun, Outcome, RunResult, Snapshots};

    pub const FILE: &str = "002_up.sql";

    pub struct Sim {
        pub before: Snapshot,
        /// The file's statements (the only file: index 0).
        pub statements: Vec<Vec<crate::split::Statement>>,
        pub table_sizes: TableSizes,
        pub run: RunResult,
    }

    impl Sim {
        pub fn new(before: Snapshot, sql: &str) -> Sim {
            let pieces = crate::split::split(sql);
            let statements = pieces
                .iter()
                .enumerate()
                .map(|(i, s)| StatementRun {
                    file: 0,
                    index: i,
                    line: s.line,
                    column: s.column,
                    end_line: s.end_line,
                    end_column: s.end_column,
                    status: Status::Ok,
                    duration_ms: 0.0,
                    notices: vec![],
                    rows: Some(0),
                    error: None,
                    skip_reason: None,
                    summary: String::new(),
                    touched: vec![("table".into(), "public.x".into())],
                    locks: vec![],
                    rewrites: vec![],
                })
                .collect();
            let run = RunResult {
                profile: Profile::Postgres,
                outcome: Outcome::Completed,
                abort_reason: None,
                shim_statements: 0,
                files: vec![FileRun { file: 0, name: FILE.into(), role: Role::Up, statements }],
                validation: Default::default(),
                snapshots: Snapshots {
                    base: Some(Snapshot::default()),
                    after_seed: Some(before.clone()),
                    after_up: Some(before.clone()),
                    after_file: vec![(FILE.into(), before.clone())],
                    ..Default::default()
                },
                total_ms: 0.0,
                snapshot_ms: 0.0,
                isolation: None,
                platform: Default::default(),
            };
            Sim { before, statements: vec![pieces], table_sizes: TableSizes::default(), run }
        }

        /// The same run, judged with the simulated row counts instead of production-sized tables.
        pub fn simulated(mut self) -> Sim {
            self.table_sizes = TableSizes::Simulated;
            self
        }

        /// The `i`-th statement's run (0-based), to set what was measured.
        pub fn st(&mut self, i: usize) -> &mut StatementRun {
            &mut self.run.files[0].statements[i]
        }

        pub fn check(&self, rule: &dyn Rule) -> Vec<Finding> {
            Harness::new(self.before.clone(), Profile::Postgres)
                .with_run(self.statements.clone(), self.table_sizes.clone(), self.run.clone())
                .check(rule)
        }
    }

    /// `public.<name>` with the given columns (see `catalog::fixture`) and row count.
    pub fn with_rows(snap: Snapshot, table: &str, n: i64) -> Snapshot {
        let mut snap = snap;
        snap.tables.iter_mut().find(|t| t.qualified() == table).expect("table").row_count = n;
        snap
    }

    /// The usual catalog: public.projects (id, name, owner?) with `n` rows and public.orgs (id).
    pub fn catalog(n: i64) -> Snapshot {
        let s = crate::catalog::fixture::Fixture::new()
            .table("public.projects", &["id", "name", "owner?"])
            .table("public.orgs", &["id"])
            .build();
        with_rows(s, "public.projects", n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_skips_comments_and_folds_case() {
        assert_eq!(
            head("-- x\n/* y */ CREATE  Unique\tINDEX i on t(a);", 3),
            "create unique index"
        );
        assert_eq!(head("update t set a = 1", 2), "update t");
    }

    #[test]
    fn names_resolve_like_the_search_path() {
        let s = crate::catalog::fixture::Fixture::new()
            .table("public.users", &["id"])
            .table("auth.users", &["id"])
            .table("app.items", &["id"])
            .build();
        let name = |sql: &str| match parse(sql) {
            Some(Ast::Drop { names, .. }) => names[0].clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(resolve(&s, &name("drop table Users")).unwrap().qualified(), "public.users");
        assert_eq!(resolve(&s, &name("drop table auth.users")).unwrap().qualified(), "auth.users");
        assert_eq!(resolve(&s, &name("drop table items")).unwrap().qualified(), "app.items");
        assert!(resolve(&s, &name("drop table \"Users\"")).is_none());
    }

    #[test]
    fn unparsable_statements_give_nothing() {
        assert!(parse("create table (").is_none());
        assert!(parse("select 1; select 2").is_none());
        // Whatever sqlparser makes of a DO block, it must not panic.
        let _ = parse("do $$ begin perform 1; end $$");
    }
}
