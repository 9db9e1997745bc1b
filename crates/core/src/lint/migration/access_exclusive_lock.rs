//! access_exclusive_lock: up statements that took an ACCESS EXCLUSIVE lock on a table that existed
//! before the up file. Measured, not guessed: the DDL log's event trigger records the tables on
//! which the session held that lock when each statement's DDL ended (`StatementRun::locks`; inside
//! BEGIN … COMMIT, charged to the first statement that held it), and which tables it rewrote.
//!
//! Such a lock blocks every query on the table, reads included, for as long as it is held — and
//! while the statement waits for it behind a long-running query, everything else queues behind
//! the statement. WARN when the table may hold rows (the project's table sizes: by default every
//! existing table is taken to be production-sized), INFO when it is empty. Tables the same file
//! created (locked by their creator, harmlessly) are left out.

use super::up_statements_unparsed;
use crate::lint::table_sizes::Size;
use crate::lint::{Category, Context, Finding, Level, Rule, RuleDoc};

pub struct AccessExclusiveLock;
pub static RULE: AccessExclusiveLock = AccessExclusiveLock;

static DOC: RuleDoc = RuleDoc {
    id: "access_exclusive_lock",
    title: "ACCESS EXCLUSIVE lock on an existing table",
    level: Level::Warn,
    categories: &[Category::MigrationSafety],
    description: "Lists the up statements that held an ACCESS EXCLUSIVE lock on a table that existed before the up file, as measured during the run: every query on the table, reads included, waits while it is held or waited for.",
    remediation: "Keep such statements short: set a lock_timeout so a statement stuck behind a long query fails fast (and retry it) instead of queueing all traffic behind it; avoid table rewrites under the lock; run each in its own transaction, not in one with a long backfill.",
    example: "set lock_timeout = '2s';\nalter table public.projects enable row level security;\nreset lock_timeout;",
    example_postgres: "",
    differences: &[],
};

impl Rule for AccessExclusiveLock {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, cx: &Context) -> Vec<Finding> {
        // One finding per table and file (the first statement's line), listing every statement
        // that held the lock: a file that enables RLS and adds five policies locks one table six times.
        // (file, table) → the statements (line, rewrote) and the table's size.
        type Seen = ((String, String), Vec<(usize, bool)>, Size);
        let mut seen: Vec<Seen> = Vec::new();
        for up in up_statements_unparsed(cx) {
            let Some(before) = up.before else { continue };
            for rel in &up.run.locks {
                let Some(t) = before.table(rel) else { continue };
                let key = (up.file.to_string(), t.qualified());
                let hit = (up.line(), up.rewrote(t));
                match seen.iter_mut().find(|(k, _, _)| *k == key) {
                    Some((_, lines, _)) => lines.push(hit),
                    None => seen.push((key, vec![hit], up.size(t))),
                }
            }
        }
        seen.into_iter()
            .map(|((file, table), hits, size)| {
                let level = if size.has_rows() { Level::Warn } else { Level::Info };
                let had = size.describe();
                let lines: Vec<String> = hits.iter().map(|(l, _)| l.to_string()).collect();
                let rewrote: Vec<String> = hits.iter().filter(|(_, r)| *r).map(|(l, _)| l.to_string()).collect();
                let which = if hits.len() == 1 { format!("the statement at line {}", lines[0]) } else { format!("{} statements (lines {})", hits.len(), lines.join(", ")) };
                let how = if rewrote.is_empty() {
                    "catalog changes, brief once granted; while one waits for the lock, every other query on the table waits behind it".to_string()
                } else {
                    format!("the statement at line{} {} rewrote the whole table while holding it", if rewrote.len() == 1 { "" } else { "s" }, rewrote.join(", "))
                };
                let detail = format!("{which} held an ACCESS EXCLUSIVE lock on {table} ({had}): {how}");
                Finding::new(table, level, detail).at(file, hits[0].0)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{catalog, Sim, FILE};
    use super::*;

    #[test]
    fn measured_locks_on_existing_tables() {
        let sql = "alter table projects add column org_id uuid;\nalter table orgs enable row level security;\ncreate table t (id int);\nalter table projects alter column name type varchar(9);";
        let mut sim = Sim::new(catalog(5), sql);
        sim.st(0).locks = vec!["public.projects".into()];
        sim.st(1).locks = vec!["public.orgs".into()];
        sim.st(2).locks = vec!["public.t".into()];
        sim.st(3).locks = vec!["public.projects".into()];
        sim.st(3).rewrites = vec!["public.projects".into()];
        let f = sim.check(&RULE);
        // One per table and file: projects' two statements are listed together.
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(
            (f[0].level, f[0].object.as_str(), f[0].file.as_deref(), f[0].line),
            (Level::Warn, "public.projects", Some(FILE), Some(1))
        );
        assert!(
            f[0].detail.contains("2 statements (lines 1, 4)")
                && f[0].detail.contains("line 4 rewrote"),
            "{}",
            f[0].detail
        );
        assert_eq!(
            (f[1].level, f[1].object.as_str(), f[1].line),
            (Level::Warn, "public.orgs", Some(2)),
            "production-sized by default"
        );
        let f = sim.simulated().check(&RULE);
        assert_eq!(
            (f[1].level, f[1].object.as_str()),
            (Level::Info, "public.orgs"),
            "empty by the simulated rows"
        );
        assert!(f[1].detail.contains("(0 rows before this file)"), "{}", f[1].detail);
    }

    #[test]
    fn nothing_measured_nothing_found() {
        let sim = Sim::new(catalog(5), "create index concurrently i on projects (name);\nalter table projects add column x int;");
        assert_eq!(sim.check(&RULE), vec![]);
    }
}
