//! What a statement did to the tables, read in the run's own session just before and just after
//! it (so a rewrite inside an open transaction is seen): `pg_class.relfilenode` (a new one: the
//! table was rewritten, or truncated) and the scan counters of `pg_stat_user_tables`. Those are
//! cumulative statistics since PostgreSQL 15: a backend keeps its counts pending and flushes them
//! to shared memory at most once a second and never inside a transaction block, so the counts
//! read here are the flushed ones plus this backend's pending ones (`pg_stat_get_xact_*`), which
//! add up to the same total whether a flush happened in between or not.

use crate::server::ServerEngine;
use std::collections::BTreeMap;
use tenant_planner_core::engine::Engine;
use tenant_planner_core::volume::TableScan;

const QUERY: &str = "select coalesce(json_agg(json_build_array(c.oid::int8, n.nspname || '.' || c.relname, \
      c.relfilenode::int8, \
      pg_catalog.pg_stat_get_numscans(c.oid) + pg_catalog.pg_stat_get_xact_numscans(c.oid), \
      pg_catalog.pg_stat_get_tuples_returned(c.oid) + pg_catalog.pg_stat_get_xact_tuples_returned(c.oid), \
      (select coalesce(sum(pg_catalog.pg_stat_get_numscans(i.indexrelid) \
                           + pg_catalog.pg_stat_get_xact_numscans(i.indexrelid)), 0) \
         from pg_catalog.pg_index i where i.indrelid = c.oid)::int8)), '[]')::text \
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
    where c.relkind in ('r', 'm') and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'";

/// Per table oid: name, relfilenode, seq_scan, seq_tup_read, idx_scan.
pub(super) type Counters = BTreeMap<i64, (String, i64, i64, i64, i64)>;

/// The counters now, in the run's session (an error: the session is in a failed transaction).
pub(super) async fn read(engine: &mut ServerEngine) -> Result<Counters, String> {
    let text = match engine.query_text(QUERY).await {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => return Err(format!("{} ({})", e.message, e.sqlstate)),
        Err(f) => return Err(f.to_string()),
    };
    let rows: Vec<(i64, String, i64, i64, i64, i64)> =
        serde_json::from_str(&text).map_err(|e| e.to_string())?;
    Ok(rows.into_iter().map(|(oid, t, f, s, r, i)| (oid, (t, f, s, r, i))).collect())
}

/// Tables rewritten and tables scanned between `before` and `after` (tables on both sides).
pub(super) fn compare(before: &Counters, after: &Counters) -> (Vec<String>, Vec<TableScan>) {
    let (mut rewrites, mut scans) = (Vec::new(), Vec::new());
    for (oid, (table, node, seq, tup, idx)) in after {
        let Some((_, node0, seq0, tup0, idx0)) = before.get(oid) else { continue };
        if node != node0 {
            rewrites.push(table.clone());
        }
        if seq > seq0 || idx > idx0 {
            scans.push(TableScan {
                table: table.clone(),
                seq_scan: seq - seq0,
                seq_tup_read: tup - tup0,
                idx_scan: idx - idx0,
            });
        }
    }
    (rewrites, scans)
}
