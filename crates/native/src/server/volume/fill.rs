//! Running the fill (the SQL is the core's, `tenant_planner_core::volume::fill`) on a connection
//! of its own: after the baseline and seed files, before the after-seed snapshot. Each table is
//! vacuumed and analysed after its INSERT, as a production table of that size would be, so the
//! up statements meet planner statistics and a visibility map rather than a fresh heap.

use crate::server::ServerEngine;
use postgres::Config;
use std::time::Instant;
use tenant_planner_core::engine::Engine;
use tenant_planner_core::run::take_snapshot;
use tenant_planner_core::sql_text::qualified_name;
use tenant_planner_core::volume::{fill, FilledTable, Scale};

/// The oldest server a volume run measures on: the scan counts need the cumulative statistics
/// of PostgreSQL 15 (see `scans`).
pub(super) const MIN_SERVER: i64 = 150000;

/// Fill the tables of `scales` in the database of `config`.
pub(super) async fn run(config: &Config, scales: &[Scale]) -> Result<Vec<FilledTable>, String> {
    let mut side = ServerEngine::connect(config)?;
    let version = text(&mut side, "select current_setting('server_version_num')").await?;
    if version.trim().parse::<i64>().unwrap_or(0) < MIN_SERVER {
        return Err(format!(
            "--scale needs PostgreSQL 15 or later (its cumulative statistics count the scans); this server is {}",
            text(&mut side, "select current_setting('server_version')").await?
        ));
    }
    let catalog = take_snapshot(&mut side).await?;
    let mut filled = Vec::new();
    for f in fill::plan(&catalog, scales)? {
        let t = Instant::now();
        let out = side.exec(&f.sql).await.map_err(|e| e.to_string())?;
        if let Some(e) = out.error {
            let detail = e.detail.map(|d| format!(" ({d})")).unwrap_or_default();
            return Err(format!(
                "--scale {}={}: the fill failed: {}{detail} (SQLSTATE {}); it ran:\n{}",
                f.table, f.rows, e.message, e.sqlstate, f.sql
            ));
        }
        let vacuum = format!("vacuum analyze {}", qualified_name(&f.table));
        if let Some(e) = side.exec(&vacuum).await.map_err(|e| e.to_string())?.error {
            return Err(format!("{vacuum} failed: {} ({})", e.message, e.sqlstate));
        }
        filled.push(FilledTable {
            table: f.table,
            asked: f.rows,
            inserted: out.rows.unwrap_or(0),
            rows_before: f.rows_before,
            ms: t.elapsed().as_secs_f64() * 1000.0,
        });
    }
    Ok(filled)
}

async fn text(engine: &mut ServerEngine, sql: &str) -> Result<String, String> {
    match engine.query_text(sql).await {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(e)) => Err(format!("{sql}: {} ({})", e.message, e.sqlstate)),
        Err(f) => Err(f.to_string()),
    }
}
