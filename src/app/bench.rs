//! For scripts/bench (`?bench`): the statements a run sends — the profile's shim, then the
//! project's in run order — as a JSON array, made again only when the project or profile changes.

use crate::ptr::Ptr;
use tenant_planner_core::profile::Profile;
use tenant_planner_core::project::Project;
use tenant_planner_core::run::Plan;
use tenant_planner_core::split::split;
use yew::prelude::*;

pub fn statements_json(project: &Project, profile: Profile) -> String {
    let plan = Plan::new(project);
    let shim = split(profile.shim());
    let sqls: Vec<&str> =
        shim.iter()
            .filter(|s| s.is_sql())
            .map(|s| s.sql.as_str())
            .chain(plan.order.iter().flat_map(|&i| {
                plan.pieces[i].iter().filter(|s| s.is_sql()).map(|s| s.sql.as_str())
            }))
            .collect();
    serde_json::to_string(&sqls).unwrap_or_default()
}

/// None unless `wanted` (the page is benchmarked): nothing is computed for a normal visit.
#[hook]
pub fn use_statements_json(
    project: &Ptr<Project>,
    profile: Profile,
    wanted: bool,
) -> Option<Ptr<String>> {
    let json = use_memo((project.clone(), profile, wanted), |(project, profile, wanted)| {
        wanted.then(|| Ptr::new(statements_json(project, *profile)))
    });
    (*json).clone()
}
