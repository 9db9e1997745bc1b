//! The rollback's three levels against a real Postgres: clean; clean except columns that triggers
//! maintain (tests/fixtures/trigger-rollback: an `updated_at` set by a BEFORE UPDATE trigger while
//! the up file backfilled, named with the trigger and the UPDATE that fired it); not clean.

use crate::support::simulate;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tenant_planner_core::files::SqlFile;
use tenant_planner_core::profile::Profile;
use tenant_planner_core::project::Project;
use tenant_planner_native::load::load_dir;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/trigger-rollback")
}

fn report(p: &Project) -> Value {
    let (_, r) = simulate(p, Some(Profile::Postgres), false, &mut ()).unwrap();
    serde_json::to_value(&r).unwrap()
}

/// Every field of `want` is in `got` with the same value (arrays element by element).
fn assert_subset(want: &Value, got: &Value, path: &str) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                assert_subset(
                    wv,
                    g.get(k).unwrap_or_else(|| panic!("{path}.{k} missing: {got:#}")),
                    &format!("{path}.{k}"),
                );
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            assert_eq!(w.len(), g.len(), "{path}: {got:#}");
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                assert_subset(wv, gv, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(want, got, "{path}"),
    }
}

#[test]
fn a_trigger_timestamp_is_clean_except_the_trigger_column() {
    let dir = fixture();
    let r = report(&load_dir(&dir).unwrap());
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    assert_subset(&want, &r, "trigger-rollback");
    let verdict = r["rollback"]["verdict"].as_str().unwrap();
    assert_eq!(
        verdict,
        "clean except columns maintained by triggers: schema and data are as they were after baseline and seed, except \
         public.accounts.updated_at (set by trigger accounts_touch BEFORE UPDATE, public.touch_updated_at(); 3 rows updated at 002_tenants.sql:6)"
    );
    // data_loss is as it always was: nothing lost.
    assert!(r["rollback"]["data"].as_array().unwrap().iter().all(|d| d["data_loss"] == false));
}

#[test]
fn the_same_column_changed_without_a_trigger_is_not_clean() {
    // Drop the trigger from the baseline and set updated_at by hand in the up file: the same
    // changed column, but nothing maintains it, so the rollback did not bring the data back.
    let mut p = load_dir(&fixture()).unwrap();
    for f in &mut p.files {
        if f.name == "000_baseline.sql" {
            f.text = f.text.replace("create trigger accounts_touch before update on public.accounts\n  for each row execute function public.touch_updated_at();", "");
        }
        if f.name == "002_tenants.sql" {
            f.text = f.text.replace(
                "update public.accounts set organization_id = 1;",
                "update public.accounts set organization_id = 1, updated_at = now();",
            );
        }
    }
    let r = report(&p);
    assert_eq!(r["rollback"]["level"], "not_clean", "{:#}", r["rollback"]);
    assert_eq!(r["rollback"]["verdict"], "not clean: data changed in 1 table");
    assert!(r["rollback"]["data"][0].get("maintained").is_none());
}

#[test]
fn clean_and_not_verified_levels() {
    let mut p = load_dir(&fixture()).unwrap();
    // No backfill of accounts: the trigger never fires, the rollback is clean.
    for f in &mut p.files {
        if f.name == "002_tenants.sql" {
            f.text = f.text.replace("update public.accounts set organization_id = 1;", "").replace(
                "alter table public.accounts alter column organization_id set not null;",
                "",
            );
        }
    }
    let r = report(&p);
    assert_eq!(
        (r["rollback"]["level"].as_str(), r["rollback"]["clean"].as_bool()),
        (Some("clean"), Some(true)),
        "{:#}",
        r["rollback"]
    );
    // Without a rollback file nothing was verified.
    p.files.retain(|f| f.name != "002_tenants_rollback.sql");
    p.files.push(SqlFile::new("003_more.sql", "select 1;"));
    let r = report(&p);
    assert_eq!(r["rollback"]["level"], "not_verified");
}
