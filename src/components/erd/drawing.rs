//! What the ERD shows for one input (a run, its tenancy corrections, the filter, before or
//! after the up files): the core's SVG, its layout (fit, hit testing, centring on a table), the
//! classification and the drawn tables (the side panel, search) and the Mermaid text. Computed
//! once per input, not per pan or zoom.

use crate::bridge::now_ms;
use crate::ptr::Ptr;
use tenant_planner_core::catalog::Snapshot;
use tenant_planner_core::erd::{self, Filter, Layout};
use tenant_planner_core::profile::Profile;
use tenant_planner_core::run::RunResult;
use tenant_planner_core::tenancy::{classify, Overrides, Tenancy};
use yew::prelude::*;

pub struct Drawing {
    pub svg: String,
    pub layout: Layout,
    pub tenancy: Tenancy,
    /// The catalog drawn (the user's objects, without the profile's shim).
    pub snapshot: Snapshot,
    pub tables: Vec<String>,
    pub mermaid: String,
    /// When the computation started (for scripts/bench: compute + DOM commit time).
    pub started: f64,
}

/// The drawing of the catalog after the up files (or where the run stopped), or with `before`
/// the one after baseline and seed; None when the run has no such catalog. After the up files,
/// what they added or changed is marked against the catalog after seed — or, with a Compare
/// base (`against`), against the catalog the base's up files left: what the change added.
pub fn draw(
    result: &RunResult,
    profile: Profile,
    overrides: &Overrides,
    filter: &Filter,
    (before, against): (bool, Option<&RunResult>),
    started: f64,
) -> Option<Drawing> {
    let snaps = &result.snapshots;
    let base = snaps.base.as_ref();
    let full = if before {
        snaps.after_seed.as_ref()?
    } else {
        snaps.after_up.as_ref().or(snaps.at_stop.as_ref())?
    };
    let tenancy = classify(full, profile, overrides);
    let shown = erd::drawable(full, base);
    let tables = erd::select_tables(&shown, &tenancy, filter);
    let layout = erd::layout(&shown, &tenancy, &tables);
    let base_latest = against.and_then(|b| {
        let latest = b.snapshots.after_up.as_ref().or(b.snapshots.at_stop.as_ref())?;
        Some(erd::drawable(latest, b.snapshots.base.as_ref()))
    });
    let marks = match (before, base_latest, snaps.after_seed.as_ref()) {
        (true, _, _) => Default::default(),
        (false, Some(b), _) => erd::marks(&b, &shown),
        (false, None, Some(seed)) => erd::marks(&erd::drawable(seed, base), &shown),
        (false, None, None) => Default::default(),
    };
    let svg = erd::svg(&shown, &tenancy, &layout, &marks);
    let mermaid = erd::mermaid(&shown, &tenancy, &tables);
    Some(Drawing { svg, layout, tenancy, snapshot: shown, tables, mermaid, started })
}

/// [`draw`], again only when one of its inputs changes (the run compared by pointer).
#[hook]
pub fn use_drawing(
    result: &Ptr<RunResult>,
    profile: Profile,
    overrides: &Overrides,
    filter: &Filter,
    before: bool,
    against: &Option<Ptr<RunResult>>,
) -> Option<Ptr<Drawing>> {
    let deps =
        (result.clone(), profile, overrides.clone(), filter.clone(), before, against.clone());
    let drawing = use_memo(deps, |(result, profile, overrides, filter, before, against)| {
        let marks = (*before, against.as_deref());
        draw(result, *profile, overrides, filter, marks, now_ms()).map(Ptr::new)
    });
    (*drawing).clone()
}
