//! The link stays in the address bar: a page opened from a share link (or whose user copied one)
//! keeps the project's link there, rewritten in place (`history.replaceState`, no reload, no new
//! history entry) a moment after each change of the project or the view, so the reviewer can
//! bookmark it, pass it on, or reload and get what they see. A project too large for a link is
//! never cut: the address bar shows `#project-too-large-for-a-link` and a notice under the
//! toolbar (where the copied link is shown) says why.
//!
//! A reload opens the link again; this tab's saved id for it (sessionStorage, with the fragment
//! it was written for) makes that the same saved project, not a new one in Recent each time.

use crate::bridge::replace_hash;
use crate::state::{Action, StateHandle};
use gloo::storage::{SessionStorage, Storage};
use gloo::timers::callback::Timeout;
use tenant_planner_core::share;
use yew::prelude::*;

const KEY: &str = "tenant-planner.link-project.v1";
/// What the address bar shows instead of a link too large to be one.
const TOO_LARGE: &str = "project-too-large-for-a-link";
/// How long the project must rest before its link is written (typing in a file, a run's edits).
const DEBOUNCE_MS: u32 = 400;

/// The saved id this tab last wrote `fragment` for (a reload of the same link), if any.
pub fn link_project_id(fragment: &str) -> Option<String> {
    let (id, written) = SessionStorage::get::<(String, String)>(KEY).ok()?;
    (written == fragment.trim_start_matches('#')).then_some(id)
}

#[hook]
pub fn use_address_link(state: &StateHandle) {
    let timer = use_mut_ref(|| None::<Timeout>);
    let deps = (
        state.link_live,
        state.project.clone(),
        state.tab,
        state.selected_table.clone(),
        state.last_stop.clone(),
    );
    let state = state.clone();
    use_effect_with(deps, move |(live, ..)| {
        if *live {
            let shared = state.shared();
            let (id, had_problem) = (state.project_id.clone(), state.link_problem.is_some());
            let dispatch = state.dispatcher();
            // Replacing the pending timer drops (cancels) it: only the last change is written.
            *timer.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || {
                if shared.project.files.is_empty() {
                    replace_hash("");
                    return;
                }
                match share::encode(&shared) {
                    Ok(fragment) => {
                        replace_hash(&fragment);
                        let _ = SessionStorage::set(KEY, (id, fragment));
                        if had_problem {
                            dispatch.dispatch(Action::SetLinkProblem(None));
                        }
                    }
                    Err(e) => {
                        // Said in the address bar itself, where the link would be (a reload
                        // then opens the saved project: this fragment is no link).
                        replace_hash(TOO_LARGE);
                        dispatch.dispatch(Action::SetLinkProblem(Some(e.to_string())));
                    }
                }
            }));
        }
    });
}
