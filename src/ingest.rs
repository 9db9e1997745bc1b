//! Turning files picked or dropped by the user into project files, with a clear message for
//! each one that cannot be used. Nothing already loaded is ever dropped by a bad file.

use crate::bridge::PickedFile;
use crate::state::{Action, Level, StateHandle};
use tenant_planner_core::files::{decode, SqlFile};

pub fn ingest(state: &StateHandle, picked: Vec<PickedFile>) {
    let mut files = Vec::new();
    let mut ignored = Vec::new();
    for p in picked {
        let base = p.name.rsplit('/').next().unwrap_or(&p.name).to_string();
        if !base.to_ascii_lowercase().ends_with(".sql") {
            ignored.push(base);
            continue;
        }
        let Some(bytes) = p.bytes else {
            state.dispatch(Action::Say(Level::Error, format!("{base} is {:.0} MB: too large to load", p.size / 1_048_576.0)));
            continue;
        };
        match decode(&base, &bytes) {
            Ok(text) => {
                if text.trim().is_empty() {
                    state.dispatch(Action::Say(Level::Warning, format!("{base} is empty: it is listed but has nothing to run")));
                }
                files.push(SqlFile::new(base, text));
            }
            Err(why) => state.dispatch(Action::Say(Level::Error, why)),
        }
    }
    if !ignored.is_empty() {
        let shown: Vec<_> = ignored.iter().take(4).cloned().collect();
        let more = if ignored.len() > 4 { format!(" and {} more", ignored.len() - 4) } else { String::new() };
        state.dispatch(Action::Say(Level::Info, format!("Ignored {} file(s) that are not .sql: {}{more}", ignored.len(), shown.join(", "))));
    }
    if files.is_empty() {
        return;
    }
    // Loading files over an untouched bundled example replaces it; otherwise files are added.
    let replace = state.example.is_some() || state.project.files.is_empty();
    let n = files.len();
    if replace {
        if let Some(ex) = &state.example {
            state.dispatch(Action::Say(Level::Info, format!("Replaced the example {ex} with your {n} file(s)")));
        }
    }
    state.dispatch(Action::AddFiles { files, replace });
}
