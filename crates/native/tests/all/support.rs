//! What the test modules share: [`simulate`], the native pipeline with a cache.
//!
//! A run of the same project with the same options gives the same report (the clock and the
//! random UUIDs a seed makes aside), so the modules that read a project's report share one run of
//! it instead of each starting a database again. Tests only read what they get (a clone). A test
//! that needs a run of its own calls `tenant_planner_native::simulate`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use tenant_planner_core::profile::Profile;
use tenant_planner_core::project::Project;
use tenant_planner_core::report::Report;
use tenant_planner_core::run::{Observer, RunResult};

type Outcome = Result<(RunResult, Report), String>;
type Slot = Arc<OnceLock<Outcome>>;

/// `tenant_planner_native::simulate`, run once per project and options in this test binary.
/// Two tests asking for the same run at once: the second waits for the first's.
pub fn simulate(
    project: &Project,
    profile: Option<Profile>,
    continue_on_error: bool,
    obs: &mut dyn Observer,
) -> Outcome {
    static CACHE: OnceLock<Mutex<HashMap<String, Slot>>> = OnceLock::new();
    let key = serde_json::to_string(&(project, profile, continue_on_error))
        .expect("a project serializes");
    let slot = CACHE.get_or_init(Default::default).lock().unwrap().entry(key).or_default().clone();
    slot.get_or_init(|| tenant_planner_native::simulate(project, profile, continue_on_error, obs))
        .clone()
}

/// The repository's root (examples/, tests/fixtures/).
pub fn repo() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A failed statement of a report's JSON `errors` (or an expected.json's list) as
/// `file:line SQLSTATE`, the form the tests compare.
pub fn statement_key(e: &serde_json::Value) -> String {
    format!("{}:{} {}", e["file"].as_str().unwrap(), e["line"], e["sqlstate"].as_str().unwrap())
}
