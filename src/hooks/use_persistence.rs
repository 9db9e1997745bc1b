//! Keeps the user's project across reloads (localStorage), and restores it on start.

use crate::state::{Action, Level, State};
use gloo::storage::{LocalStorage, Storage};
use tenant_planner_core::files::Project;
use yew::prelude::*;

const KEY: &str = "tenant-planner.project.v1";
const EXAMPLE_KEY: &str = "tenant-planner.example.v1";

/// The project saved by an earlier visit, if any.
pub fn saved() -> Option<(Project, Option<String>)> {
    let p: Project = LocalStorage::get(KEY).ok()?;
    let example: Option<String> = LocalStorage::get(EXAMPLE_KEY).ok();
    Some((p, example))
}

#[hook]
pub fn use_persistence(state: &UseReducerHandle<State>) {
    let generation = state.generation;
    let state = state.clone();
    use_effect_with(generation, move |_| {
        if generation > 0 {
            let _ = LocalStorage::set(EXAMPLE_KEY, &state.example);
            if let Err(e) = LocalStorage::set(KEY, &state.project) {
                state.dispatch(Action::Say(
                    Level::Warning,
                    format!("This project is too large to keep across a reload ({e}); your files stay loaded in this tab."),
                ));
            }
        }
    });
}
