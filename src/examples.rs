//! The bundled examples, embedded at build time from `examples/` (see build.rs).

use tenant_planner_core::files::SqlFile;
use tenant_planner_core::project::Project;

pub struct Example {
    pub name: &'static str,
    pub about: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// The example a first visit opens.
pub const DEFAULT_EXAMPLE: &str = "supabase-orgs";

pub fn project(name: &str) -> Option<Project> {
    let ex = EXAMPLES.iter().find(|e| e.name == name)?;
    Some(Project {
        files: ex.files.iter().map(|(n, t)| SqlFile::new(*n, *t)).collect(),
        ..Default::default()
    })
}
