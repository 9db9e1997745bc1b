//! Columns a trigger maintains. An `updated_at` set by a BEFORE UPDATE trigger takes a new value
//! whenever the up or the rollback file updates the row (a backfill, a restore), so after a
//! rollback it holds later timestamps although every value the user wrote came back. That is
//! worth knowing, and not the same as data the rollback failed to restore.
//!
//! Read from the catalog: the table's row-level BEFORE … UPDATE triggers (before the up files,
//! after them, after the rollback), and what each trigger's function assigns: `NEW.col := …` /
//! `NEW.col = …` in its PL/pgSQL body, or the column named in `moddatetime(col)`'s arguments.

use crate::catalog::{Snapshot, Trigger};
use crate::files::Role;
use crate::lint::migration::{parse, resolve};
use crate::lint::splinter::{tokens, Token};
use crate::project::Project;
use crate::run_result::{RunResult, Status};
use crate::split::split;
use serde::{Deserialize, Serialize};
use sqlparser::ast::{Statement as Ast, TableFactor};

/// A column whose changed values a trigger explains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaintainedColumn {
    pub column: String,
    pub trigger: String,
    /// The trigger's function (`schema.name`).
    pub function: String,
    /// When it fires: `BEFORE UPDATE`, `BEFORE INSERT OR UPDATE` …
    pub fires: String,
    /// The UPDATE statements (up and rollback files) that fired it on this table.
    pub updates: Vec<UpdateRun>,
}

/// One UPDATE statement of the table and the rows it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateRun {
    pub file: String,
    pub line: usize,
    pub rows: u64,
}

impl MaintainedColumn {
    /// "updated_at (trigger t BEFORE UPDATE, public.f(); 12 rows updated at 002_x.sql:7)".
    pub fn describe(&self) -> String {
        let rows = if self.updates.is_empty() {
            "no UPDATE statement of it was seen (a function or DO block may have run one)"
                .to_string()
        } else {
            let total: u64 = self.updates.iter().map(|u| u.rows).sum();
            let at: Vec<String> =
                self.updates.iter().map(|u| format!("{}:{}", u.file, u.line)).collect();
            format!("{total} row{} updated at {}", if total == 1 { "" } else { "s" }, at.join(", "))
        };
        format!(
            "{} (set by trigger {} {}, {}(); {rows})",
            self.column, self.trigger, self.fires, self.function
        )
    }
}

/// `BEFORE UPDATE` from `CREATE TRIGGER name BEFORE UPDATE ON s.t FOR EACH ROW EXECUTE FUNCTION f()`,
/// when the trigger is a row-level BEFORE trigger that fires on UPDATE.
fn before_update(t: &Trigger) -> Option<String> {
    let def = &t.definition;
    let after_name = def.split_once(&format!(" {} ", t.name)).map(|(_, r)| r).unwrap_or(def);
    let (fires, rest) = after_name.split_once(" ON ")?;
    let fires = fires.trim();
    (fires.starts_with("BEFORE") && fires.contains("UPDATE") && rest.contains("FOR EACH ROW"))
        .then(|| fires.to_string())
}

/// Whether a PL/pgSQL body assigns `NEW.column`.
pub fn assigns_new(body: &str, column: &str) -> bool {
    let t: Vec<Token> = tokens(body).into_iter().map(|(_, t)| t).collect();
    let id = |k: usize, s: &str| matches!(t.get(k), Some(Token::Ident(x)) if x == s);
    let punct = |k: usize, c: char| t.get(k) == Some(&Token::Punct(c));
    (0..t.len()).any(|k| {
        if !(id(k, "new") && punct(k + 1, '.') && id(k + 2, column)) {
            return false;
        }
        if punct(k + 3, ':') && punct(k + 4, '=') {
            return true;
        }
        // `NEW.col = …` is an assignment only as a statement of its own (else a comparison).
        let starts_statement = k == 0
            || punct(k - 1, ';')
            || ["begin", "then", "else", "loop"].iter().any(|w| id(k - 1, w));
        punct(k + 3, '=') && starts_statement
    })
}

/// The trigger that maintains `table.column`, looked for in each snapshot (first found wins).
pub fn maintaining_trigger(
    snaps: &[&Snapshot],
    table: &str,
    column: &str,
) -> Option<(String, String, String)> {
    for s in snaps {
        for t in
            s.triggers.iter().filter(|t| format!("{}.{}", t.schema, t.table) == table && t.enabled)
        {
            let Some(fires) = before_update(t) else { continue };
            let by_body = s
                .functions
                .iter()
                .filter(|f| format!("{}.{}", f.schema, f.name) == t.function)
                .any(|f| f.source.as_deref().is_some_and(|b| assigns_new(b, column)));
            // moddatetime(col): the column is the trigger's argument.
            let by_args = t.function.ends_with(".moddatetime")
                && t.definition.rsplit_once('(').is_some_and(|(_, args)| {
                    args.trim_end_matches(')')
                        .split(',')
                        .any(|a| a.trim().trim_matches('\'').trim_matches('"') == column)
                });
            if by_body || by_args {
                return Some((t.name.clone(), t.function.clone(), fires));
            }
        }
    }
    None
}

/// The UPDATE statements of `table` that ran in the up and rollback files, with their row counts.
pub fn updates_of(
    project: &Project,
    run: &RunResult,
    snap: &Snapshot,
    table: &str,
) -> Vec<UpdateRun> {
    let mut out = Vec::new();
    for fr in run.files.iter().filter(|f| matches!(f.role, Role::Up | Role::Rollback)) {
        let Some(file) = project.files.get(fr.file) else { continue };
        let pieces = split(&file.text);
        for sr in fr.statements.iter().filter(|s| {
            s.status == Status::Ok
                && s.summary.trim_start().to_ascii_lowercase().starts_with("update")
        }) {
            let Some(p) = pieces.get(sr.index).filter(|p| p.is_sql() && p.line == sr.line) else {
                continue;
            };
            let Some(Ast::Update(u)) = parse(&p.sql) else { continue };
            let TableFactor::Table { name, .. } = &u.table.relation else { continue };
            if resolve(snap, name).is_some_and(|t| t.qualified() == table) {
                out.push(UpdateRun {
                    file: fr.name.clone(),
                    line: sr.line,
                    rows: sr.rows.unwrap_or(0),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_of_new() {
        assert!(assigns_new(
            "begin\n  new.updated_at := now();\n  return new;\nend;",
            "updated_at"
        ));
        assert!(assigns_new(
            "BEGIN NEW.updated_at = clock_timestamp(); RETURN NEW; END",
            "updated_at"
        ));
        assert!(!assigns_new("begin if new.updated_at = old.updated_at then raise exception 'x'; end if; return new; end", "updated_at"));
        assert!(!assigns_new("begin new.touched_at := now(); return new; end", "updated_at"));
    }

    #[test]
    fn before_update_row_triggers() {
        let t = |def: &str| Trigger {
            schema: "public".into(),
            table: "t".into(),
            name: "t_touch".into(),
            definition: def.into(),
            function: "public.touch".into(),
            enabled: true,
        };
        assert_eq!(before_update(&t("CREATE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()")).as_deref(), Some("BEFORE UPDATE"));
        assert_eq!(before_update(&t("CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()")).as_deref(), Some("BEFORE INSERT OR UPDATE"));
        assert_eq!(before_update(&t("CREATE TRIGGER t_touch AFTER UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()")), None);
        assert_eq!(before_update(&t("CREATE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH STATEMENT EXECUTE FUNCTION public.touch()")), None);
    }
}
