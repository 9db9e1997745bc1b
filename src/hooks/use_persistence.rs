//! Keeps the user's work: every project is saved in IndexedDB under its id after each change,
//! the current id in localStorage; on start the current project comes back. The recent list
//! (newest first, at most [`KEEP`]) reopens earlier ones. Where IndexedDB is unavailable the
//! project falls back to localStorage (about 5 MB).

use crate::bridge::{idb_all, idb_delete, idb_get, idb_put, wall_ms};
use crate::state::{Action, Level, State};
use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use tenant_planner_core::files::Role;
use tenant_planner_core::project::Project;
use yew::prelude::*;

/// The pre-IndexedDB keys: still read once, so a project saved by an older version comes back.
const LEGACY_KEY: &str = "tenant-planner.project.v1";
const LEGACY_EXAMPLE_KEY: &str = "tenant-planner.example.v1";
const CURRENT_KEY: &str = "tenant-planner.current.v2";
/// The statement timeout this browser uses (a setting of the browser, not of a project).
const TIMEOUT_KEY: &str = "tenant-planner.statement-timeout.v1";
/// How many projects the recent list keeps.
pub const KEEP: usize = 10;

#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub id: String,
    pub name: String,
    pub updated_ms: f64,
    pub example: Option<String>,
    pub project: Project,
    /// Why its last run stopped early (cancelled, timed out): it opens without running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
}

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct SavedSummary {
    pub id: String,
    pub name: String,
    pub updated_ms: f64,
    pub files: usize,
}

/// A name for the list: the example, else the first up file, else the first file.
fn name_of(p: &Project, example: &Option<String>) -> String {
    if let Some(e) = example {
        return e.clone();
    }
    let first_up = p.files.iter().find(|f| f.role() == Role::Up).or(p.files.first());
    match first_up {
        Some(f) if p.files.len() > 1 => format!("{} +{}", f.name, p.files.len() - 1),
        Some(f) => f.name.clone(),
        None => "empty project".into(),
    }
}

/// What to open on start.
pub enum Start {
    Saved(Box<Saved>),
    /// The user's last project was empty (they pressed New): stay empty.
    Empty,
    /// A first visit.
    Nothing,
}

pub async fn start() -> Start {
    if let Ok(id) = LocalStorage::get::<String>(CURRENT_KEY) {
        if let Ok(Some(text)) = idb_get(&id).await {
            if let Ok(s) = serde_json::from_str::<Saved>(&text) {
                return Start::Saved(Box::new(s));
            }
        }
        if let Ok(p) = LocalStorage::get::<Project>(LEGACY_KEY) {
            let example = LocalStorage::get(LEGACY_EXAMPLE_KEY).ok();
            return Start::Saved(Box::new(Saved {
                id,
                name: name_of(&p, &example),
                updated_ms: wall_ms(),
                example,
                project: p,
                stopped: None,
            }));
        }
        return Start::Empty;
    }
    match LocalStorage::get::<Project>(LEGACY_KEY) {
        Ok(p) if !p.files.is_empty() => {
            let example = LocalStorage::get(LEGACY_EXAMPLE_KEY).ok();
            Start::Saved(Box::new(Saved {
                id: crate::state::new_project_id(1),
                name: name_of(&p, &example),
                updated_ms: wall_ms(),
                example,
                project: p,
                stopped: None,
            }))
        }
        _ => Start::Nothing,
    }
}

/// The statement timeout saved by an earlier visit, if any.
pub fn saved_statement_timeout() -> Option<u32> {
    LocalStorage::get::<u32>(TIMEOUT_KEY).ok().filter(|&s| s >= 1)
}

pub fn save_statement_timeout(seconds: u32) {
    let _ = LocalStorage::set(TIMEOUT_KEY, seconds);
}

/// Saved projects, newest first; projects beyond [`KEEP`] are deleted.
pub async fn recent() -> Vec<SavedSummary> {
    let mut all: Vec<Saved> = idb_all()
        .await
        .unwrap_or_default()
        .iter()
        .filter_map(|t| serde_json::from_str(t).ok())
        .collect();
    all.sort_by(|a, b| b.updated_ms.total_cmp(&a.updated_ms));
    for old in all.iter().skip(KEEP) {
        let _ = idb_delete(&old.id).await;
    }
    all.truncate(KEEP);
    all.into_iter()
        .map(|s| SavedSummary {
            id: s.id,
            name: s.name,
            updated_ms: s.updated_ms,
            files: s.project.files.len(),
        })
        .collect()
}

pub async fn load(id: &str) -> Option<Saved> {
    idb_get(id).await.ok().flatten().and_then(|t| serde_json::from_str(&t).ok())
}

#[hook]
pub fn use_persistence(state: &UseReducerHandle<State>) {
    let generation = state.generation;
    let stopped = state.last_stop.clone();
    let state = state.clone();
    // Saved again when a run stops early or ends well: the next visit opens held, or not.
    use_effect_with((generation, stopped), move |(generation, stopped)| {
        let (generation, stopped) = (*generation, stopped.clone());
        if generation == 0 {
            return;
        }
        let _ = LocalStorage::set(CURRENT_KEY, &state.project_id);
        if state.project.files.is_empty() {
            return;
        }
        let saved = Saved {
            id: state.project_id.clone(),
            name: name_of(&state.project, &state.example),
            updated_ms: wall_ms(),
            example: state.example.clone(),
            project: (*state.project).clone(),
            stopped,
        };
        wasm_bindgen_futures::spawn_local(async move {
            let text = serde_json::to_string(&saved).unwrap_or_default();
            match idb_put(&saved.id, &text).await {
                Ok(()) => {
                    LocalStorage::delete(LEGACY_KEY);
                    state.dispatch(Action::SetRecent(recent().await));
                }
                Err(e) => {
                    // No IndexedDB (some private modes): localStorage holds the current project.
                    let _ = LocalStorage::set(LEGACY_EXAMPLE_KEY, &saved.example);
                    if let Err(e2) = LocalStorage::set(LEGACY_KEY, &saved.project) {
                        state.dispatch(Action::Say(
                            Level::Warning,
                            format!("This project could not be saved for the next visit ({e}; {e2}); your files stay loaded in this tab."),
                        ));
                    }
                }
            }
        });
    });
}
