//! The whole pipeline (split → run → snapshot → report) against a real Postgres (pglite-oxide),
//! on the bundled examples and on fixtures whose expected outcome is written beside them.

use crate::support::{repo, simulate};
use serde_json::Value;
use std::path::Path;
use tenant_planner_native::load::load_dir;

fn report_of(dir: &Path) -> Value {
    let project = load_dir(dir).unwrap();
    let (_, report) = simulate(&project, None, false, &mut ()).unwrap();
    serde_json::to_value(&report).unwrap()
}

fn expected(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap()
}

/// Every field written in expected.json must match the report (objects are compared key by key,
/// so expected.json only states what it cares about).
fn assert_subset(want: &Value, got: &Value, path: &str) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                let gv = g.get(k).unwrap_or_else(|| panic!("{path}.{k} missing in report"));
                assert_subset(wv, gv, &format!("{path}.{k}"));
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            assert_eq!(w.len(), g.len(), "{path}: length differs: {g:#?}");
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                assert_subset(wv, gv, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(want, got, "{path}"),
    }
}

#[test]
fn bundled_examples_run_clean_and_validate() {
    let mut seen = 0;
    for entry in std::fs::read_dir(repo().join("examples")).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("expected.json").exists() {
            continue;
        }
        seen += 1;
        let r = report_of(&dir);
        let name = dir.file_name().unwrap().to_string_lossy();
        assert_eq!(r["statements"]["failed"], 0, "{name}: {:#}", r["errors"]);
        assert_eq!(r["outcome"], "completed", "{name}");
        assert!(r["catalog"]["after_up"]["tables"].as_object().unwrap().len() >= 3, "{name}");
        let want = expected(&dir);
        assert_subset(&want, &r, &name);
        for (file, v) in r["validation"].as_object().unwrap() {
            assert_eq!(v["failed"], 0, "{name}/{file}: {:#}", v["checks"]);
            assert!(v["result_line"].is_string(), "{name}/{file} has no RESULT line");
        }
    }
    assert!(seen >= 3, "expected at least three bundled examples, found {seen}");
}

#[test]
fn broken_fixture_reports_file_line_and_sqlstate() {
    let dir = repo().join("tests/fixtures/broken");
    let r = report_of(&dir);
    assert_subset(&expected(&dir), &r, "broken");
    // The table list falls back to where the run stopped.
    assert!(r["catalog"]["at_stop"]["tables"]["public.organizations"].is_object());
}

#[test]
fn nasty_splitting_runs_and_captures_notices() {
    let dir = repo().join("tests/fixtures/nasty");
    let r = report_of(&dir);
    let want = expected(&dir);
    let notices: Vec<&str> =
        r["notices"].as_array().unwrap().iter().map(|n| n["message"].as_str().unwrap()).collect();
    assert_eq!(
        notices,
        want["notices"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect::<Vec<_>>()
    );
    let mut want = want;
    want.as_object_mut().unwrap().remove("notices");
    assert_subset(&want, &r, "nasty");
    assert_eq!(r["notices"][2]["severity"], "WARNING");
}

#[test]
fn a_rollback_that_forgets_an_index_and_drops_a_column_is_named_exactly() {
    let dir = repo().join("tests/fixtures/bad-rollback");
    let r = report_of(&dir);
    assert_subset(&expected(&dir), &r, "bad-rollback");
    assert_eq!(r["rollback"]["verdict"], "not clean: 2 schema differences, data lost in 1 table");
    // Each change is placed at the statement that made it (from Postgres' event triggers).
    let lines: Vec<(String, u64)> = r["changes_by_file"]["002_tenants.sql"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["summary"].as_str().unwrap().to_string(), c["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        lines,
        [
            ("+ table public.organizations (2 columns, 1 constraint, 1 index)".to_string(), 1),
            ("+ column public.accounts.organization_id bigint not null default 1".to_string(), 3),
            ("+ constraint accounts_organization_id_fkey on public.accounts FOREIGN KEY (organization_id) REFERENCES organizations(id)".to_string(), 3),
            ("- index accounts_name_idx on public.accounts (name)".to_string(), 5),
            ("+ index accounts_org_name_idx on public.accounts (organization_id, name)".to_string(), 6),
        ]
    );
}

#[test]
fn the_bundled_rollbacks_are_clean() {
    for name in ["supabase-orgs", "client-id-backfill", "settings-to-orgs"] {
        let r = report_of(&repo().join("examples").join(name));
        assert_eq!(r["rollback"]["clean"], true, "{name}: {:#}", r["rollback"]);
        assert!(!r["rollback"]["data"].as_array().unwrap().is_empty(), "{name}: data compared");
        for (file, changes) in r["changes_by_file"].as_object().unwrap() {
            for c in changes.as_array().unwrap() {
                assert!(c["line"].is_u64(), "{name}/{file}: no statement for {}", c["summary"]);
            }
        }
    }
}
