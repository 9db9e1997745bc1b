//! The reducer on the host: every action the page takes, from a fresh state, with runs made by
//! the native engine (real PostgreSQL in-process, as the CLI runs), dispatched as the page's
//! runner dispatches them. What each test expects is written in it.

use super::{Action, Level, RunView, State, Tab};
use crate::bridge::PickedFile;
use crate::ingest::ingest;
use crate::ptr::Ptr;
use std::rc::Rc;
use tenant_planner_core::files::{Role, SqlFile};
use tenant_planner_core::lint::Suppression;
use tenant_planner_core::project::Project;
use tenant_planner_core::report;
use tenant_planner_core::run::{Observer, Outcome, Progress};
use tenant_planner_core::share;
use yew::prelude::Reducible;

fn apply(s: &Rc<State>, a: Action) -> Rc<State> {
    s.clone().reduce(a)
}

fn apply_all(mut s: Rc<State>, actions: Vec<Action>) -> Rc<State> {
    for a in actions {
        s = apply(&s, a);
    }
    s
}

fn picked(name: &str, text: &str) -> PickedFile {
    PickedFile { name: name.into(), size: text.len() as f64, bytes: Some(text.as_bytes().to_vec()) }
}

/// Our own small project: a table without a primary key (splinter's `no_primary_key` finds it on
/// `public.events`), a second table, and a rollback.
fn project() -> Project {
    let files = vec![
        SqlFile::new("001_events.sql", "create table public.events (kind text not null, at timestamptz not null default now());\n"),
        SqlFile::new("002_notes.sql", "create table public.notes (id bigint primary key, body text);\n"),
        SqlFile::new("002_notes_rollback.sql", "drop table public.notes;\n"),
    ];
    Project { files, ..Default::default() }
}

fn loaded() -> Rc<State> {
    apply(
        &Rc::new(State::default()),
        Action::Restore {
            project: project(),
            example: None,
            id: Some("test".into()),
            stopped: None,
        },
    )
}

/// What the page's runner dispatches when a run of the state's project ends.
fn run_with(s: &State, obs: &mut dyn Observer) -> Action {
    let (result, report) =
        tenant_planner_native::simulate(&s.project, None, s.continue_on_error, obs)
            .expect("the native engine opens");
    let json = report::to_json(&report);
    Action::RunFinished {
        result: Ptr::new(result),
        report: Ptr::new(report),
        json: Ptr::new(json),
        project: s.project.clone(),
        generation: s.generation,
    }
}

fn run(s: &Rc<State>) -> Rc<State> {
    let started = apply(s, Action::RunStarted);
    let finished = run_with(&started, &mut ());
    apply(&started, finished)
}

struct CancelAtOnce;

impl Observer for CancelAtOnce {
    fn progress(&mut self, _: &Progress) {}
    fn cancelled(&self) -> bool {
        true
    }
}

#[test]
fn loading_files_over_an_untouched_example_replaces_it_and_says_what_was_skipped() {
    let s = apply(
        &Rc::new(State::default()),
        Action::LoadExample(crate::examples::DEFAULT_EXAMPLE.into()),
    );
    assert_eq!(s.example.as_deref(), Some(crate::examples::DEFAULT_EXAMPLE));
    assert_eq!(s.generation, 1);
    let example_id = s.project_id.clone();

    let files = vec![
        picked("db/001_init.sql", "create table t (id int);"),
        picked("notes.txt", "not sql"),
        picked("002_empty.sql", "  \n"),
    ];
    let s = apply_all(s, ingest(files, Some(crate::examples::DEFAULT_EXAMPLE), false));
    let names: Vec<&str> = s.project.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["db/001_init.sql", "002_empty.sql"],
        "the example's files are gone, the text file ignored"
    );
    assert_eq!(s.example, None);
    assert_eq!(s.generation, 2);
    assert_ne!(s.project_id, example_id, "a replaced project is a new saved project");
    let said: Vec<(Level, &str)> = s.messages.iter().map(|m| (m.level, m.text.as_str())).collect();
    assert_eq!(
        said,
        [
            (Level::Warning, "002_empty.sql is empty: it is listed but has nothing to run"),
            (Level::Info, "Ignored 1 file that is not .sql: notes.txt"),
            (Level::Info, "Replaced the example supabase-orgs with your 2 files"),
        ]
    );

    // Files loaded over the user's own are added, under the same project.
    let id = s.project_id.clone();
    let s = apply_all(
        s.clone(),
        ingest(
            vec![picked("003_more.sql", "select 1;")],
            s.example.as_deref(),
            s.project.files.is_empty(),
        ),
    );
    assert_eq!(s.project.files.len(), 3);
    assert_eq!(s.project_id, id);
    assert_eq!(s.generation, 3);
}

#[test]
fn an_unknown_example_changes_nothing() {
    let s = loaded();
    let after = apply(&s, Action::LoadExample("no-such-example".into()));
    assert!(Rc::ptr_eq(&s, &after));
}

#[test]
fn a_run_starts_finishes_and_goes_stale_when_the_files_change() {
    let s = loaded();
    assert!(s.auto_run_due(), "new files: auto-run is due");

    let started = apply(&s, Action::RunStarted);
    assert!(started.is_running());
    assert_eq!(started.last_run_generation, Some(s.generation));
    assert!(!started.auto_run_due(), "not while running");

    let done = apply(&started, run_with(&started, &mut ()));
    let f = done.finished().expect("finished");
    assert_eq!(f.report.outcome, Outcome::Completed);
    assert_eq!(f.report.statements.failed, 0);
    assert_eq!(done.runs_finished, 1);
    assert!(
        done.previous.as_ref() == Some(f),
        "the finished run is also the one kept on screen during the next"
    );
    assert!(!done.stale());
    assert!(!done.auto_run_due(), "the files have not changed since it started");

    // A change to the project after the run: the run is stale and auto-run is due again.
    let changed = apply(&done, Action::SetRole("002_notes.sql".into(), Role::Seed));
    assert!(changed.stale());
    assert!(changed.auto_run_due());
    assert!(
        changed.finished().unwrap().project == f.project,
        "the results keep the project they ran"
    );
}

#[test]
fn a_cancelled_run_finishes_as_cancelled_and_is_not_started_again() {
    let s = loaded();
    let started = apply(&s, Action::RunStarted);
    let done = apply(&started, run_with(&started, &mut CancelAtOnce));
    let f = done.finished().expect("a cancelled run still finishes");
    assert_eq!(f.result.outcome, Outcome::Cancelled);
    assert_eq!(done.runs_finished, 1);
    assert!(!done.is_running());
    assert!(!done.auto_run_due(), "auto-run does not restart what the user cancelled");

    // A database that could not start: an error, counted as a finished run.
    let failed = apply(
        &apply(&done, Action::RunStarted),
        Action::RunFailed("could not start PGlite: out of memory".into()),
    );
    assert_eq!(failed.run, RunView::Failed("could not start PGlite: out of memory".into()));
    assert_eq!(failed.runs_finished, 2);
}

#[test]
fn switching_tabs_changes_the_view_only() {
    let s = run(&loaded());
    let erd = apply(&s, Action::SetTab(Tab::Erd));
    assert_eq!(erd.tab, Tab::Erd);
    assert_eq!(erd.generation, s.generation);
    assert!(erd.project == s.project, "the same project, by pointer");
    assert!(erd.run == s.run, "the same results, by pointer");

    let jumped = apply(&erd, Action::JumpTo("002_notes.sql".into(), 1));
    assert_eq!(jumped.tab, Tab::Timeline);
    assert_eq!(jumped.focus, Some(("002_notes.sql".into(), 1)));
    assert_eq!(jumped.generation, s.generation);
}

#[test]
fn a_role_override_is_a_new_project_and_leaves_the_old_state_alone() {
    let s = apply(
        &Rc::new(State::default()),
        Action::LoadExample(crate::examples::DEFAULT_EXAMPLE.into()),
    );
    let name = s.project.files.iter().find(|f| f.role() == Role::Up).unwrap().name.clone();

    let t = apply(&s, Action::SetRole(name.clone(), Role::Validate));
    let file = |st: &State| st.project.files.iter().find(|f| f.name == name).unwrap().role();
    assert_eq!(file(&t), Role::Validate);
    assert_eq!(file(&s), Role::Up, "the earlier state keeps its project");
    assert!(t.project != s.project, "a changed project is a new pointer");
    assert_eq!(t.generation, s.generation + 1);
    assert_eq!(t.example, None, "a changed example is the user's project");
}

#[test]
fn a_suppression_rebuilds_the_report_from_the_last_run_and_undoing_it_brings_the_finding_back() {
    let s = run(&loaded());
    let finding = |st: &State| {
        let f = st.finished().unwrap();
        f.report
            .lint
            .get("no_primary_key")
            .and_then(|v| v.iter().find(|x| x.object == "public.events"))
            .cloned()
            .expect("no_primary_key on public.events")
    };
    assert_eq!(finding(&s).suppressed, None);
    let result = s.finished().unwrap().result.clone();

    let why = "an append-only log, read in bulk";
    let t = apply(
        &s,
        Action::Suppress(Suppression {
            rule: "no_primary_key".into(),
            object: "public.events".into(),
            reason: why.into(),
        }),
    );
    assert_eq!(finding(&t).suppressed.as_deref(), Some(why));
    assert!(t.finished().unwrap().json.contains(why), "the report JSON carries the reason");
    assert!(t.finished().unwrap().result == result, "no new run: the same result, by pointer");
    assert!(!t.stale(), "the report is of the project as it is now");
    assert!(!t.auto_run_due(), "and nothing runs again");
    assert_eq!(t.generation, s.generation + 1);
    assert_eq!(t.project.suppressions.len(), 1);

    // Suppressing the same finding again replaces the reason.
    let t2 = apply(
        &t,
        Action::Suppress(Suppression {
            rule: "no_primary_key".into(),
            object: "public.events".into(),
            reason: "kept short".into(),
        }),
    );
    assert_eq!(t2.project.suppressions.len(), 1);
    assert_eq!(finding(&t2).suppressed.as_deref(), Some("kept short"));

    let u = apply(
        &t2,
        Action::Unsuppress { rule: "no_primary_key".into(), object: "public.events".into() },
    );
    assert_eq!(finding(&u).suppressed, None);
    assert!(u.project.suppressions.is_empty());
    assert!(!u.stale());
}

#[test]
fn marking_a_table_shared_changes_the_project_and_runs_again() {
    let s = run(&loaded());
    let mark = |s: &Rc<State>, reason: &str| {
        apply(s, Action::MarkShared { table: "public.notes".into(), reason: reason.into() })
    };
    let t = mark(&s, "a public board");
    assert_eq!(t.project.shared_tables, ["public.notes"]);
    assert_eq!(t.project.shared_reasons["public.notes"], "a public board");
    assert!(t.stale());
    assert!(t.auto_run_due(), "the probes run again with the table shared");

    let again = mark(&t, "every tenant reads the board");
    assert_eq!(again.project.shared_tables, ["public.notes"], "marked once");
    assert_eq!(again.project.shared_reasons["public.notes"], "every tenant reads the board");
    // Undone in one action: the table and its reason go, and the probes run again.
    let unmarked = apply(&again, Action::UnmarkShared("public.notes".into()));
    assert!(unmarked.project.shared_tables.is_empty());
    assert!(unmarked.project.shared_reasons.is_empty());
    assert!(unmarked.auto_run_due());
}

#[test]
fn a_share_link_restores_the_project_the_tab_and_the_selected_table() {
    let s = loaded();
    let s = apply(&s, Action::SetRole("002_notes_rollback.sql".into(), Role::Validate));
    let s = apply(&s, Action::SetTab(Tab::Erd));
    let s = apply(&s, Action::SelectTable(Some("public.notes".into())));
    let fragment = share::encode(&s.shared()).unwrap();

    let opened = apply(
        &Rc::new(State::default()),
        Action::OpenShared(share::decode(&format!("#{fragment}")).unwrap(), None),
    );
    assert_eq!(*opened.project, *s.project);
    assert_eq!(opened.tab, Tab::Erd);
    assert_eq!(opened.selected_table.as_deref(), Some("public.notes"));
    assert_eq!(opened.example, None);
    assert_eq!(
        opened.messages.last().map(|m| m.text.as_str()),
        Some("Opened a shared project (3 files)")
    );
    assert!(opened.auto_run_due(), "a shared project runs on opening");

    // A link naming a tab this version does not have opens on the timeline.
    let mut shared = s.shared();
    shared.view.tab = Some("no-such-tab".into());
    shared.view.table = None;
    let opened = apply(&Rc::new(State::default()), Action::OpenShared(shared, None));
    assert_eq!(opened.tab, Tab::Timeline);
    assert_eq!(opened.selected_table, None);

    // One file is one file.
    let mut shared = s.shared();
    shared.project.files.truncate(1);
    let opened = apply(&Rc::new(State::default()), Action::OpenShared(shared, None));
    assert_eq!(
        opened.messages.last().map(|m| m.text.as_str()),
        Some("Opened a shared project (1 file)")
    );
}

#[test]
fn new_project_forgets_the_files_and_the_results() {
    let s = run(&loaded());
    let t = apply(&s, Action::NewProject);
    assert!(t.project.files.is_empty());
    assert_eq!(t.run, RunView::Idle);
    assert!(t.previous.is_none());
    assert!(!t.auto_run_due(), "nothing to run");
}

#[test]
fn messages_keep_the_latest_six() {
    let mut s = Rc::new(State::default());
    for i in 0..8 {
        s = apply(&s, Action::Say(Level::Info, format!("m{i}")));
    }
    let texts: Vec<&str> = s.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["m2", "m3", "m4", "m5", "m6", "m7"]);
    let first = s.messages[0].id;
    let s = apply(&s, Action::Dismiss(first));
    assert_eq!(s.messages.len(), 5);
}

/// What the page's base runner dispatches when the base's run ends.
fn base_run(project: Project, source: &str) -> Action {
    let (result, report) = tenant_planner_native::simulate(&project, None, false, &mut ())
        .expect("the native engine opens");
    Action::BaseFinished(super::BaseRun {
        source: source.into(),
        project: Ptr::new(project),
        result: Ptr::new(result),
        report: Ptr::new(report),
    })
}

#[test]
fn a_base_and_a_finished_head_make_the_delta_and_the_report_json_carries_it() {
    // Expected: the base has public.events only; the head adds public.notes (and a rollback), so
    // the delta lists public.notes as added, and the head's report JSON gains a `delta` key.
    let base = Project { files: vec![project().files[0].clone()], ..Default::default() };
    let s = apply(&loaded(), Action::BaseStarted { source: "1 file".into() });
    assert_eq!(s.compare.base, super::BaseView::Running { source: "1 file".into() });
    assert!(s.compare.delta.is_none());

    let s = apply(&s, base_run(base, "1 file"));
    assert!(s.compare.delta.is_none(), "no head run yet: nothing to compare");
    let s = run(&s);
    let d = s.compare.delta.clone().expect("base and head finished: a delta");
    let added: Vec<&str> = d
        .tables
        .iter()
        .filter(|t| t.change == tenant_planner_core::delta::TableChangeKind::Added)
        .map(|t| t.table.as_str())
        .collect();
    assert_eq!(added, ["public.notes"]);
    assert_eq!(d.counts.tables_added, 1);
    let json: serde_json::Value =
        serde_json::from_str(s.compare.json.as_deref().expect("the JSON with the delta")).unwrap();
    assert_eq!(json["delta"]["counts"]["tables_added"], 1);
    assert_eq!(json["outcome"], "completed", "the head's report, with the delta added");

    // A view change keeps the same delta (by pointer); a rebuilt head report makes a new one.
    let t = apply(&s, Action::SetTab(Tab::Compare));
    assert!(t.compare.delta == s.compare.delta);
    let u = apply(
        &t,
        Action::Suppress(Suppression {
            rule: "no_primary_key".into(),
            object: "public.events".into(),
            reason: "append-only".into(),
        }),
    );
    assert!(u.compare.delta != t.compare.delta, "a new head report: a new delta");

    // Clear forgets it; a base that failed says why and has no delta.
    let c = apply(&u, Action::ClearBase);
    assert_eq!(c.compare.base, super::BaseView::None);
    assert!(c.compare.delta.is_none() && c.compare.json.is_none());
    let f =
        apply(&c, Action::BaseFailed { source: "a share link".into(), why: "not a link".into() });
    assert!(matches!(&f.compare.base, super::BaseView::Failed { why, .. } if why == "not a link"));
    assert!(f.compare.delta.is_none());
}

#[test]
fn dismiss_all_clears_the_notices_and_later_ones_get_new_ids() {
    // Four refused files make four notices in one list; Dismiss all empties it in one action,
    // leaves the project and the run as they were, and the next notice has an id not used before.
    let mut s = loaded();
    for name in ["a.txt", "b.bin", "c.sql", "d.sql"] {
        s = apply(&s, Action::Say(Level::Error, format!("{name} refused")));
    }
    assert_eq!(s.messages.len(), 4);
    let (generation, last_id) = (s.generation, s.messages[3].id);
    let s = apply(&s, Action::DismissAll);
    assert!(s.messages.is_empty());
    assert_eq!(s.generation, generation, "the project is untouched");
    assert_eq!(s.project.files.len(), 3);
    let s = apply(&s, Action::Say(Level::Info, "again".into()));
    assert_eq!(s.messages.len(), 1);
    assert!(s.messages[0].id > last_id);
}

/// The report the command line writes for the state's project (`check --format json`): the
/// report with its run recorded.
fn cli_report(s: &State) -> String {
    let (result, built) = tenant_planner_native::simulate(&s.project, None, false, &mut ())
        .expect("the native engine opens");
    report::to_json(&built.with_run(&s.project, &result))
}

#[test]
fn a_report_file_opens_as_its_recorded_run_and_is_not_run_again() {
    let s = loaded();
    let json = cli_report(&s);
    // A run of the old project was going when the report was dropped: it ends after, and is
    // not allowed to replace what the report recorded.
    let started = apply(&s, Action::RunStarted);
    let late = run_with(&started, &mut ());
    let opened =
        apply_all(started.clone(), ingest(vec![picked("report.json", &json)], None, false));

    let f = opened.finished().expect("the report's run is the finished run");
    assert_eq!(f.opened_from.as_deref(), Some("report.json"));
    assert_eq!(f.report.engine.name, "pglite-oxide (native)");
    assert!(f.report.run.is_none(), "the report on the page leaves the run beside it");
    let page_json: serde_json::Value = serde_json::from_str(&f.json).unwrap();
    assert!(page_json.get("run").is_none(), "the page's Report JSON stays the lean report");
    let names: Vec<&str> = opened.project.files.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["001_events.sql", "002_notes.sql", "002_notes_rollback.sql"]);
    assert!(f.project == opened.project, "the run is of the project now loaded");
    assert_eq!(opened.generation, started.generation + 1);
    assert!(!opened.stale());
    assert!(!opened.is_running());
    assert!(!opened.auto_run_due(), "auto-run would replace the recorded run with one made here");
    assert_eq!(opened.runs_finished, 1);
    let said: Vec<(Level, &str)> =
        opened.messages.iter().map(|m| (m.level, m.text.as_str())).collect();
    assert_eq!(
        said,
        [(Level::Info, "Opened report.json: its recorded run is shown (the banner says where it ran); nothing ran here")]
    );

    let after_late = apply(&opened, late);
    assert_eq!(after_late.finished().unwrap().opened_from.as_deref(), Some("report.json"));
    assert_eq!(after_late.runs_finished, 2);

    // A tenancy correction rebuilds the report from the recorded run: still that run.
    let corrected = apply(
        &after_late,
        Action::SetTenancy(tenant_planner_core::tenancy::Overrides {
            add_roots: vec!["public.notes".into()],
            ..Default::default()
        }),
    );
    let c = corrected.finished().unwrap();
    assert_eq!(c.opened_from.as_deref(), Some("report.json"));
    assert!(c.report.tenant_roots.contains(&"public.notes".to_string()));

    // Running it here replaces it.
    let rerun = run(&corrected);
    assert_eq!(rerun.finished().unwrap().opened_from, None);
}

#[test]
fn a_report_in_a_dropped_folder_of_sql_files_is_named_not_opened() {
    // Expected before running: a migrations folder that holds a CI's report.json loads its SQL
    // files as any folder does; the report is not opened (that would replace the folder's files
    // with the report's project) but named, with how to open it.
    let s = loaded();
    let json = cli_report(&s);
    let files = vec![
        picked("db/001_init.sql", "create table public.t (id int primary key);\n"),
        picked("db/report.json", &json),
    ];
    let after = apply_all(std::rc::Rc::new(State::default()), ingest(files, None, true));
    let names: Vec<&str> = after.project.files.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["db/001_init.sql"]);
    assert!(after.finished().is_none(), "no report was opened");
    assert!(
        after.messages.iter().any(|m| m.level == Level::Info
            && m.text.starts_with("db/report.json is a Tenant Planner report: not opened beside the 1 SQL file dropped with it")),
        "{:?}",
        after.messages
    );
}

#[test]
fn json_that_is_not_a_report_says_why_and_leaves_the_project() {
    let s = loaded();
    let (_, built) = tenant_planner_native::simulate(&s.project, None, false, &mut ())
        .expect("the native engine opens");
    let lean = report::to_json(&built);
    let files = vec![
        picked("package.json", "{\"name\": \"app\", \"version\": \"1.0.0\"}"),
        picked("broken.json", "{\"tool\": {\"name\": \"tenant-planner\",\n"),
        picked("lean.json", &lean),
    ];
    let after = apply_all(s.clone(), ingest(files, None, false));
    assert!(after.project == s.project, "the project is untouched");
    assert_eq!(after.generation, s.generation);
    assert_eq!(after.run, s.run);
    let said: Vec<(Level, &str)> =
        after.messages.iter().map(|m| (m.level, m.text.as_str())).collect();
    assert_eq!(said.len(), 3, "{said:?}");
    assert_eq!(
        said[0],
        (Level::Error, "package.json is not a Tenant Planner report (it has no \"tool\" object); the project is unchanged")
    );
    assert_eq!(
        said[1],
        (Level::Error, "broken.json is not valid JSON: EOF while parsing a value at line 2 column 0; the project is unchanged")
    );
    assert_eq!(said[2].0, Level::Error);
    assert!(
        said[2].1.starts_with("lean.json is a Tenant Planner report without its recorded run"),
        "{}",
        said[2].1
    );

    // Beside SQL files (a dropped folder), JSON that is no report is ignored as other files are.
    let folder = vec![
        picked("db/001_init.sql", "create table t (id int);"),
        picked("db/meta/_journal.json", "{\"version\": \"5\"}"),
    ];
    let loaded_folder = apply_all(Rc::new(State::default()), ingest(folder, None, true));
    assert_eq!(loaded_folder.project.files.len(), 1);
    assert_eq!(
        loaded_folder.messages.last().map(|m| m.text.as_str()),
        Some("Ignored 1 file that is not .sql: db/meta/_journal.json")
    );
}

/// Cancels once the run has reached `file`'s first statement and moved past it: the next
/// statement is where the run stops.
struct CancelAfter(&'static str, bool);

impl Observer for CancelAfter {
    fn progress(&mut self, p: &Progress) {
        if p.file.as_deref() == Some(self.0) {
            self.1 = true;
        }
    }
    fn cancelled(&self) -> bool {
        self.1
    }
}

#[test]
fn a_project_whose_last_run_was_cancelled_opens_held_saved_or_shared() {
    let s = loaded();
    let started = apply(&s, Action::RunStarted);
    let done = apply(&started, run_with(&started, &mut CancelAfter("001_events.sql", false)));
    // 001_events.sql ran; the cancel came before 002_notes.sql's only statement (line 1).
    assert_eq!(done.last_stop.as_deref(), Some("cancelled at 002_notes.sql:1"));
    assert_eq!(done.held, None, "the page that cancelled is not held: it just doesn't auto-run");
    // The report says where too.
    let at = done.finished().unwrap().report.cancelled_at.clone().expect("cancelled_at");
    assert_eq!((at.file.as_str(), at.line), ("002_notes.sql", 1));

    // Through a share link: opened without running, saying why.
    let link = share::encode(&done.shared()).unwrap();
    let opened =
        apply(&Rc::new(State::default()), Action::OpenShared(share::decode(&link).unwrap(), None));
    let held = opened.held.clone().expect("held");
    assert!(held.contains("its last run was cancelled at 002_notes.sql:1"), "{held}");
    assert!(!opened.auto_run_due());
    assert_eq!(opened.last_stop, done.last_stop, "and passed on again if it is shared again");

    // Saved: the same.
    let restored = apply(
        &Rc::new(State::default()),
        Action::Restore {
            project: project(),
            example: None,
            id: Some("saved".into()),
            stopped: done.last_stop.clone(),
        },
    );
    assert!(restored.held.is_some() && !restored.auto_run_due());
    // Editing does not run it either; Run does, and a clean run lifts it for the next opening.
    let edited = apply(&restored, Action::SetStandInExtensions(true));
    assert!(!edited.auto_run_due());
    let clean = run(&edited);
    assert_eq!(clean.held, None);
    assert_eq!(clean.last_stop, None);
    assert_eq!(clean.shared().view.stopped, None);

    // A run the statement timeout stopped: the runner's words, where it stopped.
    let started = apply(&clean, Action::RunStarted);
    let Action::RunFinished { result, report, json, project, generation } =
        run_with(&started, &mut CancelAfter("001_events.sql", false))
    else {
        unreachable!()
    };
    let mut timed_out = (*result).clone();
    timed_out.abort_reason = Some(super::timeout_reason(&timed_out, 2));
    let done = apply(
        &started,
        Action::RunFinished { result: Ptr::new(timed_out), report, json, project, generation },
    );
    assert_eq!(
        done.last_stop.as_deref(),
        Some("stopped by the statement timeout (2 s) at 002_notes.sql:1")
    );
}

#[test]
fn the_statement_timeout_is_at_least_a_second() {
    let s = Rc::new(State::default());
    assert_eq!(s.statement_timeout_s, super::DEFAULT_STATEMENT_TIMEOUT_S);
    assert_eq!(apply(&s, Action::SetStatementTimeout(5)).statement_timeout_s, 5);
    assert_eq!(apply(&s, Action::SetStatementTimeout(0)).statement_timeout_s, 1);
}

#[test]
fn the_address_bar_follows_a_project_opened_from_a_link_or_shared() {
    let s = loaded();
    assert!(!s.link_live, "a project loaded from files keeps the address bar as it is");
    let shared = apply(&s, Action::SetShareLink(Some("http://x/#p=1.abc".into())));
    assert!(shared.link_live, "once the user copied a link, it follows the project");
    let closed = apply(&shared, Action::SetShareLink(None));
    assert!(closed.link_live, "closing the link box does not stop it");

    let link = share::encode(&s.shared()).unwrap();
    let opened = apply(
        &Rc::new(State::default()),
        Action::OpenShared(share::decode(&link).unwrap(), Some("p-tab".into())),
    );
    assert!(opened.link_live);
    assert_eq!(opened.project_id, "p-tab", "a reload of the same link is the same saved project");
    let big = apply(&opened, Action::SetLinkProblem(Some("too large".into())));
    assert_eq!(big.link_problem.as_deref(), Some("too large"));
    assert_eq!(apply(&big, Action::SetLinkProblem(None)).link_problem, None);
}
