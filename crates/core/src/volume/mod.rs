//! Volume runs (issue 16): `--scale TABLE=ROWS` fills tables with synthetic rows after the
//! baseline and seed files, then every up statement is measured on a real server — its time, the
//! locks it held and for how long, whether it rewrote a table, what it scanned. This module is the
//! engine-independent part: the `--scale` argument, the fill's SQL (`fill`) and the report's
//! `volume` field. The measuring itself needs a second connection and a clock, so it is the
//! host's (crates/native/src/server/volume/).

pub mod fill;

use crate::run_result::Status;
use serde::{Deserialize, Serialize};

/// Most rows one `--scale` may ask for: far beyond any test, and a typo (an extra zero or three)
/// is refused instead of filling the disk.
pub const MAX_ROWS: u64 = 1_000_000_000;

/// `--scale TABLE=ROWS`: fill TABLE (`schema.table`) with ROWS synthetic rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    pub table: String,
    pub rows: u64,
}

/// Read one `--scale` value: `sales_entries=1000000`, `public.sales_entries=1_000_000`,
/// `"Mixed Case"=10`. An unqualified name means `public`; unquoted names fold to lower case, as
/// Postgres folds them.
pub fn parse_scale(arg: &str) -> Result<Scale, String> {
    let (name, rows) = arg.rsplit_once('=').ok_or_else(|| {
        format!("--scale {arg:?}: expected TABLE=ROWS, e.g. --scale public.sales_entries=1000000")
    })?;
    let digits = rows.trim().replace('_', "");
    let rows: u64 = match digits.parse() {
        Ok(n) if (1..=MAX_ROWS).contains(&n) => n,
        Ok(_) => {
            return Err(format!("--scale {arg:?}: ROWS must be between 1 and {MAX_ROWS}"));
        }
        Err(_) => {
            return Err(format!("--scale {arg:?}: ROWS {rows:?} is not a whole number"));
        }
    };
    let parts = split_name(name.trim())
        .ok_or_else(|| format!("--scale {arg:?}: {name:?} is not a table name"))?;
    let table = match parts.as_slice() {
        [t] => format!("public.{t}"),
        [s, t] => format!("{s}.{t}"),
        _ => return Err(format!("--scale {arg:?}: {name:?} is not a table name")),
    };
    Ok(Scale { table, rows })
}

/// `a.b`, `"A"."b.c"`: the parts, unquoted names folded to lower case.
fn split_name(name: &str) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    let mut chars = name.chars().peekable();
    loop {
        let mut part = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next()? {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        part.push('"');
                    }
                    '"' => break,
                    c => part.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == '.' {
                    break;
                }
                if !(c.is_alphanumeric() || c == '_' || c == '$') {
                    return None;
                }
                part.push(c.to_ascii_lowercase());
                chars.next();
            }
        }
        if part.is_empty() {
            return None;
        }
        parts.push(part);
        match chars.next() {
            None => return Some(parts),
            Some('.') => {}
            Some(_) => return None,
        }
    }
}

/// The report's `volume` field (docs/report.md): what was asked, what was filled, and every up
/// statement measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VolumeReport {
    /// The `--scale` values, as given (qualified).
    pub scale: Vec<Scale>,
    /// What the fill did, per table, in the order it ran (parents first).
    pub filled: Vec<FilledTable>,
    /// The mean time between two samples of `pg_locks` while a statement ran (the locks' held
    /// times are at least what was sampled, at most about two intervals more).
    pub sample_interval_ms: f64,
    /// Every up statement that was sent, in run order.
    pub statements: Vec<VolumeStatement>,
    /// What was not measured, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One table's fill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilledTable {
    pub table: String,
    /// Rows asked for.
    pub asked: u64,
    /// Rows the INSERT reported.
    pub inserted: u64,
    /// Rows the table held before (from the baseline and seed files).
    pub rows_before: u64,
    pub ms: f64,
}

/// One up statement, measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VolumeStatement {
    pub file: String,
    pub line: usize,
    /// The statement's first line (as the timeline shows it).
    pub summary: String,
    pub status: Status,
    /// Wall time, measured by the engine around the statement.
    pub ms: f64,
    /// Table locks the statement's session held, the first time each was seen during this
    /// statement (a lock already held from an earlier statement of the same transaction is
    /// charged to that one).
    pub locks: Vec<HeldLock>,
    /// Tables whose `pg_class.relfilenode` changed: rewritten (or truncated).
    pub rewrites: Vec<String>,
    /// Tables the statement scanned: `pg_stat_user_tables` deltas.
    pub scans: Vec<TableScan>,
}

/// A lock on a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldLock {
    pub table: String,
    /// As `pg_locks.mode` names it: `AccessExclusiveLock`, `ShareLock`, `RowExclusiveLock` …
    pub mode: String,
    /// From the first sample that saw it to the last (null: never sampled, see `source`).
    pub held_ms: Option<f64>,
    pub samples: u32,
    /// Still held when the statement ended: taken inside BEGIN … COMMIT, held until the
    /// transaction ended (`held_ms` runs to then).
    pub past_statement: bool,
    /// `sampled` (`pg_locks`, polled by a second connection), or `ddl_log` (the ACCESS EXCLUSIVE
    /// lock the DDL log's event trigger saw, held too briefly to be sampled: at most the
    /// statement's `ms`).
    pub source: String,
}

/// Scans of one table during one statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableScan {
    pub table: String,
    pub seq_scan: i64,
    /// Rows read by those sequential scans (`seq_tup_read`).
    pub seq_tup_read: i64,
    pub idx_scan: i64,
}

impl VolumeReport {
    /// The statement and lock held longest (by sampled time), for the text output's highlight.
    pub fn longest_lock(&self) -> Option<(usize, usize)> {
        self.longest(|_| true)
    }

    /// The same among the locks of one mode (`AccessExclusiveLock`: what blocks even readers).
    pub fn longest_lock_in(&self, mode: &str) -> Option<(usize, usize)> {
        self.longest(|l| l.mode == mode)
    }

    fn longest(&self, keep: impl Fn(&HeldLock) -> bool) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize, f64)> = None;
        for (i, s) in self.statements.iter().enumerate() {
            for (j, l) in s.locks.iter().enumerate().filter(|(_, l)| keep(l)) {
                if let Some(ms) = l.held_ms {
                    if best.is_none_or(|b| ms > b.2) {
                        best = Some((i, j, ms));
                    }
                }
            }
        }
        best.map(|(i, j, _)| (i, j))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_values() {
        let ok = |a: &str| parse_scale(a).unwrap();
        assert_eq!(
            ok("sales_entries=1000000"),
            Scale { table: "public.sales_entries".into(), rows: 1_000_000 }
        );
        assert_eq!(ok("Billing.Invoices=1_000").table, "billing.invoices");
        assert_eq!(ok("\"My T\"=5").table, "public.My T");
        assert_eq!(ok("a.\"b.c\"=5").table, "a.b.c");
        for bad in [
            "sales_entries",
            "sales_entries=0",
            "sales_entries=ten",
            "sales_entries=-1",
            "=5",
            "a.b.c=5",
            "a b=5",
            "x=2000000000",
        ] {
            assert!(parse_scale(bad).is_err(), "{bad}");
        }
        assert!(parse_scale("t=0").unwrap_err().contains("between 1 and"));
        assert!(parse_scale("t=many").unwrap_err().contains("not a whole number"));
    }
}
