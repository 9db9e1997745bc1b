//! What the page opens with: a share link (`#p=…`) wins; else the project saved by the last
//! visit; a first visit gets the default example (`?blank`: nothing). A bad link says why and
//! changes nothing.

use crate::bridge::prewarm;
use crate::examples::DEFAULT_EXAMPLE;
use crate::hooks::use_persistence::{recent, start, Start};
use crate::state::{Action, Level, StateHandle};
use tenant_planner_core::share;
use yew::prelude::*;

/// Whether the page's query string has `name` (`?name` or `?name=…`).
pub fn query_flag(name: &str) -> bool {
    web_sys::window().and_then(|w| w.location().search().ok()).is_some_and(|q| {
        q.trim_start_matches('?')
            .split('&')
            .any(|kv| kv == name || kv.starts_with(&format!("{name}=")))
    })
}

#[hook]
pub fn use_startup(state: &StateHandle) {
    let state = state.clone();
    use_effect_with((), move |_| {
        prewarm("");
        if let Some(s) = crate::hooks::use_persistence::saved_statement_timeout() {
            state.dispatch(Action::SetStatementTimeout(s));
        }
        let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        if hash.contains("p=") {
            // A good link stays in the address bar (use_address_link keeps it up to date).
            match share::decode(&hash) {
                Ok(shared) => {
                    let id = crate::hooks::use_address_link::link_project_id(&hash);
                    state.dispatch(Action::OpenShared(shared, id));
                    wasm_bindgen_futures::spawn_local(async move {
                        state.dispatch(Action::SetRecent(recent().await))
                    });
                    return;
                }
                Err(e) => {
                    crate::bridge::replace_hash("");
                    state.dispatch(Action::Say(
                        Level::Error,
                        format!("Could not open the link: {e}"),
                    ))
                }
            }
        }
        wasm_bindgen_futures::spawn_local(async move {
            match start().await {
                Start::Saved(saved) if !saved.project.files.is_empty() => {
                    state.dispatch(Action::Restore {
                        project: saved.project,
                        example: saved.example,
                        id: Some(saved.id),
                        stopped: saved.stopped,
                    })
                }
                Start::Saved(_) | Start::Empty => {}
                Start::Nothing if query_flag("blank") => {}
                Start::Nothing => state.dispatch(Action::LoadExample(DEFAULT_EXAMPLE.into())),
            }
            state.dispatch(Action::SetRecent(recent().await));
        });
    });
}
