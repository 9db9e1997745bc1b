use super::*;
use crate::files::SqlFile;
use crate::run::{Outcome, RunResult, Snapshots};

fn project() -> Project {
    Project {
        files: vec![
            SqlFile::new("000_baseline.sql", "create table a (id int primary key);"),
            SqlFile::new("20250102_orgs.sql", "create table orgs (id int primary key);"),
            SqlFile::new("20250103_members.sql", "create table m (id int primary key);"),
            SqlFile::new("20250102_orgs_rollback.sql", "drop table orgs;"),
        ],
        ..Default::default()
    }
}

fn report(p: &Project, outcome: Outcome) -> Report {
    let run = RunResult {
        profile: crate::Profile::Postgres,
        outcome,
        abort_reason: None,
        shim_statements: 0,
        files: vec![],
        validation: Default::default(),
        snapshots: Snapshots::default(),
        total_ms: 0.0,
        snapshot_ms: 0.0,
        isolation: None,
        platform: Default::default(),
    };
    crate::report::build(p, &run, "test")
}

fn opts(layout: Layout, order_prefix: bool) -> Options {
    Options { order_prefix, layout, date: "20261126".into() }
}

#[test]
fn plain_bundle_lists_files_in_run_order_with_headers() {
    let p = project();
    let r = report(&p, Outcome::Completed);
    let e = entries(&p, &r, "<svg/>", "erDiagram", &opts(Layout::Plain, true));
    let paths: Vec<&str> = e.iter().map(|x| x.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "README.md",
            "files/01_000_baseline.sql",
            "files/02_20250102_orgs.sql",
            "files/03_20250103_members.sql",
            "files/04_20250102_orgs_rollback.sql",
            "psql/up.sql",
            "psql/rollback.sql",
            "report.json",
            "report.md",
            "erd.svg"
        ]
    );
    let orgs = &e[2].text;
    assert!(
        orgs.contains("-- Tenant Planner: 20250102_orgs.sql (up file, 2 of 4 in run order)"),
        "{orgs}"
    );
    assert!(orgs.contains(&sha256_hex("create table orgs (id int primary key);")));
    assert!(orgs.ends_with("create table orgs (id int primary key);"));
    // No prefix unless asked.
    let e = entries(&p, &r, "", "", &opts(Layout::Plain, false));
    assert_eq!(e[1].path, "files/000_baseline.sql");
    assert!(!e.iter().any(|x| x.path == "erd.svg"), "no ERD, no erd.svg");
}

#[test]
fn sha256_is_the_standard_one() {
    assert_eq!(
        sha256_hex("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn supabase_layout_names_migrations_by_timestamp() {
    let p = project();
    let r = report(&p, Outcome::Completed);
    let e = entries(&p, &r, "", "", &opts(Layout::Supabase, false));
    let paths: Vec<&str> = e.iter().map(|x| x.path.as_str()).collect();
    assert!(paths.contains(&"supabase/migrations/20250102000000_orgs.sql"), "{paths:?}");
    assert!(paths.contains(&"supabase/migrations/20250103000000_members.sql"), "{paths:?}");
    assert!(paths.contains(&"baseline/000_baseline.sql"), "{paths:?}");
    assert!(paths.contains(&"rollback/20250102_orgs_rollback.sql"), "{paths:?}");
}

#[test]
fn a_failed_run_is_never_called_validated() {
    let p = project();
    let r = report(&p, Outcome::Stopped);
    assert_eq!(r.verdict.state, crate::verdict::State::Failed);
    let e = entries(&p, &r, "", "", &opts(Layout::Plain, false));
    assert!(e[0].text.starts_with("# NOT VALIDATED"), "{}", e[0].text);
    assert!(e[1].text.starts_with("-- NOT VALIDATED: the run: "), "{}", e[1].text);
    let md = &e.iter().find(|x| x.path == "report.md").unwrap().text;
    assert!(md.contains("**NOT VALIDATED**"), "{md}");
    assert!(!md.contains("**Validated**"));
}

#[test]
fn the_zip_holds_every_entry() {
    let p = project();
    let r = report(&p, Outcome::Completed);
    let e = entries(&p, &r, "<svg/>", "", &opts(Layout::Plain, false));
    let bytes = zip(&e, "tenant-planner-bundle").unwrap();
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    let mut a = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(a.len(), e.len());
    let mut readme = String::new();
    std::io::Read::read_to_string(
        &mut a.by_name("tenant-planner-bundle/README.md").unwrap(),
        &mut readme,
    )
    .unwrap();
    assert_eq!(readme, e[0].text);
    assert_eq!(
        a.by_name("tenant-planner-bundle/README.md").unwrap().compression(),
        ::zip::CompressionMethod::Deflated
    );
}

/// A table marked shared is listed with the user's reason and the probes there that reached
/// tenant A's rows (counted personas only), in report.json and report.md.
#[test]
fn tables_marked_shared_are_listed_with_their_reasons() {
    let mut p = project();
    p.mark_shared("public.contacts", "  a public directory of contacts ");
    // Marked before reasons were asked for: in the list, without a reason.
    p.shared_tables.push("public.tags".into());
    let iso: crate::isolation::IsolationReport = serde_json::from_value(serde_json::json!({
        "personas": [
            { "id": "outsider", "label": "o", "db_role": "authenticated", "counted": true, "identity_sql": "" },
            { "id": "service_role", "label": "s", "db_role": "service_role", "counted": false, "identity_sql": "" }
        ],
        "fixtures": { "tenants": [], "rows": 0, "filled": [], "unfilled": [] },
        "matrix": [
            { "persona": "outsider", "table": "public.contacts", "command": "SELECT", "rows": 2 },
            { "persona": "outsider", "table": "public.contacts", "command": "UPDATE", "rows": 0 },
            { "persona": "outsider", "table": "public.contacts", "command": "INSERT", "sqlstate": "42501", "outcome": "refused" },
            { "persona": "service_role", "table": "public.contacts", "command": "SELECT", "rows": 5 },
            { "persona": "outsider", "table": "public.notes", "command": "SELECT", "rows": 3 }
        ],
        "leaks": [],
        "ms": 1.0
    }))
    .unwrap();
    let mut run = RunResult::empty(crate::Profile::Postgres);
    run.isolation = Some(iso);
    let r = crate::report::build(&p, &run, "test");
    // Expected from the matrix above: only the outsider's SELECT of 2 rows on contacts.
    let got: Vec<(&str, Option<&str>, usize)> = r
        .shared_tables
        .iter()
        .map(|t| (t.table.as_str(), t.reason.as_deref(), t.uncounted))
        .collect();
    assert_eq!(
        got,
        [("public.contacts", Some("a public directory of contacts"), 1), ("public.tags", None, 0)]
    );
    let md = report_md(&r, "");
    assert!(md.contains("2 tables marked shared by the user"), "{md}");
    assert!(md.contains("| public.contacts | a public directory of contacts | 1 |"), "{md}");
    assert!(md.contains("| public.tags | no reason given | 0 |"), "{md}");
    // Unmarked in one step: gone from the project and the report.
    p.unmark_shared("public.contacts");
    assert!(p.shared_reasons.is_empty());
    let r = crate::report::build(&p, &run, "test");
    assert_eq!(r.shared_tables.len(), 1);
    assert!(!report_md(&r, "").contains("public.contacts"));
}
