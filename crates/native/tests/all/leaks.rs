//! The leak-probe corpus (tests/leaks/, see its README): schemas of our own, each with every true
//! hole written down before the probes were run on it. Every case runs through the whole
//! pipeline on the native engine; the leaks reported are compared with the holes written down.
//! Recall must be 100 % and false leaks 0; the personas, the tenant roots and the coverage each
//! case expects must be what the probes say. `LEAKS_CASE=07` runs the cases whose name has it.

use crate::support::simulate;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tenant_planner_core::isolation::ControlState;
use tenant_planner_core::verdict::CheckId;
use tenant_planner_core::Profile;
use tenant_planner_native::load::load_dir;

type Hole = (String, String, String);

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/leaks")
}

fn holes(v: &Value) -> BTreeMap<Hole, String> {
    v["holes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let s = |k: &str| h[k].as_str().unwrap_or_default().to_string();
            ((s("table"), s("command"), s("persona")), s("kind"))
        })
        .collect()
}

fn strings(v: &Value) -> Option<Vec<String>> {
    v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
}

#[test]
fn corpus_recall_100_and_no_false_leaks() {
    let only = std::env::var("LEAKS_CASE").ok();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.json").exists())
        .collect();
    dirs.sort();
    assert!(only.is_some() || dirs.len() >= 20, "the corpus has {} cases", dirs.len());
    let (mut true_pos, mut false_neg, mut false_pos) = (0usize, 0usize, 0usize);
    let mut problems: Vec<String> = Vec::new();
    let mut shapes: BTreeSet<String> = BTreeSet::new();
    let mut ms = 0.0;
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
            continue;
        }
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap();
        shapes.extend(strings(&expected["shape"]).unwrap_or_default());
        let profile = match expected["profile"].as_str() {
            Some("postgres") => Profile::Postgres,
            _ => Profile::Supabase,
        };
        let project = load_dir(&dir).unwrap();
        let (result, report) = simulate(&project, Some(profile), false, &mut ()).unwrap();
        if report.statements.failed > 0 {
            problems.push(format!("{name}: the schema does not run: {:?}", report.errors));
            continue;
        }
        let Some(iso) = result.isolation else {
            problems.push(format!("{name}: the probes did not run"));
            continue;
        };
        ms += iso.ms;
        let want = holes(&expected);
        let got: BTreeMap<Hole, String> = iso
            .leaks
            .iter()
            .map(|l| ((l.table.clone(), l.command.clone(), l.persona.clone()), l.kind.clone()))
            .collect();
        let missed: Vec<&Hole> = want.keys().filter(|h| !got.contains_key(*h)).collect();
        let extra: Vec<&Hole> = got.keys().filter(|h| !want.contains_key(*h)).collect();
        true_pos += want.len() - missed.len();
        false_neg += missed.len();
        false_pos += extra.len();
        for h in &missed {
            problems.push(format!("{name}: missed {} {} {}", h.0, h.1, h.2));
        }
        for h in &extra {
            let cause = iso
                .leaks
                .iter()
                .find(|l| l.table == h.0 && l.command == h.1 && l.persona == h.2)
                .map(|l| l.cause.clone())
                .unwrap_or_default();
            problems.push(format!("{name}: false leak {} {} {}: {cause}", h.0, h.1, h.2));
        }
        for (h, kind) in &want {
            if let Some(k) = got.get(h).filter(|k| !kind.is_empty() && *k != kind) {
                problems.push(format!(
                    "{name}: {} {} {} is a {k} leak, expected {kind}",
                    h.0, h.1, h.2
                ));
            }
        }
        if let Some(ids) = strings(&expected["personas"]) {
            let have: Vec<String> = iso.personas.iter().map(|p| p.id.clone()).collect();
            if have != ids {
                problems.push(format!("{name}: personas {have:?}, expected {ids:?}"));
            }
        }
        if let Some(roots) = strings(&expected["roots"]) {
            if report.tenant_roots != roots {
                problems.push(format!(
                    "{name}: tenant roots {:?}, expected {roots:?}",
                    report.tenant_roots
                ));
            }
        }
        if expected["complete"].as_bool() == Some(true)
            && !(iso.coverage.complete && iso.error.is_none())
        {
            problems.push(format!(
                "{name}: coverage incomplete: {:?} {:?}",
                iso.error, iso.coverage.missing
            ));
        }
        if expected["complete"].as_bool() == Some(false) && iso.coverage.complete {
            problems.push(format!("{name}: coverage complete, expected incomplete"));
        }
        // The positive control: the tables where tenant A's own member read none of its rows,
        // and those the catalog closes to members.
        if let Some(want) = strings(&expected["unconfirmed"]) {
            if iso.coverage.unconfirmed != want {
                problems.push(format!(
                    "{name}: unconfirmed {:?}, expected {want:?}",
                    iso.coverage.unconfirmed
                ));
            }
        }
        if let Some(want) = strings(&expected["closed"]) {
            let have: Vec<String> = iso
                .coverage
                .tables
                .iter()
                .filter(|t| t.control.as_ref().is_some_and(|c| c.state == ControlState::Closed))
                .map(|t| t.table.clone())
                .collect();
            if have != want {
                problems.push(format!("{name}: closed {have:?}, expected {want:?}"));
            }
        }
        if let Some(want) = expected["verdict"].as_str() {
            let have = report.verdict.check(CheckId::Leaks).state.as_str();
            if have != want {
                problems.push(format!(
                    "{name}: leak verdict {have}, expected {want}: {:?}",
                    report.verdict.check(CheckId::Leaks).reasons
                ));
            }
        }
        println!(
            "{name}: {} hole(s), {} found, {} missed, {} false; {} probes, {:.0} ms{}",
            want.len(),
            got.len() - extra.len(),
            missed.len(),
            extra.len(),
            iso.matrix.len(),
            iso.ms,
            if iso.coverage.complete { "" } else { " (coverage incomplete)" }
        );
    }
    let recall = if true_pos + false_neg == 0 {
        100.0
    } else {
        100.0 * true_pos as f64 / (true_pos + false_neg) as f64
    };
    let precision = if true_pos + false_pos == 0 {
        100.0
    } else {
        100.0 * true_pos as f64 / (true_pos + false_pos) as f64
    };
    println!("leak corpus: recall {recall:.1} % ({true_pos} of {} holes), {false_pos} false leaks (precision {precision:.1} %), probes {ms:.0} ms in all", true_pos + false_neg);
    if only.is_none() {
        for shape in [
            "fk",
            "no-fk",
            "membership-table",
            "user-table-membership",
            "signup-trigger",
            "platform-admin",
            "jwt-claim",
            "views",
            "functions",
            "positive-control",
        ] {
            assert!(shapes.contains(shape), "no case of shape {shape}");
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
