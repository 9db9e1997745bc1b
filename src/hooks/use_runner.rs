//! The hook that owns the database: it starts a run on a fresh PGlite worker, reports progress
//! (kept out of the reducer, so only the progress bar re-renders per statement), and cancels by
//! terminating the worker. Cancel works from the moment a run starts: while the database is
//! still starting it marks the run cancelled, and the run stops before its first statement. A
//! statement past the statement timeout is stopped the same way, and the run says so.

use crate::bridge::{now_ms, prewarm, BrowserEngine, CancelHandle};
use crate::ptr::Ptr;
use crate::state::{Action, State};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use tenant_planner_core::catalog::Snapshot;
use tenant_planner_core::pipeline::run;
use tenant_planner_core::profile::Profile;
use tenant_planner_core::report;
use tenant_planner_core::run::{Observer, Progress, RunOptions};
use yew::prelude::*;

pub const ENGINE_NAME: &str = "pglite (browser)";

#[derive(Clone, PartialEq)]
pub struct Runner {
    pub run: Callback<()>,
    pub cancel: Callback<()>,
    /// Where the current run is; `None` before its first statement.
    pub progress: Option<Progress>,
}

/// Progress reaches the page at most every 100 ms (the latest one always does): re-rendering per
/// statement would cost more than running the statement. The Compare view's base run
/// (run_base.rs) reports through one too.
pub(crate) struct UiObserver {
    set_progress: UseStateSetter<Option<Progress>>,
    latest: Rc<RefCell<Option<Progress>>>,
    timer: Rc<RefCell<Option<gloo::timers::callback::Timeout>>>,
    cancelled: Rc<Cell<bool>>,
}

impl UiObserver {
    pub(crate) fn new(
        set_progress: UseStateSetter<Option<Progress>>,
        cancelled: Rc<Cell<bool>>,
    ) -> Self {
        UiObserver { set_progress, latest: Rc::default(), timer: Rc::default(), cancelled }
    }
}

impl Observer for UiObserver {
    fn progress(&mut self, p: &Progress) {
        *self.latest.borrow_mut() = Some(p.clone());
        if self.timer.borrow().is_some() {
            return;
        }
        let (latest, timer, set) =
            (self.latest.clone(), self.timer.clone(), self.set_progress.clone());
        *self.timer.borrow_mut() = Some(gloo::timers::callback::Timeout::new(100, move || {
            timer.borrow_mut().take();
            set.set(latest.borrow().clone());
        }));
    }
    fn cancelled(&self) -> bool {
        self.cancelled.get()
    }
    fn now_ms(&self) -> Option<f64> {
        Some(now_ms())
    }
}

#[hook]
pub fn use_runner(state: &UseReducerHandle<State>) -> Runner {
    // The run going: its worker once the database has started, and its cancelled flag.
    type Current = Option<(Option<CancelHandle>, Rc<Cell<bool>>)>;
    let current: Rc<RefCell<Current>> = use_mut_ref(|| None);
    // A fresh database's catalog per profile, kept after the first run: it never changes.
    let bases: Rc<RefCell<Vec<(Profile, Snapshot)>>> = use_mut_ref(Vec::new);
    let progress = use_state(|| None::<Progress>);

    let run = {
        let state = state.clone();
        let current = current.clone();
        let bases = bases.clone();
        let set_progress = progress.setter();
        Callback::from(move |()| {
            if state.is_running() || state.project.files.is_empty() {
                return;
            }
            let dispatch = state.dispatcher();
            let project = state.project.clone();
            let generation = state.generation;
            let profile = state.profile_choice().profile;
            let timeout_s = state.statement_timeout_s;
            let base = bases.borrow().iter().find(|(p, _)| *p == profile).map(|(_, b)| b.clone());
            let opts = RunOptions {
                profile,
                continue_on_error: state.continue_on_error,
                base,
                probes: true,
            };
            // The PGlite extensions this run can load: the ones its files create (and the profile's).
            let needed = crate::bridge::needed_extensions(&project, profile);
            let bases = bases.clone();
            let current = current.clone();
            let set_progress = set_progress.clone();
            set_progress.set(None);
            // Cancelled from now on, even before the worker exists (start-up takes seconds).
            let cancelled = Rc::new(Cell::new(false));
            *current.borrow_mut() = Some((None, cancelled.clone()));
            dispatch.dispatch(Action::RunStarted);
            wasm_bindgen_futures::spawn_local(async move {
                let t0 = now_ms();
                let (mut engine, cancel) = match BrowserEngine::open(&needed).await {
                    Ok(e) => e,
                    Err(why) => {
                        *current.borrow_mut() = None;
                        dispatch.dispatch(Action::RunFailed(why));
                        return;
                    }
                };
                let timed_out = engine.limit_statements(timeout_s, cancelled.clone(), &cancel);
                if let Some((worker, _)) = current.borrow_mut().as_mut() {
                    *worker = Some(cancel);
                }
                let mut obs = UiObserver::new(set_progress, cancelled);
                let mut result = run(&mut engine, &project, &opts, &mut obs).await;
                result.total_ms = now_ms() - t0;
                if timed_out.get() {
                    result.abort_reason = Some(crate::state::timeout_reason(&result, timeout_s));
                }
                engine.close();
                *current.borrow_mut() = None;
                prewarm(&serde_json::to_string(&needed).unwrap_or_default());
                if let Some(b) = &result.snapshots.base {
                    if !bases.borrow().iter().any(|(p, _)| *p == result.profile) {
                        bases.borrow_mut().push((result.profile, b.clone()));
                    }
                }
                let t_report = now_ms();
                let report = report::build_timed(&project, &result, ENGINE_NAME, &now_ms);
                // For scripts/bench: the diffs, tenancy and matrix are computed here.
                if let Some(w) = web_sys::window() {
                    let _ = js_sys::Reflect::set(
                        &w,
                        &"__tpReportMs".into(),
                        &(now_ms() - t_report).into(),
                    );
                }
                let json = report::to_json(&report);
                dispatch.dispatch(Action::RunFinished {
                    result: Ptr::new(result),
                    report: Ptr::new(report),
                    json: Ptr::new(json),
                    project,
                    generation,
                });
            });
        })
    };

    let cancel = Callback::from(move |()| {
        if let Some((worker, flag)) = current.borrow().as_ref() {
            flag.set(true);
            if let Some(w) = worker {
                w.cancel();
            }
        }
    });

    Runner { run, cancel, progress: (*progress).clone() }
}
