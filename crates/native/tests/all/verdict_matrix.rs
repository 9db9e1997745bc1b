//! The verdict matrix: each project under tests/fixtures/verdict/ lands in one verdict state, and
//! the same run gives that verdict, as its expected.json says, everywhere it is shown:
//! (a) the report JSON's `verdict`, (b) the bundle (README title, report.md's verdict line, every
//! file's header banner, its report.json, the name tag), (c) the command line (`check DIR
//! --fail-on error,leak,rollback`: exit code, `Verdict:` line, each check's line). The page's
//! side — the summary and the Export tab, and the page's own bundle — is
//! tests/browser/verdict-matrix.test.mjs. Run with `--nocapture` to see the matrix.

use crate::support::simulate;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use tenant_planner_core::bundle::{entries, Layout, Options};
use tenant_planner_core::report::{to_json, Report};
use tenant_planner_core::verdict::{CheckId, State};
use tenant_planner_native::load::load_dir;

const BIN: &str = env!("CARGO_BIN_EXE_tenant-planner");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The case folders, by name.
fn cases() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("tests/fixtures/verdict"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.json").is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn state(s: &str) -> State {
    serde_json::from_value(Value::String(s.into())).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// The bundle's name tag for a banner title: `-NOT-VALIDATED` for "NOT VALIDATED", none when
/// validated.
fn tag_of(title: &str) -> String {
    if title == "Validated" {
        String::new()
    } else {
        format!("-{}", title.to_uppercase().replace(' ', "-"))
    }
}

/// How the command line marks a check's state.
fn mark(s: State) -> &'static str {
    match s {
        State::Passed => "✓ passed",
        State::Failed => "✗ failed",
        State::Inconclusive => "? inconclusive",
        State::NotChecked | State::Partial => "– not checked",
    }
}

/// (a) The report JSON: the whole verdict and each check, and the JSON reads back as the same
/// typed report.
fn report_side(case: &str, want: &Value, report: &Report) -> State {
    let json: Value = serde_json::from_str(&to_json(report)).unwrap();
    assert_eq!(json["profile"], want["profile"], "{case}");
    assert_eq!(json["verdict"]["state"], want["verdict"], "{case}: {:#?}", report.verdict);
    for (id, s) in want["checks"].as_object().unwrap() {
        let got = json["verdict"]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id.as_str())
            .unwrap_or_else(|| panic!("{case}: no check {id}"));
        assert_eq!(&got["state"], s, "{case}: check {id}: {got:#}");
    }
    assert_eq!(report.verdict.title(), want["title"], "{case}");
    let back: Report =
        serde_json::from_value(json.clone()).expect("the report JSON reads back as a Report");
    assert_eq!(back.verdict, report.verdict, "{case}");
    assert_eq!(
        back.judge(),
        report.verdict,
        "{case}: judged again from the JSON, the same verdict"
    );
    // What each case is about, beyond the states.
    for rule in want["lint_errors"].as_array().into_iter().flatten() {
        let found = &json["lint"][rule.as_str().unwrap()];
        assert!(
            found.as_array().is_some_and(|f| f
                .iter()
                .any(|x| x["level"] == "ERROR" && x.get("suppressed").is_none())),
            "{case}: {rule} {found:#}"
        );
    }
    for leak in want["leaked"].as_array().into_iter().flatten() {
        let leaks = json["isolation"]["leaks"].as_array().unwrap();
        assert!(
            leaks.iter().any(|l| l["table"] == leak[0] && l["command"] == leak[1]),
            "{case}: no leak {leak} in {leaks:#?}"
        );
    }
    if let Some(e) = want.get("error") {
        let got = &json["errors"][0];
        assert_eq!(
            (&got["file"], &got["line"], &got["sqlstate"]),
            (&e["file"], &e["line"], &e["sqlstate"]),
            "{case}: {got:#}"
        );
    }
    state(json["verdict"]["state"].as_str().unwrap())
}

/// (b) The bundle the Export tab makes of this run: which title it carries where.
fn bundle_side(case: &str, want: &Value, dir: &Path, report: &Report) -> String {
    let project = load_dir(dir).unwrap();
    let opts = Options { order_prefix: true, layout: Layout::Plain, date: "20260101".into() };
    let files = entries(&project, report, "<svg/>", "erDiagram", &opts);
    let text = |name: &str| {
        files
            .iter()
            .find(|e| e.path == name)
            .unwrap_or_else(|| panic!("{case}: no {name}"))
            .text
            .as_str()
    };
    let title = want["title"].as_str().unwrap();
    let validated = want["verdict"] == "passed";
    let readme = text("README.md").lines().next().unwrap();
    assert_eq!(
        readme,
        if validated { "# Validated migration bundle".to_string() } else { format!("# {title}") },
        "{case}"
    );
    let md_line = text("report.md").lines().nth(2).unwrap();
    assert!(md_line.starts_with(&format!("**{title}**: ")), "{case}: report.md says {md_line:?}");
    let bundled: Value = serde_json::from_str(text("report.json")).unwrap();
    assert_eq!(bundled["verdict"]["state"], want["verdict"], "{case}: the bundle's report.json");
    // Every migration file carries the banner unless validated.
    let sql: Vec<_> =
        files.iter().filter(|e| e.path.ends_with(".sql") && !e.path.starts_with("psql/")).collect();
    assert!(!sql.is_empty(), "{case}");
    for f in &sql {
        assert_eq!(
            f.text.starts_with(&format!("-- {title}: ")),
            !validated,
            "{case}: {} starts {:?}",
            f.path,
            f.text.lines().next()
        );
    }
    assert_eq!(report.verdict.bundle_tag(), tag_of(title), "{case}");
    format!("{md_line:.40}… tag {:?}", report.verdict.bundle_tag())
}

/// (c) `tenant-planner check DIR --fail-on error,leak,rollback`, run on its own.
fn cli_side(case: &str, want: &Value, dir: &Path, report: &Report) -> (i32, String) {
    let o = Command::new(BIN)
        .args(["check", dir.to_str().unwrap(), "--fail-on", "error,leak,rollback"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    let code = o.status.code().unwrap();
    assert_eq!(i64::from(code), want["exit_code"].as_i64().unwrap(), "{case}: exit code\n{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("Verdict: "))
        .unwrap_or_else(|| panic!("{case}: no Verdict line\n{out}"));
    assert_eq!(
        line,
        format!("Verdict: {}", report.verdict.headline),
        "{case}: the CLI's run and the library's agree"
    );
    assert!(
        line.starts_with(&format!("Verdict: {}", want["title"].as_str().unwrap())),
        "{case}: {line}"
    );
    for id in CheckId::ALL {
        let s = state(want["checks"][id.as_str()].as_str().unwrap());
        let check = format!("  {:<14} {}: ", mark(s), id.label());
        assert!(out.contains(&format!("\n{check}")), "{case}: {check:?} in\n{out}");
    }
    assert!(
        out.contains(if code == 0 {
            "\nResult: OK (--fail-on error,leak,rollback)\n"
        } else {
            "\nResult: FAIL (--fail-on error,leak,rollback)\n"
        }),
        "{case}:\n{out}"
    );
    (code, line.to_string())
}

#[test]
fn each_case_has_one_verdict_in_the_report_the_bundle_and_the_cli() {
    let cases = cases();
    assert!(cases.len() >= 6, "{cases:?}");
    let mut rows = Vec::new();
    for case in &cases {
        let dir = root().join("tests/fixtures/verdict").join(case);
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap();
        let project = load_dir(&dir).unwrap();
        let (_, report) = simulate(&project, None, false, &mut ()).unwrap();
        let a = report_side(case, &want, &report);
        let b = bundle_side(case, &want, &dir, &report);
        let (code, line) = cli_side(case, &want, &dir, &report);
        rows.push(format!("{case:<16} | {:<12} | {b:<58} | exit {code}, {line:.60}", a.as_str()));
    }
    println!("case             | report JSON  | bundle (report.md verdict line, name tag)                  | CLI (--fail-on error,leak,rollback)");
    for r in rows {
        println!("{r}");
    }
}
