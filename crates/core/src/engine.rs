//! The one door to Postgres. The pipeline needs only this: run one statement and collect its
//! notices (or its error), and run an introspection query whose single value is JSON text.
//! Two implementations: the browser bridge to PGlite in a Web Worker, and pglite-oxide natively.

use serde::{Deserialize, Serialize};

/// A NOTICE / WARNING / INFO message raised while a statement ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub severity: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// An error as Postgres reported it (fields of the ErrorResponse message).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DbError {
    pub severity: String,
    pub sqlstate: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// 1-based character position in the statement text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_position: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_query: Option<String>,
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub where_: Option<String>,
}

/// What running one statement produced.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ExecOutcome {
    pub notices: Vec<Notice>,
    pub error: Option<DbError>,
    /// Rows affected, when Postgres says (INSERT/UPDATE/DELETE …).
    pub rows: Option<u64>,
    /// Wall time measured by the engine around the statement.
    pub duration_ms: f64,
}

/// The engine itself failed: cancelled by the user, or the database died. Not a SQL error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EngineFailure {
    Cancelled,
    Crashed(String),
}

impl std::fmt::Display for EngineFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EngineFailure::Cancelled => write!(f, "cancelled"),
            EngineFailure::Crashed(m) => write!(f, "the database engine failed: {m}"),
        }
    }
}

#[allow(async_fn_in_trait)]
pub trait Engine {
    /// Run one statement with the simple query protocol (autocommit unless the SQL says otherwise).
    async fn exec(&mut self, sql: &str) -> Result<ExecOutcome, EngineFailure>;
    /// Run a query returning one row with one text column, and give that text (JSON by convention).
    async fn query_text(&mut self, sql: &str) -> Result<Result<String, DbError>, EngineFailure>;
}
