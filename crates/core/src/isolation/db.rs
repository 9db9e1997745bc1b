//! The engine as the probes use it: every statement timed, each step inside a savepoint that is
//! kept or rolled back, so a refused statement does not end the rest.

use crate::engine::{DbError, Engine, EngineFailure, ExecOutcome};

/// The engine, with the time its statements took.
pub(crate) struct Db<'a, E: Engine> {
    pub(super) e: &'a mut E,
    pub(super) ms: f64,
}

impl<E: Engine> Db<'_, E> {
    pub(super) async fn exec(&mut self, sql: &str) -> Result<ExecOutcome, EngineFailure> {
        let o = self.e.exec(sql).await?;
        self.ms += o.duration_ms;
        Ok(o)
    }

    async fn end_step(&mut self, keep: bool) -> Result<(), EngineFailure> {
        let sql = if keep {
            "release savepoint tp_step"
        } else {
            "rollback to savepoint tp_step; release savepoint tp_step"
        };
        match self.exec(sql).await?.error {
            None => Ok(()),
            Some(e) => Err(EngineFailure::Crashed(format!(
                "leak probes: could not end a probe step: {} ({})",
                e.message, e.sqlstate
            ))),
        }
    }

    /// One statement in a savepoint: kept when asked and it succeeded, undone otherwise.
    pub(crate) async fn step_exec(
        &mut self,
        sql: &str,
        keep: bool,
    ) -> Result<Result<Option<u64>, DbError>, EngineFailure> {
        let o = self.exec(&format!("savepoint tp_step; {sql}")).await?;
        self.end_step(keep && o.error.is_none()).await?;
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
        let o = self.exec(&format!("savepoint tp_step; {sql}")).await?;
        let mut read = None;
        if let (None, Some(q)) = (&o.error, after) {
            if o.rows.unwrap_or(0) > 0 {
                match self.exec("set local role none").await?.error {
                    None => read = Some(self.e.query_text(q).await?),
                    Some(e) => read = Some(Err(e)),
                }
            }
        }
        self.end_step(false).await?;
        Ok((
            match o.error {
                None => Ok(o.rows),
                Some(e) => Err(e),
            },
            read,
        ))
    }

    /// One query (a single text value) in a savepoint, kept or undone likewise.
    pub(crate) async fn step_query(
        &mut self,
        sql: &str,
        keep: bool,
    ) -> Result<Result<String, DbError>, EngineFailure> {
        if let Some(e) = self.exec("savepoint tp_step").await?.error {
            return Err(EngineFailure::Crashed(format!(
                "leak probes: savepoint failed: {} ({})",
                e.message, e.sqlstate
            )));
        }
        let r = self.e.query_text(sql).await?;
        self.end_step(keep && r.is_ok()).await?;
        Ok(r)
    }
}
