//! A production schema as the baseline: a throwaway cluster of a real PostgreSQL server (Debian's
//! `postgresql` package, installed by scripts/setup) gets tests/fixtures/pg-dump/source.sql — a
//! multi-tenant schema with data — and its own `pg_dump` dumps it, schema only and with data.
//! Each dump then runs as the baseline of a project whose up migration
//! (tests/fixtures/pg-dump/up.sql) builds on it, through our pipeline on the native engine: no
//! statement may fail, the data must be there, and the dump's session settings must not leak.
//!
//! Expected outcome, written before the first run:
//! - both dumps: 0 failed statements; psql meta-commands (`\restrict` / `\unrestrict` from
//!   pg_dump ≥ 15.14) skipped; roles app_owner and app_user created NOLOGIN before the dump (it
//!   owns and grants to them without creating them); the session reset after the dump, so the up
//!   file's unqualified names resolve through its own `set search_path`.
//! - full dump: 3 tenants + 1 added by the up file (id 4: the identity continues after the dump's
//!   setval), 3 users, 4 memberships, 1200 projects of which 300 archived (notes null ⇔ g % 4 = 0),
//!   40 invoices, invoice 1 touched by the dump's trigger, 10 project events; text with tabs,
//!   newlines, backslashes, quotes and non-ASCII, bytea and arrays come back byte for byte.
//! - schema-only dump: the same schema, no rows but the up file's one tenant (id 1).

use std::path::Path;
use tenant_planner_core::engine::Engine;
use tenant_planner_core::pipeline::run;
use tenant_planner_core::run::{Outcome, RunOptions, RunResult, Status};
use tenant_planner_core::{Profile, Project, Role, SqlFile};
use tenant_planner_native::server::LocalCluster;
use tenant_planner_native::NativeEngine;

fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/pg-dump").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The newest PostgreSQL under /usr/lib/postgresql (Debian's `postgresql` package).
fn debian_major() -> u32 {
    let majors: Vec<u32> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect())
        .unwrap_or_default();
    *majors.iter().max().unwrap_or_else(|| panic!("no PostgreSQL server under /usr/lib/postgresql: run scripts/setup (it installs Debian's postgresql package)"))
}

/// `sql` run by psql on the cluster's postgres database, stopping at the first error.
fn psql_file(cluster: &LocalCluster, sql: &str) {
    let path = cluster.socket_dir().join("source.sql");
    std::fs::write(&path, sql).unwrap();
    let file = path.to_str().unwrap();
    cluster
        .client("psql", &["-d", "postgres", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file])
        .unwrap_or_else(|e| panic!("{e}"));
}

fn pg_dump(cluster: &LocalCluster, extra: &[&str]) -> String {
    let mut args = extra.to_vec();
    args.push("postgres");
    cluster.client("pg_dump", &args).unwrap_or_else(|e| panic!("{e}"))
}

/// Run baseline dump + up.sql through the pipeline; give the result and an engine still holding
/// the database for the checks.
fn run_project(dump: &str) -> (RunResult, NativeEngine) {
    let project = Project {
        files: vec![
            SqlFile::new("prod_schema_baseline.sql", dump),
            SqlFile::new("001_project_events.sql", fixture("up.sql")),
        ],
        ..Default::default()
    };
    assert_eq!(project.files[0].role(), Role::Baseline);
    assert_eq!(project.files[1].role(), Role::Up);
    let texts: Vec<&str> = project.files.iter().map(|f| f.text.as_str()).collect();
    let mut engine =
        NativeEngine::open_with_extensions(&tenant_planner_core::extensions::mentioned(&texts))
            .unwrap();
    let opts = RunOptions {
        profile: Profile::Postgres,
        continue_on_error: true,
        base: None,
        probes: false,
    };
    let result = pollster::block_on(run(&mut engine, &project, &opts, &mut ()));
    (result, engine)
}

fn query(engine: &mut NativeEngine, sql: &str) -> String {
    pollster::block_on(engine.query_text(sql))
        .unwrap()
        .unwrap_or_else(|e| panic!("{sql}: {} ({})", e.message, e.sqlstate))
}

fn assert_clean(result: &RunResult, dump: &str) {
    let failures: Vec<String> = result
        .errors()
        .map(|e| format!("{}:{} {} {}", e.file, e.line, e.sqlstate, e.message))
        .collect();
    assert!(failures.is_empty(), "failed statements:\n{}", failures.join("\n"));
    assert_eq!(result.outcome, Outcome::Completed, "{:?}", result.abort_reason);
    assert!(result.count(Status::Ok) > 50, "the dump's statements ran");
    // Meta-commands are listed, never sent (pg_dump ≥ 15.14 writes \restrict / \unrestrict).
    let metas: Vec<&str> = result.files[0]
        .statements
        .iter()
        .filter(|s| s.status == Status::Skipped)
        .map(|s| s.summary.as_str())
        .collect();
    if dump.contains("\n\\restrict ") {
        assert!(metas.iter().any(|m| m.starts_with("\\restrict")), "{metas:?}");
    }
    let roles: Vec<&String> = result.platform.created_roles.iter().flat_map(|c| &c.roles).collect();
    assert_eq!(roles, ["app_owner", "app_user"], "roles the dump names without creating");
    assert!(
        result
            .platform
            .session_reset
            .as_deref()
            .is_some_and(|n| n.contains("after prod_schema_baseline.sql")),
        "{:?}",
        result.platform.session_reset
    );
}

#[test]
fn a_real_pg_dump_runs_as_baseline_with_an_up_migration_on_top() {
    let cluster = LocalCluster::start(debian_major()).unwrap_or_else(|e| panic!("{e}"));
    psql_file(&cluster, &fixture("source.sql"));
    let full = pg_dump(&cluster, &[]);
    let schema_only = pg_dump(&cluster, &["--schema-only"]);
    drop(cluster);
    assert!(
        full.contains("COPY app.projects") && full.contains("\n\\.\n"),
        "a plain dump carries COPY data blocks"
    );
    assert!(
        full.contains("set_config('search_path', '', false)"),
        "the dump empties the search_path"
    );

    // With data.
    let (result, mut db) = run_project(&full);
    assert_clean(&result, &full);
    let counts = query(
        &mut db,
        "select json_build_object('tenants', (select count(*) from app.tenants), 'users', (select count(*) from app.users),
                 'memberships', (select count(*) from app.memberships), 'projects', (select count(*) from app.projects),
                 'archived', (select count(*) from app.projects where archived), 'invoices', (select count(*) from app.invoices),
                 'events', (select count(*) from app.project_events),
                 'umbrella', (select id from app.tenants where slug = 'umbrella'))::text",
    );
    let v: serde_json::Value = serde_json::from_str(&counts).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"tenants": 4, "users": 3, "memberships": 4, "projects": 1200, "archived": 300, "invoices": 40, "events": 10, "umbrella": 4})
    );
    let exact = query(
        &mut db,
        r#"select json_build_object(
             'note', (select notes = E'line one\nline two\twith tab and \\ backslash' from app.projects where name = 'project 1'),
             'tags', (select tags = array['t1', 'x'] from app.projects where name = 'project 1'),
             'ann', (select full_name = 'Ann O''Neil' and avatar = '\x89504e47'::bytea from app.users where email = 'ANN@acme.test'),
             'bob', (select full_name = 'Bøb Ünïcode' and avatar is null from app.users where email = 'bob@globex.test'),
             'globex', (select name = 'Globex "Intl"' and settings = '{}'::jsonb from app.tenants where slug = 'globex'),
             'initech', (select settings ->> 'note' = E'tab\there' from app.tenants where slug = 'initech'),
             'touched', (select updated_at = '2024-06-01 00:00:00+00' from app.invoices where id = 1),
             'owner', (select tableowner from pg_tables where schemaname = 'app' and tablename = 'projects'),
             'rls', (select relrowsecurity from pg_class where oid = 'app.projects'::regclass),
             'search_path', current_setting('search_path'),
             'row_security', current_setting('row_security'),
             'check_function_bodies', current_setting('check_function_bodies'))::text"#,
    );
    let v: serde_json::Value = serde_json::from_str(&exact).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"note": true, "tags": true, "ann": true, "bob": true, "globex": true, "initech": true, "touched": true,
                           "owner": "app_owner", "rls": true, "search_path": "app, public", "row_security": "on", "check_function_bodies": "on"})
    );
    // The COPY statements report the rows they loaded.
    let copy_rows: u64 = result.files[0]
        .statements
        .iter()
        .filter(|s| s.summary.starts_with("COPY app.projects"))
        .filter_map(|s| s.rows)
        .sum();
    assert_eq!(copy_rows, 1200);

    // Schema only.
    let (result, mut db) = run_project(&schema_only);
    assert_clean(&result, &schema_only);
    let v: serde_json::Value = serde_json::from_str(&query(
        &mut db,
        "select json_build_object('tenants', (select count(*) from app.tenants), 'projects', (select count(*) from app.projects),
                 'umbrella', (select id from app.tenants where slug = 'umbrella'), 'policies', (select count(*) from pg_policies where schemaname = 'app'))::text",
    ))
    .unwrap();
    assert_eq!(v, serde_json::json!({"tenants": 1, "projects": 0, "umbrella": 1, "policies": 3}));
}
