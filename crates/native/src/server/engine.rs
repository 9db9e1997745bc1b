//! The `Engine` on a real PostgreSQL server, through the `postgres` crate (synchronous; the
//! pipeline's futures are driven by `pollster`, and this engine never awaits anything).
//! Statements go over the simple query protocol, as PGlite runs them; notices come through the
//! connection's notice callback.

use postgres::error::{DbError as PgDbError, ErrorPosition};
use postgres::{Client, Config, NoTls, SimpleQueryMessage};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tenant_planner_core::engine::{DbError, Engine, EngineFailure, ExecOutcome, Notice};
use tenant_planner_core::split::split;

/// `report.engine.name` of a run on a server.
pub const SERVER_ENGINE_NAME: &str = "postgresql (server)";

pub struct ServerEngine {
    client: Client,
    notices: Arc<Mutex<Vec<Notice>>>,
}

impl ServerEngine {
    /// Connect with `config` (its database is the one the run works in).
    pub fn connect(config: &Config) -> Result<ServerEngine, String> {
        let notices: Arc<Mutex<Vec<Notice>>> = Arc::default();
        let sink = notices.clone();
        let mut config = config.clone();
        config.notice_callback(move |n: PgDbError| sink.lock().unwrap().push(notice(&n)));
        let client = config.connect(NoTls).map_err(|e| {
            format!(
                "could not connect to the PostgreSQL server (database {:?}): {e}",
                config.get_dbname().unwrap_or_default()
            )
        })?;
        Ok(ServerEngine { client, notices })
    }
}

fn notice(n: &PgDbError) -> Notice {
    Notice {
        severity: n.severity().to_string(),
        message: n.message().to_string(),
        code: Some(n.code().code().to_string()),
        detail: n.detail().map(str::to_string),
        hint: n.hint().map(str::to_string),
    }
}

pub(crate) fn db_error(e: &PgDbError) -> DbError {
    let (position, internal_position, internal_query) = match e.position() {
        Some(ErrorPosition::Original(p)) => (Some(*p as usize), None, None),
        Some(ErrorPosition::Internal { position, query }) => {
            (None, Some(*position as usize), Some(query.clone()))
        }
        None => (None, None, None),
    };
    DbError {
        severity: e.severity().to_string(),
        sqlstate: e.code().code().to_string(),
        message: e.message().to_string(),
        detail: e.detail().map(str::to_string),
        hint: e.hint().map(str::to_string),
        position,
        internal_position,
        internal_query,
        where_: e.where_().map(str::to_string),
    }
}

/// The first row's first value: `Some(None)` for SQL NULL, `None` when there is no row.
fn first_value(messages: &[SimpleQueryMessage]) -> Option<Option<String>> {
    messages.iter().find_map(|m| match m {
        SimpleQueryMessage::Row(r) => Some(r.get(0).map(str::to_string)),
        _ => None,
    })
}

/// Rows changed, as PGlite counts them: the sum over the statements of INSERT / UPDATE / DELETE /
/// MERGE / COPY (a SELECT's or a CREATE TABLE AS's row count is not a change). The protocol gives
/// each statement's count without its command tag, so the tag is read from the statement's first
/// word (the input split as the app splits it); a `WITH` counts when it returned no rows (a
/// data-modifying WITH without RETURNING).
fn rows_changed(sql: &str, messages: &[SimpleQueryMessage]) -> u64 {
    let statements = split(sql);
    let mut total = 0;
    let (mut i, mut described) = (0, false);
    for m in messages {
        match m {
            SimpleQueryMessage::RowDescription(_) => described = true,
            SimpleQueryMessage::CommandComplete(n) => {
                let word = statements
                    .get(i)
                    .and_then(|s| s.sql.split(|c: char| !c.is_ascii_alphabetic()).next())
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                let counts = match word.as_str() {
                    "insert" | "update" | "delete" | "merge" | "copy" => true,
                    // A data-modifying WITH, or a statement the splitter did not see.
                    "with" | "" => !described,
                    _ => false,
                };
                if counts {
                    total += n;
                }
                i += 1;
                described = false;
            }
            _ => {}
        }
    }
    total
}

impl ServerEngine {
    fn failure(e: &postgres::Error) -> EngineFailure {
        EngineFailure::Crashed(format!("the PostgreSQL connection failed: {e}"))
    }
}

impl Engine for ServerEngine {
    async fn exec(&mut self, sql: &str) -> Result<ExecOutcome, EngineFailure> {
        self.notices.lock().unwrap().clear();
        let t = Instant::now();
        let res = self.client.simple_query(sql);
        let duration_ms = t.elapsed().as_secs_f64() * 1000.0;
        let notices = std::mem::take(&mut *self.notices.lock().unwrap());
        match res {
            Ok(messages) => Ok(ExecOutcome {
                notices,
                error: None,
                rows: Some(rows_changed(sql, &messages)),
                duration_ms,
            }),
            Err(e) => match e.as_db_error() {
                Some(db) => {
                    Ok(ExecOutcome { notices, error: Some(db_error(db)), rows: None, duration_ms })
                }
                None => Err(Self::failure(&e)),
            },
        }
    }

    async fn query_text(&mut self, sql: &str) -> Result<Result<String, DbError>, EngineFailure> {
        match self.client.simple_query(sql) {
            // NULL (or no row) reads as JSON null, as the other engines give it.
            Ok(messages) => {
                Ok(Ok(first_value(&messages).flatten().unwrap_or_else(|| "null".into())))
            }
            Err(e) => match e.as_db_error() {
                Some(db) => Ok(Err(db_error(db))),
                None => Err(Self::failure(&e)),
            },
        }
    }
}
