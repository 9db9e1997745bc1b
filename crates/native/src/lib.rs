//! The native engine: PGlite run in-process by pglite-oxide (PostgreSQL compiled for WASIX).
//! `cargo test` drives the whole pipeline through it, and the command-line tool reuses it.

use pglite_oxide::{DatabaseError, NoticeMessage, Pglite, PgliteError, QueryOptions, RowMode};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tenant_planner_core::engine::{DbError, Engine, EngineFailure, ExecOutcome, Notice};

pub const ENGINE_NAME: &str = "pglite-oxide (native)";

pub struct NativeEngine {
    db: Pglite,
}

impl NativeEngine {
    /// A fresh, empty database in a temporary directory.
    pub fn open() -> Result<Self, String> {
        Pglite::temporary().map(|db| NativeEngine { db }).map_err(|e| format!("could not start PGlite: {e:#}"))
    }
}

fn notice(n: &NoticeMessage) -> Notice {
    Notice {
        severity: n.severity.clone().unwrap_or_else(|| "NOTICE".into()),
        message: n.message.clone().unwrap_or_default(),
        code: n.code.clone(),
        detail: n.detail.clone(),
        hint: n.hint.clone(),
    }
}

fn db_error(e: &DatabaseError) -> DbError {
    DbError {
        severity: e.severity.clone().unwrap_or_else(|| "ERROR".into()),
        sqlstate: e.code.clone().unwrap_or_default(),
        message: e.message.clone(),
        detail: e.detail.clone(),
        hint: e.hint.clone(),
        position: e.position.as_deref().and_then(|p| p.parse().ok()),
        internal_position: e.internal_position.as_deref().and_then(|p| p.parse().ok()),
        internal_query: e.internal_query.clone(),
        where_: e.r#where.clone(),
    }
}

/// A SQL error from Postgres, or `None` when the failure is the engine's own.
fn classify(e: &anyhow::Error) -> Option<DbError> {
    if let Some(pe) = e.downcast_ref::<PgliteError>() {
        return Some(db_error(pe.database_error()));
    }
    e.downcast_ref::<DatabaseError>().map(db_error)
}

impl Engine for NativeEngine {
    async fn exec(&mut self, sql: &str) -> Result<ExecOutcome, EngineFailure> {
        let collected: Arc<Mutex<Vec<Notice>>> = Arc::default();
        let sink = collected.clone();
        let opts = QueryOptions {
            on_notice: Some(Arc::new(move |n: &NoticeMessage| sink.lock().unwrap().push(notice(n)))),
            ..Default::default()
        };
        let t = Instant::now();
        let res = self.db.exec(sql, Some(&opts));
        let duration_ms = t.elapsed().as_secs_f64() * 1000.0;
        let notices = std::mem::take(&mut *collected.lock().unwrap());
        match res {
            Ok(results) => Ok(ExecOutcome {
                notices,
                error: None,
                rows: results.iter().rev().find_map(|r| r.affected_rows).map(|n| n as u64),
                duration_ms,
            }),
            Err(e) => match classify(&e) {
                Some(err) => Ok(ExecOutcome { notices, error: Some(err), rows: None, duration_ms }),
                None => Err(EngineFailure::Crashed(format!("{e:#}"))),
            },
        }
    }

    async fn query_text(&mut self, sql: &str) -> Result<Result<String, DbError>, EngineFailure> {
        let opts = QueryOptions { row_mode: Some(RowMode::Array), ..Default::default() };
        match self.db.query(sql, &[], Some(&opts)) {
            Ok(r) => {
                let v = r.rows.first().and_then(|row| row.get(0)).cloned().unwrap_or(serde_json::Value::Null);
                Ok(Ok(match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                }))
            }
            Err(e) => match classify(&e) {
                Some(err) => Ok(Err(err)),
                None => Err(EngineFailure::Crashed(format!("{e:#}"))),
            },
        }
    }
}

pub mod load;

use tenant_planner_core::files::Project;
use tenant_planner_core::profile::{detect_profile, Profile};
use tenant_planner_core::report::{self, Report};
use tenant_planner_core::run::{run, Observer, RunOptions, RunResult};

/// Run a project on a fresh native database and build its report: the whole pipeline.
pub fn simulate(project: &Project, profile: Option<Profile>, continue_on_error: bool, obs: &mut dyn Observer) -> Result<(RunResult, Report), String> {
    let profile = profile.or(project.profile).unwrap_or_else(|| detect_profile(&project.files).profile);
    let mut engine = NativeEngine::open()?;
    let t = Instant::now();
    let mut result = pollster::block_on(run(&mut engine, project, &RunOptions { profile, continue_on_error }, obs));
    result.total_ms = t.elapsed().as_secs_f64() * 1000.0;
    let report = report::build(project, &result, ENGINE_NAME);
    Ok((result, report))
}
