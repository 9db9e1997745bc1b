//! The engine as the probes use it: every statement timed, each step inside a savepoint that is
//! kept or rolled back, so a refused statement does not end the rest.
//!
//! Round trips are what the probes cost on a large schema (each one a message to the database,
//! a Web Worker's in the browser), so two things cut them without changing an answer:
//! - a step's end (`rollback to savepoint tp_step` / `release`) is not sent on its own but in
//!   front of the next statement, in the same message;
//! - [`Db::prefetch`] reads many single-value queries in one statement, and a later
//!   [`Db::step_query`] of one of them gets that answer instead of a round trip. Only answers
//!   read in the database's present state are kept: every statement that may change it (any
//!   [`Db::exec`], a kept step) forgets them; rolled-back steps leave the state as it was. A
//!   batch that fails (one query in it errors) keeps nothing, so each query then runs on its
//!   own and its own answer or error is the one recorded — a batch never hides an error.

use crate::engine::{DbError, Engine, EngineFailure, ExecOutcome};
use std::collections::HashMap;

/// At most this many queries are read in one batch: a failing one costs its batch, not more.
const BATCH: usize = 40;

/// The engine, with the time its statements took.
pub(crate) struct Db<'a, E: Engine> {
    pub(super) e: &'a mut E,
    pub(super) ms: f64,
    /// The end of the last step, not sent yet: it goes in front of the next statement.
    pub(super) pending: Option<&'static str>,
    /// Answers of single-value queries read by [`Db::prefetch`] in the present state.
    pub(super) answers: HashMap<String, String>,
}

const KEEP: &str = "release savepoint tp_step";
const UNDO: &str = "rollback to savepoint tp_step; release savepoint tp_step";

impl<'a, E: Engine> Db<'a, E> {
    pub(super) fn new(e: &'a mut E) -> Self {
        Db { e, ms: 0.0, pending: None, answers: HashMap::new() }
    }

    /// A statement that may change what the database holds or who is asking: the prefetched
    /// answers no longer hold.
    pub(super) async fn exec(&mut self, sql: &str) -> Result<ExecOutcome, EngineFailure> {
        self.answers.clear();
        self.send(sql).await
    }

    /// One message: the pending step end, then `sql`. The step end failing (its savepoint gone)
    /// is the engine's failure, never taken for the statement's own error.
    async fn send(&mut self, sql: &str) -> Result<ExecOutcome, EngineFailure> {
        let o = match self.pending.take() {
            None => self.e.exec(sql).await?,
            Some(end) => {
                let o = self.e.exec(&format!("{end}; {sql}")).await?;
                if let Some(e) = o.error.as_ref().filter(|e| e.sqlstate == "3B001") {
                    return Err(EngineFailure::Crashed(format!(
                        "leak probes: could not end a probe step: {} ({})",
                        e.message, e.sqlstate
                    )));
                }
                o
            }
        };
        self.ms += o.duration_ms;
        Ok(o)
    }

    /// End the step: kept (when asked and it succeeded) or undone, sent with the next statement.
    fn end_step(&mut self, keep: bool) {
        if keep {
            self.answers.clear();
        }
        self.pending = Some(if keep { KEEP } else { UNDO });
    }

    /// One statement in a savepoint: kept when asked and it succeeded, undone otherwise.
    pub(crate) async fn step_exec(
        &mut self,
        sql: &str,
        keep: bool,
    ) -> Result<Result<Option<u64>, DbError>, EngineFailure> {
        let o = self.send(&format!("savepoint tp_step; {sql}")).await?;
        self.end_step(keep && o.error.is_none());
        Ok(match o.error {
            None => Ok(o.rows),
            Some(e) => Err(e),
        })
    }

    /// One statement in a savepoint, then — when it changed rows — one query as the superuser
    /// (`set local role none`) on what it left; both undone (the role too).
    pub(crate) async fn step_exec_then(
        &mut self,
        sql: &str,
        after: Option<&str>,
    ) -> Result<(Result<Option<u64>, DbError>, Option<Result<String, DbError>>), EngineFailure>
    {
        let o = self.send(&format!("savepoint tp_step; {sql}")).await?;
        let mut read = None;
        if let (None, Some(q)) = (&o.error, after) {
            if o.rows.unwrap_or(0) > 0 {
                match self.send("set local role none").await?.error {
                    None => read = Some(self.e.query_text(q).await?),
                    Some(e) => read = Some(Err(e)),
                }
            }
        }
        self.end_step(false);
        Ok((
            match o.error {
                None => Ok(o.rows),
                Some(e) => Err(e),
            },
            read,
        ))
    }

    /// One query (a single text value) in a savepoint, kept or undone likewise. A query not
    /// kept whose answer [`Db::prefetch`] read in this state gets that answer.
    pub(crate) async fn step_query(
        &mut self,
        sql: &str,
        keep: bool,
    ) -> Result<Result<String, DbError>, EngineFailure> {
        if !keep {
            if let Some(a) = self.answers.get(sql) {
                return Ok(Ok(a.clone()));
            }
        }
        self.query_in_step(sql, keep).await
    }

    async fn query_in_step(
        &mut self,
        sql: &str,
        keep: bool,
    ) -> Result<Result<String, DbError>, EngineFailure> {
        if let Some(e) = self.send("savepoint tp_step").await?.error {
            return Err(EngineFailure::Crashed(format!(
                "leak probes: savepoint failed: {} ({})",
                e.message, e.sqlstate
            )));
        }
        let r = self.e.query_text(sql).await?;
        self.end_step(keep && r.is_ok());
        Ok(r)
    }

    /// Read the answers of single-value queries (each `select <one value> …`, as
    /// [`Db::step_query`] runs them) a batch at a time, each batch one statement in a step
    /// undone afterwards: `select array_to_json(array[(q1), (q2), …])::text`. A batch that
    /// errors, or a query in it that gives no value, leaves those queries to run on their own.
    pub(crate) async fn prefetch(&mut self, queries: &[String]) -> Result<(), EngineFailure> {
        let mut todo: Vec<&String> = Vec::new();
        for q in queries {
            if !self.answers.contains_key(q) && !todo.contains(&q) {
                todo.push(q);
            }
        }
        for chunk in todo.chunks(BATCH) {
            if chunk.len() < 2 {
                continue;
            }
            let parts: Vec<String> = chunk.iter().map(|q| format!("({q})")).collect();
            let batch = format!("select array_to_json(array[{}])::text", parts.join(", "));
            let Ok(text) = self.query_in_step(&batch, false).await? else { continue };
            let Ok(values) = serde_json::from_str::<Vec<serde_json::Value>>(&text) else {
                continue;
            };
            if values.len() != chunk.len() {
                continue;
            }
            for (q, v) in chunk.iter().zip(values) {
                if let serde_json::Value::String(a) = v {
                    self.answers.insert((*q).clone(), a);
                }
            }
        }
        Ok(())
    }
}
