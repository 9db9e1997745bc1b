//! The native engine: PGlite run in-process by pglite-oxide (PostgreSQL compiled for WASIX).
//! `cargo test` drives the whole pipeline through it, and the command-line tool reuses it.

use pglite_oxide::{DatabaseError, NoticeMessage, Pglite, PgliteError, QueryOptions, RowMode};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tenant_planner_core::engine::{DbError, Engine, EngineFailure, ExecOutcome, Notice};
use tenant_planner_core::split::{transaction_control, TxControl};

pub const ENGINE_NAME: &str = "pglite-oxide (native)";

pub struct NativeEngine {
    db: Pglite,
    /// The user's statements opened a transaction block (BEGIN … COMMIT/ROLLBACK).
    user_tx: bool,
}

/// pglite-oxide 0.5.1 does not catch errors inside PL/pgSQL `EXCEPTION` blocks: the error escapes
/// to the top level and leaves the session aborted for good (ROLLBACK does not bring it back).
/// The browser engine (PGlite JS) handles them. We detect the escape (an error outside any user
/// transaction after which the session is still aborted) and say so on the error.
pub const ESCAPED_HANDLER_NOTE: &str = "native engine (pglite-oxide 0.5.1): errors raised inside a PL/pgSQL block with an EXCEPTION handler are not caught by it; this statement may succeed in the browser app";

/// Extensions the browser's PGlite ships that pglite-oxide 0.5.1 does not bundle: a CREATE
/// EXTENSION of one fails natively only (`crates/native/tests/all/engine_gaps.rs` pins the list).
pub const BROWSER_ONLY_EXTENSIONS: [&str; 7] = [
    "autoinc",
    "insert_username",
    "moddatetime",
    "pg_stat_statements",
    "pgcrypto",
    "refint",
    "uuid-ossp",
];

pub fn browser_only_note(ext: &str) -> String {
    format!("native engine (pglite-oxide 0.5.1): it does not bundle {ext}; the browser app (PGlite) ships it, so this statement may succeed there")
}

impl NativeEngine {
    /// A fresh, empty database in a temporary directory.
    pub fn open() -> Result<Self, String> {
        Self::open_with_extensions(&[])
    }

    /// A fresh database on which `CREATE EXTENSION` works for each of `names` that pglite-oxide
    /// bundles. Its extensions must be installed when the database opens (which also creates
    /// them, in pg_catalog): they are dropped again at once, so the project's own CREATE
    /// EXTENSION — with its schema — is what makes them. Names it does not bundle are ignored
    /// (their CREATE EXTENSION fails, with a hint from [`browser_only_note`] where that applies).
    pub fn open_with_extensions(names: &[String]) -> Result<Self, String> {
        let bundled: Vec<pglite_oxide::extensions::Extension> =
            names.iter().filter_map(|n| pglite_oxide::extensions::by_sql_name(n)).collect();
        let db = Pglite::builder()
            .temporary()
            .extensions(bundled.clone())
            .open()
            .map_err(|e| format!("could not start PGlite: {e:#}"))?;
        let mut engine = NativeEngine { db, user_tx: false };
        for ext in bundled.iter().rev() {
            let sql = format!("drop extension if exists \"{}\" cascade", ext.sql_name());
            engine
                .db
                .exec(&sql, None)
                .map_err(|e| format!("could not prepare extension {}: {e:#}", ext.sql_name()))?;
        }
        Ok(engine)
    }
}

/// `extension "x" is not available` → x.
fn unavailable_extension(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("extension \"")?;
    let (name, tail) = rest.split_once('"')?;
    tail.trim_start().starts_with("is not available").then_some(name)
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

impl NativeEngine {
    /// After an error outside a user transaction Postgres is idle again, unless the error escaped
    /// a PL/pgSQL handler (see [`ESCAPED_HANDLER_NOTE`]).
    fn session_aborted(&mut self) -> bool {
        match self.db.exec("select 1", None) {
            Ok(_) => false,
            Err(e) => classify(&e).is_some_and(|d| d.sqlstate == "25P02"),
        }
    }

    fn track_transaction(&mut self, sql: &str) {
        match transaction_control(sql) {
            Some(TxControl::Begin) => self.user_tx = true,
            Some(TxControl::Commit | TxControl::Rollback) => self.user_tx = false,
            None => {}
        }
    }
}

impl Engine for NativeEngine {
    async fn exec(&mut self, sql: &str) -> Result<ExecOutcome, EngineFailure> {
        let collected: Arc<Mutex<Vec<Notice>>> = Arc::default();
        let sink = collected.clone();
        let opts = QueryOptions {
            on_notice: Some(Arc::new(move |n: &NoticeMessage| {
                sink.lock().unwrap().push(notice(n))
            })),
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
                Some(mut err) => {
                    if let Some(ext) = unavailable_extension(&err.message)
                        .filter(|x| BROWSER_ONLY_EXTENSIONS.contains(x))
                    {
                        let note = browser_only_note(ext);
                        err.hint = Some(match err.hint.take() {
                            Some(h) => format!("{h}\n{note}"),
                            None => note,
                        });
                    }
                    if !self.user_tx && self.session_aborted() {
                        err.hint = Some(match err.hint.take() {
                            Some(h) => format!("{h}\n{ESCAPED_HANDLER_NOTE}"),
                            None => ESCAPED_HANDLER_NOTE.to_string(),
                        });
                    }
                    Ok(ExecOutcome { notices, error: Some(err), rows: None, duration_ms })
                }
                None => Err(EngineFailure::Crashed(format!("{e:#}"))),
            },
        }
        .inspect(|_| self.track_transaction(sql))
    }

    async fn query_text(&mut self, sql: &str) -> Result<Result<String, DbError>, EngineFailure> {
        let opts = QueryOptions { row_mode: Some(RowMode::Array), ..Default::default() };
        match self.db.query(sql, &[], Some(&opts)) {
            Ok(r) => {
                let v = r
                    .rows
                    .first()
                    .and_then(|row| row.get(0))
                    .cloned()
                    .unwrap_or(serde_json::Value::Null);
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

pub mod args;
pub mod compare;
pub mod format;
pub mod load;
pub mod server;
pub mod versions;

use tenant_planner_core::pipeline;
use tenant_planner_core::profile::{detect_profile, Profile};
use tenant_planner_core::project::Project;
use tenant_planner_core::report::Report;
use tenant_planner_core::run::{Hooks, Observer, RunOptions, RunResult};

/// Run a project on a fresh native database and build its report: the whole pipeline
/// (`pipeline::simulate`), with this engine and a clock.
pub fn simulate(
    project: &Project,
    profile: Option<Profile>,
    continue_on_error: bool,
    obs: &mut dyn Observer,
) -> Result<(RunResult, Report), String> {
    let texts: Vec<&str> = project.files.iter().map(|f| f.text.as_str()).collect();
    let mut engine =
        NativeEngine::open_with_extensions(&tenant_planner_core::extensions::mentioned(&texts))?;
    Ok(run_pipeline(&mut engine, ENGINE_NAME, project, profile, continue_on_error, obs))
}

/// The whole pipeline on an opened engine (this one, or a server's): the profile asked for, the
/// project's, or the one its files look like; leak probes on; a clock.
pub(crate) fn run_pipeline<E: Engine>(
    engine: &mut E,
    engine_name: &str,
    project: &Project,
    profile: Option<Profile>,
    continue_on_error: bool,
    obs: &mut dyn Observer,
) -> (RunResult, Report) {
    run_pipeline_with(engine, engine_name, project, profile, continue_on_error, obs, &mut ())
}

/// [`run_pipeline`] with the host's steps in the run (a volume run's, `server::volume`).
pub(crate) fn run_pipeline_with<E: Engine, H: Hooks<E>>(
    engine: &mut E,
    engine_name: &str,
    project: &Project,
    profile: Option<Profile>,
    continue_on_error: bool,
    obs: &mut dyn Observer,
    host: &mut H,
) -> (RunResult, Report) {
    let profile =
        profile.or(project.profile).unwrap_or_else(|| detect_profile(&project.files).profile);
    let mut timed = Timed { inner: obs, start: Instant::now() };
    let opts = RunOptions { profile, continue_on_error, base: None, probes: true };
    pollster::block_on(pipeline::simulate_with(
        engine,
        project,
        &opts,
        &mut timed,
        engine_name,
        host,
    ))
}

/// Gives the pipeline a clock (the core has none).
pub(crate) struct Timed<'a> {
    pub(crate) inner: &'a mut dyn Observer,
    pub(crate) start: Instant,
}

impl Observer for Timed<'_> {
    fn progress(&mut self, p: &tenant_planner_core::run::Progress) {
        self.inner.progress(p);
    }
    fn cancelled(&self) -> bool {
        self.inner.cancelled()
    }
    fn now_ms(&self) -> Option<f64> {
        Some(self.start.elapsed().as_secs_f64() * 1000.0)
    }
}
