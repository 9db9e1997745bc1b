//! Each fixture of tests/fixtures/conventions/ (one per migration tool) loaded as the app and
//! the CLI load a folder: the roles and the order must be the ones written in its expected.json
//! before anything ran.

use serde_json::Value;
use std::path::{Path, PathBuf};
use tenant_planner_core::conventions::{self, FileKind};
use tenant_planner_core::files::SqlFile;
use tenant_planner_core::project::Project;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/conventions")
}

/// Every file under `dir` as (relative path with `/`, text), sorted by path; expected.json and
/// README files of the fixture itself left out.
fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let rel_name = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        if path.is_dir() {
            walk(&path, &rel_name, out);
        } else if !(rel.is_empty() && (name == "expected.json" || name == "README.md")) {
            out.push((rel_name, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

/// A project from a fixture, as loaded (SQL files, plans, dbmate sections split), and the names
/// of the files that were ignored.
fn load(entries: Vec<(String, String)>) -> (Project, Vec<String>) {
    let mut project = Project::default();
    let mut sql = Vec::new();
    let mut ignored = Vec::new();
    for (name, text) in entries {
        match conventions::kind_of(&name) {
            FileKind::Sql => sql.push(SqlFile::new(name, text)),
            FileKind::Plan => project.plan_files.push(SqlFile::new(name, text)),
            FileKind::Other => ignored.push(name),
        }
    }
    project.files = conventions::prepare(sql);
    (project, ignored)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

/// Roles, order and convention of one project against an expected.json.
fn check(label: &str, project: &Project, want: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let det = project.conventions();
    if det.convention.id() != want["convention"].as_str().unwrap() {
        problems.push(format!(
            "{label}: convention {} (want {}): {}",
            det.convention.id(),
            want["convention"],
            det.summary
        ));
    }
    let order = project.order();
    let names = |v: &[usize]| v.iter().map(|&i| project.files[i].name.clone()).collect::<Vec<_>>();
    if names(&order.apply) != strings(&want["apply"]) {
        problems.push(format!(
            "{label}: apply order {:#?}\nwant {:#?}",
            names(&order.apply),
            strings(&want["apply"])
        ));
    }
    if names(&order.rollback) != strings(&want["rollback"]) {
        problems.push(format!(
            "{label}: rollback order {:#?}\nwant {:#?}",
            names(&order.rollback),
            strings(&want["rollback"])
        ));
    }
    let roles = want["roles"].as_object().unwrap();
    let mut loaded: Vec<&str> = project.files.iter().map(|f| f.name.as_str()).collect();
    loaded.sort();
    let mut listed: Vec<&str> = roles.keys().map(String::as_str).collect();
    listed.sort();
    if loaded != listed {
        problems.push(format!("{label}: files loaded {loaded:?}, expected.json lists {listed:?}"));
    }
    for (i, f) in project.files.iter().enumerate() {
        if let Some(r) = roles.get(&f.name).and_then(Value::as_str) {
            if f.role().as_str() != r {
                problems.push(format!(
                    "{label}: {} is {} (want {r}): {}",
                    f.name,
                    f.role().as_str(),
                    det.files[i].reason
                ));
            }
        }
        if det.files[i].reason.is_empty() {
            problems.push(format!("{label}: {} has no reason", f.name));
        }
    }
    problems
}

#[test]
fn every_convention_fixture_has_its_roles_and_order() {
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap();
        let mut entries = Vec::new();
        walk(&dir, "", &mut entries);
        let (project, ignored) = load(entries.clone());
        let mut want_ignored = strings(&want["ignored"]);
        want_ignored.sort();
        let mut got_ignored = ignored.clone();
        got_ignored.sort();
        if got_ignored != want_ignored {
            problems.push(format!("{name}: ignored {got_ignored:?}, want {want_ignored:?}"));
        }
        let plans: Vec<&str> = project.plan_files.iter().map(|p| p.name.as_str()).collect();
        if plans != strings(&want["plans"]) {
            problems.push(format!("{name}: plans {plans:?}, want {:?}", want["plans"]));
        }
        problems.extend(check(&name, &project, &want));
        // Dropped without its top folder (the CLI pointed at supabase/, the app given its
        // contents): the same roles and order.
        if name == "supabase" {
            let inner: Vec<(String, String)> = entries
                .iter()
                .filter_map(|(n, t)| {
                    n.strip_prefix("supabase/").map(|n| (n.to_string(), t.clone()))
                })
                .collect();
            let (p, _) = load(inner);
            let strip = |v: &Value| {
                Value::from(
                    strings(v)
                        .iter()
                        .map(|s| s.trim_start_matches("supabase/").to_string())
                        .collect::<Vec<_>>(),
                )
            };
            let mut w = want.clone();
            w["apply"] = strip(&want["apply"]);
            w["rollback"] = strip(&want["rollback"]);
            w["roles"] = want["roles"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.trim_start_matches("supabase/").to_string(), v.clone()))
                .collect();
            problems.extend(check("supabase (without supabase/)", &p, &w));
        }
        seen.push(name);
    }
    for wanted in [
        "dbmate",
        "drizzle",
        "flyway",
        "golang-migrate",
        "graphile-migrate",
        "numbered",
        "pg_dump",
        "pgtap",
        "prisma",
        "sqitch",
        "supabase",
        "timestamped",
    ] {
        assert!(seen.iter().any(|s| s == wanted), "no fixture {wanted} (found {seen:?})");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Byte order would get every one of these wrong: the test is not trivially satisfied by
/// sorting names.
#[test]
fn fixture_orders_differ_from_byte_order() {
    for name in ["flyway", "golang-migrate", "numbered", "sqitch"] {
        let want: Value = serde_json::from_str(
            &std::fs::read_to_string(fixtures().join(name).join("expected.json")).unwrap(),
        )
        .unwrap();
        let apply = strings(&want["apply"]);
        let mut sorted = apply.clone();
        sorted.sort();
        assert_ne!(apply, sorted, "{name}: the expected order is plain byte order");
    }
}
