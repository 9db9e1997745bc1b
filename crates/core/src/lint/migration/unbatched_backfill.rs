//! unbatched_backfill: one `UPDATE` over a whole table that existed before the up file and may hold
//! rows (the project's table sizes). Every row
//! stays locked against other writers until the statement (and its transaction) ends, and every
//! row leaves a dead copy behind; on a large table that is a long outage for writers.
//!
//! WARN when the UPDATE has no WHERE (the whole table by construction, in production too); INFO
//! when it has one but changed every row the table had in the run (measured: the statement's row
//! count against the table's), which the production data may well do too. Updates inside DO
//! blocks and functions (where batching loops live) are not looked at.

use super::{rows, up_statements};
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};
use sqlparser::ast::{Statement as Ast, TableFactor};

pub struct UnbatchedBackfill;
pub static RULE: UnbatchedBackfill = UnbatchedBackfill;

static DOC: RuleDoc = RuleDoc {
    id: "unbatched_backfill",
    title: "Backfill of a whole table in one UPDATE",
    level: Level::Warn,
    categories: &[Category::MigrationSafety],
    description: "Detects an UPDATE with no WHERE of a table that existed before the up file (WARN), or one whose WHERE matched every row the table had in the run (INFO): all rows stay locked against other writers until it commits.",
    remediation: "Update in batches of a few thousand rows by key range (or `where id in (select … limit n)`), each batch in its own transaction, until no row is left; a DO block or a script loop does it.",
    example: "do $$\ndeclare n int;\nbegin\n  loop\n    update public.projects set org_id = '00000000-0000-0000-0000-000000000001'\n     where id in (select id from public.projects where org_id is null limit 5000);\n    get diagnostics n = row_count;\n    exit when n = 0;\n    commit; -- PG 11+: in a DO block run outside a transaction\n  end loop;\nend\n$$;",
    example_postgres: "",
    differences: &[],
};

impl Rule for UnbatchedBackfill {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for up in up_statements(cx, |h| h.starts_with("update")) {
            let Some(Ast::Update(u)) = &up.ast else { continue };
            let TableFactor::Table { name, .. } = &u.table.relation else { continue };
            let Some(t) = up.existing(name).filter(|t| up.size(t).has_rows()) else { continue };
            let changed = up.run.rows.unwrap_or(0);
            let f = if u.selection.is_none() {
                Finding::new(
                    t.qualified(),
                    Level::Warn,
                    format!("UPDATE of {} has no WHERE: it rewrites every row ({}; {} changed here) in one statement, each locked against other writers until it commits", t.qualified(), up.size(t).describe(), rows(changed as i64)),
                )
            } else if t.row_count > 1 && changed >= t.row_count as u64 {
                Finding::new(
                    t.qualified(),
                    Level::Info,
                    format!("UPDATE of {} changed all {} the table had before this file in one statement, each locked against other writers until it commits", t.qualified(), rows(t.row_count)),
                )
            } else {
                continue;
            };
            out.push(f.at(up.file, up.line()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{catalog, Sim, FILE};
    use super::*;

    #[test]
    fn update_without_where_and_update_of_every_row() {
        let sql = "update projects set owner = 'x';\nupdate public.projects p set owner = o.id::text from orgs o where o.id is not null;";
        let mut sim = Sim::new(catalog(4), sql);
        sim.st(0).rows = Some(4);
        sim.st(1).rows = Some(4);
        let f = sim.check(&RULE);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(
            (f[0].level, f[0].object.as_str(), f[0].file.as_deref(), f[0].line),
            (Level::Warn, "public.projects", Some(FILE), Some(1))
        );
        assert_eq!((f[1].level, f[1].line), (Level::Info, Some(2)));
    }

    #[test]
    fn batched_empty_and_new_tables_find_nothing() {
        let good = "update projects set owner = 'x' where id in (select id from projects where owner is null limit 2);\n\
                    create table t (a int);\n\
                    update t set a = 1;";
        let mut sim = Sim::new(catalog(4), good);
        sim.st(0).rows = Some(2);
        assert_eq!(sim.check(&RULE), vec![]);
        // orgs is empty in the simulation: production-sized unless the simulated rows are trusted.
        let orgs = "update orgs set id = id;";
        assert_eq!(Sim::new(catalog(4), orgs).check(&RULE).len(), 1);
        assert_eq!(Sim::new(catalog(4), orgs).simulated().check(&RULE), vec![]);
    }
}
