//! Agreement with the peers' own test suites (tests/peers/: splinter's and squawk's cases, each
//! rewritten as our own SQL with what the peer reports). Every case runs through the whole
//! pipeline on the native engine (baseline.sql as the baseline, up.sql as the up file, the case's
//! profile, the project's default table sizes); our rule's findings are compared with the peer's,
//! object by object (`up.sql:LINE` for the migration rules).
//!
//! A case agrees, or differs by a documented decision: its case.json says `our_decision` (what we
//! report, and the id of the difference in our rule's docs, or of the peer rule we do not carry),
//! and the test asserts that answer. Any other difference fails the test. Cases needing what the
//! engine lacks (contrib extensions, CREATE DATABASE) are skipped, and counted as such.
//!
//! `cargo test -p tenant-planner-native --test all -- peers::  --nocapture` prints the agreement table
//! (`PEERS_ONLY=squawk/02` runs the matching cases only).

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tenant_planner_core::catalog::Snapshot;
use tenant_planner_core::engine::Engine;
use tenant_planner_core::files::SqlFile;
use tenant_planner_core::lint::{self, Category};
use tenant_planner_core::pipeline::run;
use tenant_planner_core::profile::Profile;
use tenant_planner_core::project::Project;
use tenant_planner_core::report;
use tenant_planner_core::run::{Observer, Progress, RunOptions, RunResult, Status};
use tenant_planner_native::NativeEngine;

struct Case {
    name: String,
    dir: PathBuf,
    json: Value,
}

impl Case {
    fn str(&self, k: &str) -> Option<&str> {
        self.json.get(k).and_then(Value::as_str)
    }
    fn list(v: Option<&Value>) -> BTreeSet<String> {
        v.and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
            .unwrap_or_default()
    }
    fn peer_expects(&self) -> BTreeSet<String> {
        Case::list(self.json.get("peer_expects"))
    }
    /// `our_decision`: what we report instead, and the documented difference it rests on.
    fn decision(&self) -> Option<(BTreeSet<String>, String)> {
        let d = self.json.get("our_decision")?;
        Some((
            Case::list(d.get("expects")),
            d.get("difference").and_then(Value::as_str).unwrap_or("").to_string(),
        ))
    }
    fn needs(&self) -> Vec<String> {
        let mut v: Vec<String> = Case::list(self.json.get("requires_extensions"))
            .into_iter()
            .map(|e| format!("extension {e}"))
            .collect();
        v.extend(Case::list(self.json.get("requires")));
        v
    }
}

fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/peers");
    let mut out = Vec::new();
    for peer in ["splinter", "squawk"] {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join(peer))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("case.json").is_file())
            .collect();
        dirs.sort();
        for dir in dirs {
            let json: Value =
                serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap())
                    .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            out.push(Case {
                name: format!("{peer}/{}", dir.file_name().unwrap().to_string_lossy()),
                dir,
                json,
            });
        }
    }
    out
}

/// Gives the pipeline a clock, so that it times its snapshots.
struct Clock(Instant);

impl Observer for Clock {
    fn progress(&mut self, _: &Progress) {}
    fn now_ms(&self) -> Option<f64> {
        Some(self.0.elapsed().as_secs_f64() * 1000.0)
    }
}

/// A fresh database per case, cheaply: one engine, reset between cases (opening one costs ~10x a
/// reset). A case runs on a reset engine only once a fresh engine has given the catalog of a
/// fresh database with that profile's shim; the run on the reset engine takes its own such
/// snapshot, and unless it is equal to the fresh one the case runs again on a fresh engine.
#[derive(Default)]
struct Engines {
    engine: Option<NativeEngine>,
    bases: Vec<(Profile, Snapshot)>,
    fresh: usize,
    reset: usize,
    not_equal: usize,
}

/// Back to an empty database: no transaction, session settings and role reset, every schema but
/// Postgres' own dropped (the objects in them with it), every role but the superuser dropped,
/// event triggers dropped, `public` recreated as initdb makes it.
const RESET: &str = r#"
rollback;
reset all;
reset role;
do $$
declare r record;
begin
  for r in select evtname from pg_event_trigger loop
    execute format('drop event trigger %I', r.evtname);
  end loop;
  for r in select nspname from pg_namespace
            where nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
              and nspname !~ '^pg_temp_' and nspname !~ '^pg_toast_temp_' loop
    execute format('drop schema %I cascade', r.nspname);
  end loop;
  for r in select rolname from pg_roles where rolname !~ '^pg_' and rolname <> current_user loop
    execute format('drop owned by %I cascade', r.rolname);
    execute format('drop role %I', r.rolname);
  end loop;
end
$$;
create schema public authorization pg_database_owner;
grant usage on schema public to public;
comment on schema public is 'standard public schema';
"#;

impl Engines {
    fn open(&mut self, open_ms: &mut f64) -> NativeEngine {
        let t = Instant::now();
        let e = NativeEngine::open().expect("engine");
        *open_ms += t.elapsed().as_secs_f64() * 1000.0;
        self.fresh += 1;
        e
    }

    fn run(&mut self, project: &Project, profile: Profile, open_ms: &mut f64) -> RunResult {
        let fresh_base = self.bases.iter().find(|(p, _)| *p == profile).map(|(_, b)| b.clone());
        let reused = match (self.engine.take(), &fresh_base) {
            (Some(mut e), Some(_)) => {
                let t = Instant::now();
                let ok = pollster::block_on(e.exec(RESET)).is_ok_and(|o| o.error.is_none());
                *open_ms += t.elapsed().as_secs_f64() * 1000.0;
                ok.then_some(e)
            }
            _ => None,
        };
        let opts = RunOptions { profile, continue_on_error: false, base: None, probes: false };
        if let Some(mut e) = reused {
            let result =
                pollster::block_on(run(&mut e, project, &opts, &mut Clock(Instant::now())));
            if result.snapshots.base.is_some() && result.snapshots.base == fresh_base {
                self.reset += 1;
                self.engine = Some(e);
                return result;
            }
            self.not_equal += 1;
            if std::env::var("PEERS_DEBUG").is_ok() {
                let (a, b) = (
                    fresh_base.clone().unwrap_or_default(),
                    result.snapshots.base.clone().unwrap_or_default(),
                );
                eprintln!(
                    "reset engine differs from a fresh one: {:#?}",
                    tenant_planner_core::diff::diff(&a, &b)
                        .iter()
                        .map(|d| d.summary.clone())
                        .collect::<Vec<_>>()
                );
                if a.server_version != b.server_version {
                    eprintln!("version {} vs {}", a.server_version, b.server_version);
                }
            }
        }
        let mut e = self.open(open_ms);
        let result = pollster::block_on(run(&mut e, project, &opts, &mut Clock(Instant::now())));
        if fresh_base.is_none() {
            if let Some(b) = &result.snapshots.base {
                self.bases.push((profile, b.clone()));
            }
        }
        self.engine = Some(e);
        result
    }
}

#[derive(Debug, PartialEq)]
enum Verdict {
    Agrees,
    /// A documented decision (the difference's id), our answer as the case records it.
    Documented(String),
    /// The peer rule has no counterpart here; the reason is documented.
    NotCovered,
    Skipped(String),
    /// Anything else: the test fails.
    Disagrees(String),
}

/// How a finding compares with `peer_expects`: its object, or `file:line` for migration rules.
fn our_answer(rep: &report::Report, rule: &str) -> BTreeSet<String> {
    let doc =
        lint::docs().into_iter().find(|d| d.id == rule).unwrap_or_else(|| panic!("no rule {rule}"));
    let by_line = doc.categories.contains(&Category::MigrationSafety);
    rep.lint[rule]
        .iter()
        .map(|f| {
            if by_line {
                format!("{}:{}", f.file.as_deref().unwrap_or("?"), f.line.unwrap_or(0))
            } else {
                f.object.clone()
            }
        })
        .collect()
}

fn show(s: &BTreeSet<String>) -> String {
    if s.is_empty() {
        "—".into()
    } else {
        s.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}

#[test]
fn peers_agree_or_differ_by_documented_decision() {
    // PEERS_ONLY=<part of a case name> runs only the matching cases (while working on a rule).
    let only = std::env::var("PEERS_ONLY").ok();
    let all: Vec<Case> = cases()
        .into_iter()
        .filter(|c| only.as_ref().is_none_or(|o| c.name.contains(o.as_str())))
        .collect();
    assert!(only.is_some() || all.len() >= 165, "{} cases", all.len());
    let mut engines = Engines::default();
    type Row = (String, String, Verdict, BTreeSet<String>, BTreeSet<String>);
    let mut results: Vec<Row> = Vec::new();
    let t0 = Instant::now();
    let (mut open_ms, mut snapshot_ms, mut statements_ms, mut lint_ms) = (0.0, 0.0, 0.0, 0.0);
    for case in &all {
        let peer = case.str("peer").unwrap().to_string();
        let profile = match case.str("profile") {
            Some("supabase") => Profile::Supabase,
            _ => Profile::Postgres,
        };
        let read = |f: &str| std::fs::read_to_string(case.dir.join(f)).unwrap();
        let project = Project {
            files: vec![
                SqlFile::new("baseline.sql", read("baseline.sql")),
                SqlFile::new("up.sql", read("up.sql")),
            ],
            ..Default::default()
        };
        let result = engines.run(&project, profile, &mut open_ms);
        snapshot_ms += result.snapshot_ms;
        statements_ms += result.statements().map(|s| s.duration_ms).sum::<f64>();
        let t = Instant::now();
        let rep = report::build(&project, &result, "pglite-oxide (native)");
        lint_ms += t.elapsed().as_secs_f64() * 1000.0;
        let peer_expects = case.peer_expects();

        // The SQL must run as the case says: baseline clean, up clean or failing with `up_error`.
        let failed: Vec<(String, String)> = result
            .files
            .iter()
            .flat_map(|f| {
                f.statements.iter().filter(|s| s.status == Status::Failed).map(move |s| {
                    (
                        f.name.clone(),
                        s.error.as_ref().map(|e| e.sqlstate.clone()).unwrap_or_default(),
                    )
                })
            })
            .collect();
        let expected_failure: Vec<(String, String)> = case
            .str("up_error")
            .map(|e| vec![("up.sql".to_string(), e.to_string())])
            .unwrap_or_default();
        let needs = case.needs();
        let verdict_and_ours = if failed != expected_failure {
            let first = result
                .errors()
                .next()
                .map(|e| format!("{}:{} {} {}", e.file, e.line, e.sqlstate, e.message))
                .unwrap_or_default();
            if needs.is_empty() {
                (
                    Verdict::Disagrees(format!("the SQL did not run as the case says: {first}")),
                    BTreeSet::new(),
                )
            } else {
                (Verdict::Skipped(format!("needs {} ({first})", needs.join(", "))), BTreeSet::new())
            }
        } else {
            match case.str("our_rule") {
                None => {
                    let id = case.str("peer_rule").unwrap();
                    let documented =
                        lint::not_covered().iter().any(|d| d.peer == peer && d.peer_rule == id);
                    if documented {
                        (Verdict::NotCovered, BTreeSet::new())
                    } else {
                        (Verdict::Disagrees(format!("no counterpart to {peer}'s {id}, and lint::not_covered() does not say why")), BTreeSet::new())
                    }
                }
                Some(rule) => {
                    let ours = our_answer(&rep, rule);
                    let v = match case.decision() {
                        Some((expects, difference)) => {
                            let doc = lint::docs().into_iter().find(|d| d.id == rule).unwrap();
                            if !doc.differences.iter().any(|d| d.id == difference && d.peer == peer)
                            {
                                Verdict::Disagrees(format!("our_decision names difference {difference:?}, which {rule}'s docs do not hold"))
                            } else if ours != expects {
                                Verdict::Disagrees(format!(
                                    "our_decision says {}, we report {}",
                                    show(&expects),
                                    show(&ours)
                                ))
                            } else if ours == peer_expects {
                                Verdict::Disagrees(
                                    "agrees with the peer now: remove our_decision".into(),
                                )
                            } else {
                                Verdict::Documented(difference)
                            }
                        }
                        None if ours == peer_expects => Verdict::Agrees,
                        None => Verdict::Disagrees("undocumented difference".into()),
                    };
                    (v, ours)
                }
            }
        };
        let (verdict, ours) = verdict_and_ours;
        results.push((peer, case.name.clone(), verdict, peer_expects, ours));
    }
    let secs = t0.elapsed().as_secs_f64();

    // The table.
    println!(
        "\nAgreement with the peers' own suites ({} cases, {secs:.1} s: engines {:.1} s ({} opened, {} reset and checked equal to a fresh one, {} reset but not equal), statements {:.1} s, snapshots {:.1} s, report and lints {:.1} s)\n",
        all.len(),
        open_ms / 1000.0,
        engines.fresh,
        engines.reset,
        engines.not_equal,
        statements_ms / 1000.0,
        snapshot_ms / 1000.0,
        lint_ms / 1000.0
    );
    println!("| peer | cases | agree | documented differences | not covered (documented) | skipped (engine) | disagree |");
    println!("|---|---|---|---|---|---|---|");
    for peer in ["splinter", "squawk"] {
        let of = |f: &dyn Fn(&Verdict) -> bool| {
            results.iter().filter(|r| r.0 == peer && f(&r.2)).count()
        };
        println!(
            "| {peer} | {} | {} | {} | {} | {} | {} |",
            of(&|_| true),
            of(&|v| *v == Verdict::Agrees),
            of(&|v| matches!(v, Verdict::Documented(_))),
            of(&|v| *v == Verdict::NotCovered),
            of(&|v| matches!(v, Verdict::Skipped(_))),
            of(&|v| matches!(v, Verdict::Disagrees(_))),
        );
    }
    println!("\nCases that do not simply agree:\n");
    for (_, name, v, peer, ours) in results.iter().filter(|r| r.2 != Verdict::Agrees) {
        let what = match v {
            Verdict::Documented(id) => format!("documented difference `{id}`"),
            Verdict::NotCovered => "no counterpart (lint::not_covered)".into(),
            Verdict::Skipped(why) => format!("skipped: {why}"),
            Verdict::Disagrees(why) => format!("DISAGREES: {why}"),
            Verdict::Agrees => unreachable!(),
        };
        println!("- {name}: {what}\n    peer: {}\n    ours: {}", show(peer), show(ours));
    }
    let bad: Vec<&String> =
        results.iter().filter(|r| matches!(r.2, Verdict::Disagrees(_))).map(|r| &r.1).collect();
    assert!(
        bad.is_empty(),
        "{} case(s) disagree without a documented decision: {bad:?}",
        bad.len()
    );
}
