//! Exports on a real Postgres: the psql script gives the same catalog as the simulation, and the
//! bundle of each example holds every file with its header; a failing set is marked NOT VALIDATED.

use crate::support::{repo, simulate};
use tenant_planner_core::bundle::{entries, sha256_hex, zip, Layout, Options};
use tenant_planner_core::export::{script_check, script_check_project};
use tenant_planner_core::verdict::State;
use tenant_planner_native::load::load_dir;

#[test]
fn the_exported_psql_script_gives_the_simulated_catalog() {
    for name in ["supabase-orgs", "client-id-backfill", "settings-to-orgs"] {
        let project = load_dir(&repo().join("examples").join(name)).unwrap();
        let (run, _) = simulate(&project, None, false, &mut ()).unwrap();
        let check = script_check_project(&project);
        let (run2, report2) = simulate(&check, Some(run.profile), false, &mut ()).unwrap();
        assert_eq!(report2.statements.failed, 0, "{name}: {:#?}", report2.errors);
        let diff = script_check(
            run.snapshots.after_up.as_ref().unwrap(),
            run2.snapshots.after_up.as_ref().unwrap(),
        );
        assert!(diff.is_empty(), "{name}: {diff:#?}");
    }
}

#[test]
fn the_script_check_sees_a_difference() {
    let project = load_dir(&repo().join("examples/settings-to-orgs")).unwrap();
    let (run, _) = simulate(&project, None, false, &mut ()).unwrap();
    let mut check = script_check_project(&project);
    let last = check.files.last_mut().unwrap();
    last.text = last
        .text
        .replace("create index", "-- create index")
        .replace("CREATE INDEX", "-- CREATE INDEX");
    let (run2, _) = simulate(&check, Some(run.profile), false, &mut ()).unwrap();
    let diff = script_check(
        run.snapshots.after_up.as_ref().unwrap(),
        run2.snapshots.after_up.as_ref().unwrap(),
    );
    assert!(diff.iter().any(|d| d.contains("index")), "{diff:#?}");
}

#[test]
fn bundles_of_an_example_and_of_a_broken_set() {
    let opts = Options { order_prefix: false, layout: Layout::Supabase, date: "20261126".into() };
    let project = load_dir(&repo().join("examples/supabase-orgs")).unwrap();
    let (_, report) = simulate(&project, None, false, &mut ()).unwrap();
    assert_eq!(report.verdict.state, State::Passed, "{:#?}", report.verdict);
    let e = entries(&project, &report, "<svg/>", "erDiagram", &opts);
    let up = e
        .iter()
        .find(|x| x.path.starts_with("supabase/migrations/"))
        .expect("an up file in supabase/migrations");
    let original = project
        .files
        .iter()
        .find(|f| {
            up.path.ends_with(
                f.name.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches('_'),
            )
        })
        .unwrap();
    assert!(up.text.contains(&sha256_hex(&original.text)), "{}", up.text);
    assert!(up.text.contains("result: all "), "{}", &up.text[..400]);
    assert!(e[0].text.starts_with("# Validated migration bundle"), "{}", e[0].text);
    assert!(zip(&e, "bundle").unwrap().len() > 1000);

    let broken = load_dir(&repo().join("tests/fixtures/broken")).unwrap();
    let (_, report) = simulate(&broken, None, false, &mut ()).unwrap();
    let why = report.verdict.reasons();
    assert_eq!(report.verdict.state, State::Failed);
    assert!(why.iter().any(|w| w.contains("failed")), "{why:?}");
    let e = entries(&broken, &report, "", "", &opts);
    assert!(e[0].text.starts_with("# NOT VALIDATED"));
    assert!(e
        .iter()
        .filter(|x| x.path.ends_with(".sql") && !x.path.starts_with("psql/"))
        .all(|x| x.text.starts_with("-- NOT VALIDATED")));

    let leaky = load_dir(&repo().join("examples/leaky-tenants")).unwrap();
    let (_, report) = simulate(&leaky, None, false, &mut ()).unwrap();
    assert!(
        report.verdict.reasons().iter().any(|w| w == "leak probes: 24 cross-tenant leaks found"),
        "{:?}",
        report.verdict.reasons()
    );
    let e = entries(&leaky, &report, "", "", &opts);
    let md = &e.iter().find(|x| x.path == "report.md").unwrap().text;
    assert!(md.contains("| outsider | public.contacts | SELECT | 7 |"), "{md}");
}
