//! A report that records its run opens again as that run: for every bundled example, the report
//! the command line writes (`with_run`, as `check --format json` does) goes through JSON and back
//! into the same project, the same `RunResult` and the same report, which is what the app shows
//! when it opens the file. The bytes the recorded run adds are printed (docs/report.md says them).

use tenant_planner_core::reopen;
use tenant_planner_core::report;
use tenant_planner_native::load::load_dir;

fn examples() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(crate::support::repo().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    v.sort();
    assert!(v.len() >= 3, "{v:?}");
    v
}

#[test]
fn every_example_report_round_trips_to_the_same_run_and_project() {
    for dir in examples() {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let project = load_dir(&dir).unwrap();
        let (run, built) = crate::support::simulate(&project, None, false, &mut ()).unwrap();
        let lean = report::to_json(&built);
        let full = report::to_json(&built.with_run(&project, &run));
        let opened = reopen::open(&full).unwrap_or_else(|e| panic!("{}", e.describe(&name)));
        assert_eq!(opened.project, project, "{name}: the project");
        assert_eq!(opened.result, run, "{name}: the run");
        assert_eq!(opened.report, built, "{name}: the report");
        // Without the run the report says what is missing instead of opening half.
        assert_eq!(reopen::open(&lean).unwrap_err(), reopen::ReopenError::NoRun, "{name}");
        eprintln!(
            "{name}: report {} KB, with its run {} KB (+{} KB)",
            lean.len() / 1024,
            full.len() / 1024,
            (full.len() - lean.len()) / 1024
        );
    }
}
