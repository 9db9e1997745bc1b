//! The Compare view's base: loaded from files, a share link or a saved project, then run on a
//! database of its own (a second PGlite worker, as the head's runs use) with the head's profile
//! and settings, so the two reports differ by the change only. Progress is kept here, as
//! use_runner keeps the head's; a newer base (or Clear) cancels the run of an older one, whose
//! result is then dropped.

use super::use_runner::{UiObserver, ENGINE_NAME};
use crate::bridge::{now_ms, BrowserEngine, CancelHandle, PickedFile};
use crate::ingest::base_project;
use crate::ptr::Ptr;
use crate::state::{Action, BaseRun, BaseView, State};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use tenant_planner_core::pipeline::run;
use tenant_planner_core::project::Project;
use tenant_planner_core::report;
use tenant_planner_core::run::{Progress, RunOptions};
use tenant_planner_core::share;
use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub struct BaseRunner {
    /// Files picked or dropped: the base's project.
    pub from_files: Callback<Vec<PickedFile>>,
    /// A share link (the whole address or its `#p=…` part).
    pub from_link: Callback<String>,
    /// A saved project's id (the recent projects of this browser).
    pub from_saved: Callback<String>,
    /// Stop the base's run (the view says it was cancelled).
    pub cancel: Callback<()>,
    /// Forget the base.
    pub clear: Callback<()>,
    /// Where the base's run is; `None` before its first statement.
    pub progress: Option<Progress>,
}

/// "base/ (3 files)" when every file is in one folder, else "3 files".
fn files_source(p: &Project) -> String {
    // A dbmate file's down section is a file of the project, not of the folder.
    let n = p.files.iter().filter(|f| !f.name.ends_with("#down")).count();
    let plural = if n == 1 { "" } else { "s" };
    let dirs: Vec<&str> =
        p.files.iter().map(|f| f.name.split_once('/').map_or("", |d| d.0)).collect();
    match dirs.first() {
        Some(d) if !d.is_empty() && dirs.iter().all(|x| x == d) => {
            format!("{d}/ ({n} file{plural})")
        }
        _ => format!("{n} file{plural}"),
    }
}

/// The address's `#p=…` part (a whole address pasted, or only its fragment).
fn fragment(link: &str) -> &str {
    let link = link.trim();
    link.split_once('#').map_or(link, |(_, f)| f)
}

#[hook]
pub fn use_base_runner(state: &UseReducerHandle<State>) -> BaseRunner {
    type Current = Option<(CancelHandle, Rc<Cell<bool>>)>;
    let current: Rc<RefCell<Current>> = use_mut_ref(|| None);
    // Each base loaded gets the next number; a run ending for an older one is dropped.
    let latest: Rc<Cell<u64>> = use_memo((), |_| Cell::new(0u64));
    let progress = use_state(|| None::<Progress>);

    let cancel_current = {
        let current = current.clone();
        move || {
            if let Some((handle, flag)) = current.borrow_mut().take() {
                flag.set(true);
                handle.cancel();
            }
        }
    };

    let start = {
        let (state, current, latest, set_progress) =
            (state.clone(), current.clone(), latest.clone(), progress.setter());
        let cancel_current = cancel_current.clone();
        Rc::new(move |source: String, project: Result<Project, String>| {
            cancel_current();
            let token = latest.get() + 1;
            latest.set(token);
            let dispatch = state.dispatcher();
            let project = match project {
                Ok(p) => p,
                Err(why) => return dispatch.dispatch(Action::BaseFailed { source, why }),
            };
            // The head's profile and settings: the two runs differ by the files only.
            let profile = state.profile_choice().profile;
            let opts = RunOptions {
                profile,
                continue_on_error: state.continue_on_error,
                base: None,
                probes: true,
            };
            let needed = crate::bridge::needed_extensions(&project, profile);
            let (current, latest, set_progress) =
                (current.clone(), latest.clone(), set_progress.clone());
            set_progress.set(None);
            dispatch.dispatch(Action::BaseStarted { source: source.clone() });
            wasm_bindgen_futures::spawn_local(async move {
                let t0 = now_ms();
                let (mut engine, cancel) = match BrowserEngine::open(&needed).await {
                    Ok(e) => e,
                    Err(why) => {
                        if latest.get() == token {
                            dispatch.dispatch(Action::BaseFailed { source, why });
                        }
                        return;
                    }
                };
                if latest.get() != token {
                    return engine.close(); // replaced while its database started
                }
                let cancelled = Rc::new(Cell::new(false));
                *current.borrow_mut() = Some((cancel, cancelled.clone()));
                let mut obs = UiObserver::new(set_progress, cancelled);
                let mut result = run(&mut engine, &project, &opts, &mut obs).await;
                result.total_ms = now_ms() - t0;
                engine.close();
                if latest.get() != token {
                    return; // a newer base, or Clear, replaced this one
                }
                *current.borrow_mut() = None;
                let report = report::build_timed(&project, &result, ENGINE_NAME, &now_ms);
                dispatch.dispatch(Action::BaseFinished(BaseRun {
                    source,
                    project: Ptr::new(project),
                    result: Ptr::new(result),
                    report: Ptr::new(report),
                }));
            });
        })
    };

    let from_files = {
        let start = start.clone();
        Callback::from(move |picked: Vec<PickedFile>| {
            let project = base_project(picked);
            let source = project.as_ref().map_or_else(|_| "the files".into(), files_source);
            start(source, project)
        })
    };
    let from_link = {
        let start = start.clone();
        Callback::from(move |link: String| {
            let project = share::decode(fragment(&link))
                .map(|s| s.project)
                .map_err(|e| format!("That is not a Tenant Planner share link: {e}"));
            let source = match &project {
                Ok(p) => format!("a share link ({})", files_source(p)),
                Err(_) => "a share link".into(),
            };
            start(source, project)
        })
    };
    let from_saved = {
        let start = start.clone();
        Callback::from(move |id: String| {
            let start = start.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match crate::hooks::use_persistence::load(&id).await {
                    Some(saved) => {
                        start(format!("saved project {}", saved.name), Ok(saved.project))
                    }
                    None => start(
                        "a saved project".into(),
                        Err("That project is no longer saved in this browser.".into()),
                    ),
                }
            });
        })
    };
    let cancel = {
        let (state, latest, cancel_current) =
            (state.clone(), latest.clone(), cancel_current.clone());
        Callback::from(move |()| {
            let BaseView::Running { source } = &state.compare.base else { return };
            cancel_current();
            latest.set(latest.get() + 1);
            state.dispatch(Action::BaseFailed {
                source: source.clone(),
                why: "The base's run was cancelled.".into(),
            });
        })
    };
    let clear = {
        let (dispatch, latest) = (state.dispatcher(), latest.clone());
        Callback::from(move |()| {
            cancel_current();
            latest.set(latest.get() + 1);
            dispatch.dispatch(Action::ClearBase);
        })
    };
    BaseRunner { from_files, from_link, from_saved, cancel, clear, progress: (*progress).clone() }
}
