//! Each fixture of tests/fixtures/conventions/ through the whole pipeline on the native engine,
//! loaded as `tenant-planner check DIR` loads it: every statement runs without error (or fails
//! exactly where expected.json says), validation counts are as written, dbmate's down sections
//! run as the rollback and the rollback verdict is computed. Also: an error in a dbmate down
//! section points at the line of the original file, and the CLI names the convention.

use crate::support::{repo, simulate, statement_key};
use serde_json::Value;
use std::path::PathBuf;
use tenant_planner_core::profile::Profile;
use tenant_planner_native::load::load_dir;

fn fixture_dirs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/fixtures/conventions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    v.sort();
    v
}

/// Failed statements as `file:line SQLSTATE`.
fn failures(r: &Value) -> Vec<String> {
    r["errors"].as_array().unwrap().iter().map(statement_key).collect()
}

#[test]
fn every_convention_fixture_runs_as_expected() {
    let mut problems = Vec::new();
    for dir in fixture_dirs() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap();
        let project = load_dir(&dir).unwrap();
        let profile = Profile::parse(want["profile"].as_str().unwrap());
        let (_, report) = simulate(&project, profile, false, &mut ()).unwrap();
        let r = serde_json::to_value(&report).unwrap();
        let got = failures(&r);
        let expected: Vec<String> = want["expected_failures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                format!(
                    "{}:{} {}",
                    e["file"].as_str().unwrap(),
                    e["line"],
                    e["sqlstate"].as_str().unwrap()
                )
            })
            .collect();
        if got != expected {
            problems.push(format!(
                "{name}: failed statements {got:?}, expected {expected:?}\n{:#}",
                r["errors"]
            ));
        }
        if expected.is_empty() && r["outcome"] != "completed" {
            problems.push(format!("{name}: outcome {} ({})", r["outcome"], r["abort_reason"]));
        }
        // The run followed the detected order.
        let apply: Vec<&str> =
            r["apply_order"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let want_apply: Vec<&str> =
            want["apply"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        if apply != want_apply {
            problems.push(format!("{name}: ran in the order {apply:?}"));
        }
        if r["convention"]["id"] != want["convention"] {
            problems.push(format!(
                "{name}: report convention {} (want {})",
                r["convention"]["id"], want["convention"]
            ));
        }
        if let Some(v) = want.get("validation").and_then(Value::as_object) {
            for (file, counts) in v {
                let got = &r["validation"][file];
                if got["passed"] != counts["passed"] || got["failed"] != counts["failed"] {
                    problems.push(format!("{name}: validation of {file}: {got:#} (want {counts})"));
                }
            }
        }
        let rb = &r["rollback"];
        let has_rollback = !want["rollback"].as_array().unwrap().is_empty();
        if rb["provided"] != has_rollback {
            problems.push(format!("{name}: rollback provided = {}", rb["provided"]));
        }
        if has_rollback {
            // Every rollback file ran, every statement of it.
            for f in want["rollback"].as_array().unwrap() {
                let entry = r["files"].as_array().unwrap().iter().find(|e| &e["file"] == f);
                match entry {
                    Some(e)
                        if e["role"] == "rollback"
                            && e["not_run"] == 0
                            && e["failed"] == 0
                            && e["statements"].as_u64() > Some(0) => {}
                    other => problems
                        .push(format!("{name}: rollback file {f} did not run clean: {other:?}")),
                }
            }
            if rb["ran"] != true || rb["verdict"].as_str().is_none_or(str::is_empty) {
                problems.push(format!("{name}: rollback verdict not computed: {rb:#}"));
            }
            if let Some(clean) = want.get("rollback_clean") {
                if &rb["clean"] != clean {
                    problems.push(format!(
                        "{name}: rollback clean = {} (want {clean}): {}",
                        rb["clean"], rb["verdict"]
                    ));
                }
            }
        }
        eprintln!(
            "{name}: {} statements, {} failed, rollback: {}",
            r["statements"]["total"], r["statements"]["failed"], rb["verdict"]
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// A dbmate file whose down section fails: the error names the down part and the line of the
/// original file; its up section ran as an up migration.
#[test]
fn dbmate_down_section_errors_point_at_the_original_line() {
    let dir = std::env::temp_dir().join(format!("tp-dbmate-lines-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("db/migrations")).unwrap();
    let text = "-- migrate:up\ncreate table notes (\n  id int primary key\n);\n\n-- migrate:down\n-- line 7 is next\ndrop tabel notes;\n";
    std::fs::write(dir.join("db/migrations/20240101000000_notes.sql"), text).unwrap();
    let project = load_dir(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let names: Vec<&str> = project.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["db/migrations/20240101000000_notes.sql", "db/migrations/20240101000000_notes.sql#down"]
    );
    let (_, report) = simulate(&project, Some(Profile::Postgres), true, &mut ()).unwrap();
    let r = serde_json::to_value(&report).unwrap();
    assert_eq!(
        failures(&r),
        ["db/migrations/20240101000000_notes.sql#down:8 42601"],
        "{:#}",
        r["errors"]
    );
    assert_eq!(r["errors"][0]["column"], 6, "at \"tabel\"");
    assert_eq!(r["files"][0]["role"], "up");
    assert_eq!(r["files"][0]["failed"], 0);
    assert_eq!(r["catalog"]["after_up"]["tables"]["public.notes"]["columns"][0]["name"], "id");
}

/// `tenant-planner check` on a fixture names the convention in its text output, and error
/// locations of dbmate down parts point at the file on disk.
#[test]
fn cli_text_names_the_convention() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_tenant-planner"))
        .args(["check", "tests/fixtures/conventions/flyway"])
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("Convention: Flyway: V<version>__name.sql by version"), "{out}");
    assert!(out.contains("db/migration/V1_10__add_account_plan.sql"), "{out}");
}
