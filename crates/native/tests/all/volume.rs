//! Volume runs (issue 16's `--scale`) on a throwaway PostgreSQL 16 cluster: the fill, and the
//! per-statement figures a reviewer approves a migration on (locks and how long, rewrites, scans).
//!
//! Expected outcomes, written from reading the SQL before the first run:
//! - examples/client-id-backfill with uploads=100 and sales_entries=3000: uploads is filled first
//!   (sales_entries references it), each with exactly the rows asked (24 and 550 before, from the
//!   seed). `alter table public.sales_entries add column client_id uuid` (002, line 25) takes an
//!   ACCESS EXCLUSIVE lock on sales_entries and rewrites nothing (a nullable column without
//!   default is a catalog change). `… alter column client_id set not null` (line 131) holds ACCESS
//!   EXCLUSIVE on sales_entries and scans it once, reading all 3,550 rows. The batched backfill (the
//!   DO block at line 65) holds ROW EXCLUSIVE on sales_entries and backfills every row: its last
//!   notice says "sales_entries: 3550 of 3550 rows backfilled". Validation then fails exactly the
//!   two row-count checks of the scaled tables (found 124 and 3550), and every up statement that
//!   was sent has its figures.
//! - A lock taken inside BEGIN … COMMIT is held until the commit: an ALTER followed by
//!   `pg_sleep(0.3)` in the same transaction holds its ACCESS EXCLUSIVE lock at least ~250 ms,
//!   past its own statement; `alter column … type bigint` rewrites the table.

use crate::support::repo;
use std::path::Path;
use tenant_planner_core::report::Report;
use tenant_planner_core::volume::{Scale, VolumeStatement};
use tenant_planner_native::format::{self, Context, Format};
use tenant_planner_native::load::load_dir;
use tenant_planner_native::server::{simulate_scaled_on, LocalCluster};

fn scale(table: &str, rows: u64) -> Scale {
    Scale { table: table.into(), rows }
}

fn run(dir: &Path, scales: &[Scale]) -> Result<Report, String> {
    let cluster = LocalCluster::start(16).unwrap_or_else(|e| panic!("PostgreSQL 16: {e}"));
    let project = load_dir(dir).unwrap();
    simulate_scaled_on(&cluster.config(), &project, None, false, scales, &mut ()).map(|r| r.1)
}

fn statement<'a>(r: &'a Report, file: &str, line: usize) -> &'a VolumeStatement {
    let v = r.volume.as_ref().expect("a volume run has the volume field");
    v.statements
        .iter()
        .find(|s| s.file == file && s.line == line)
        .unwrap_or_else(|| panic!("no figures for {file}:{line}: {:#?}", v.statements))
}

fn lock_modes(s: &VolumeStatement, table: &str) -> Vec<String> {
    s.locks.iter().filter(|l| l.table == table).map(|l| l.mode.clone()).collect()
}

#[test]
fn the_batched_backfill_with_thousands_of_rows() {
    let r = run(
        &repo().join("examples/client-id-backfill"),
        &[scale("public.sales_entries", 3000), scale("public.uploads", 100)],
    )
    .unwrap();
    let v = r.volume.as_ref().unwrap();
    let filled: Vec<(&str, u64, u64, u64)> =
        v.filled.iter().map(|f| (f.table.as_str(), f.asked, f.inserted, f.rows_before)).collect();
    assert_eq!(
        filled,
        [("public.uploads", 100, 100, 24), ("public.sales_entries", 3000, 3000, 550)]
    );

    let file = "002_add_client_id.sql";
    let add = statement(&r, file, 25);
    assert!(add.summary.starts_with("alter table public.sales_entries add column client_id"));
    assert!(
        lock_modes(add, "public.sales_entries").contains(&"AccessExclusiveLock".to_string()),
        "{add:#?}"
    );
    assert!(add.rewrites.is_empty(), "{add:#?}");

    let not_null = statement(&r, file, 131);
    assert!(not_null.summary.contains("sales_entries alter column client_id set not null"));
    assert!(
        lock_modes(not_null, "public.sales_entries").contains(&"AccessExclusiveLock".to_string()),
        "{not_null:#?}"
    );
    assert!(not_null.rewrites.is_empty(), "{not_null:#?}");
    let scan = not_null.scans.iter().find(|s| s.table == "public.sales_entries").unwrap();
    assert_eq!((scan.seq_scan, scan.seq_tup_read), (1, 3550), "{not_null:#?}");

    let backfill = statement(&r, file, 65);
    assert!(backfill.summary.starts_with("do $$"), "{backfill:#?}");
    assert!(
        lock_modes(backfill, "public.sales_entries").contains(&"RowExclusiveLock".to_string()),
        "{backfill:#?}"
    );
    let last = r.notices.iter().rfind(|n| n.file == file && n.line == 65).unwrap();
    assert_eq!(last.message, "sales_entries: 3550 of 3550 rows backfilled");

    let failed: Vec<&str> = r.validation["validate_phase_1.sql"]
        .checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        failed,
        [
            "uploads still has its 24 seed rows (found 124)",
            "sales_entries still has its 550 seed rows (found 3550)"
        ]
    );
    let sent: usize = r
        .files
        .iter()
        .filter(|f| f.role == "up")
        .map(|f| f.statements - f.skipped - f.not_run)
        .sum();
    assert_eq!(v.statements.len(), sent);
    assert!(v.sample_interval_ms > 0.0 && v.sample_interval_ms < 50.0, "{}", v.sample_interval_ms);

    // The text output: a line per statement, the longest lock marked and named.
    let cx = Context {
        dir: "examples/client-id-backfill".into(),
        link: None,
        verdict: Default::default(),
    };
    let text = format::render(Format::Text, &r, &cx, false);
    assert!(
        text.contains("Volume run: --scale public.sales_entries=3,000 public.uploads=100"),
        "{text}"
    );
    assert!(text.contains("002_add_client_id.sql:131"), "{text}");
    assert_eq!(text.lines().filter(|l| l.contains('▶')).count(), 1, "{text}");
    assert!(text.contains("Longest lock: "), "{text}");
}

#[test]
fn a_lock_inside_a_transaction_is_held_until_its_commit() {
    let dir = std::env::temp_dir().join(format!("tp-volume-tx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("baseline.sql"),
        "create table public.t (id bigint primary key, v integer not null);\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("001_change.sql"),
        "begin;\nalter table public.t add column note text;\nselect pg_sleep(0.3);\ncommit;\nalter table public.t alter column v type bigint;\n",
    )
    .unwrap();
    let r = run(&dir, &[scale("public.t", 500)]);
    std::fs::remove_dir_all(&dir).unwrap();
    let r = r.unwrap();
    let add = statement(&r, "001_change.sql", 2);
    let lock = add
        .locks
        .iter()
        .find(|l| l.table == "public.t" && l.mode == "AccessExclusiveLock")
        .unwrap_or_else(|| panic!("{add:#?}"));
    assert!(lock.past_statement, "{lock:?}");
    assert!(lock.held_ms.unwrap() >= 250.0, "{lock:?}");
    let retype = statement(&r, "001_change.sql", 5);
    assert_eq!(retype.rewrites, ["public.t"], "{retype:#?}");
    assert_eq!(r.volume.as_ref().unwrap().filled[0].inserted, 500);
}

const BIN: &str = env!("CARGO_BIN_EXE_tenant-planner");

#[test]
fn bad_scale_values_get_a_message_and_exit_2() {
    for (args, says) in [
        (
            vec!["--scale", "sales_entries=0", "--postgres-version", "16"],
            "ROWS must be between 1 and",
        ),
        (vec!["--scale", "sales_entries=ten", "--postgres-version", "16"], "is not a whole number"),
        (vec!["--scale", "sales_entries", "--postgres-version", "16"], "expected TABLE=ROWS"),
        (vec!["--scale", "sales_entries=10"], "--scale needs a real server"),
        (
            vec!["--scale", "nope=10", "--postgres-version", "16"],
            "--scale public.nope: there is no table public.nope after the baseline and seed files",
        ),
    ] {
        let mut all = vec!["check", "examples/client-id-backfill"];
        all.extend(args);
        let out = std::process::Command::new(BIN).args(&all).current_dir(repo()).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{all:?}: {stderr}");
        assert!(stderr.contains(says), "{all:?}: {stderr}");
    }
}
