//! What starts and stops a run besides the buttons: auto-run when the files change (again
//! after the current run, if one is going), Ctrl+Enter / Cmd+Enter to run, Escape to cancel —
//! unless a dialog is open: there Escape closes the dialog and nothing else.

use crate::state::StateHandle;
use gloo::events::EventListener;
use yew::prelude::*;

#[hook]
pub fn use_auto_run(state: &StateHandle, run: &Callback<()>) {
    let run = run.clone();
    let due = state.auto_run_due();
    use_effect_with((state.generation, state.is_running(), state.auto_run), move |_| {
        if due {
            run.emit(());
        }
    });
}

#[hook]
pub fn use_run_keys(run: &Callback<()>, cancel: &Callback<()>) {
    let (run, cancel) = (run.clone(), cancel.clone());
    use_effect_with((), move |_| {
        let doc = gloo::utils::document();
        let l = EventListener::new(&doc, "keydown", move |e| {
            let e: &web_sys::KeyboardEvent = wasm_bindgen::JsCast::unchecked_ref(e);
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                run.emit(());
            } else if e.key() == "Escape" && !e.default_prevented() && !dialog_open() {
                cancel.emit(());
            }
        });
        move || drop(l)
    });
}

/// A modal dialog of ours is on the page (its Escape is its own).
fn dialog_open() -> bool {
    gloo::utils::document()
        .query_selector("[role=dialog][aria-modal=true]")
        .ok()
        .flatten()
        .is_some()
}
