//! The tenant ERD: the core draws the SVG (drawing.rs, once per input); this component holds
//! the view state (before/after, filter, search), pans and zooms (pan_zoom.rs), and puts the
//! tool row (tools.rs), the canvas and the selected table's details (side_panel.rs) together.

mod drawing;
mod pan_zoom;
mod side_panel;
mod tools;

use crate::bridge::now_ms;
use crate::ptr::Ptr;
use drawing::{use_drawing, Drawing};
use pan_zoom::use_pan_zoom;
use side_panel::ErdPanel;
use tenant_planner_core::erd::Filter;
use tenant_planner_core::profile::Profile;
use tenant_planner_core::run::RunResult;
use tenant_planner_core::tenancy::Overrides;
use tools::ErdTools;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The run whose snapshots are drawn (after seed = before, after up = after).
    pub result: Ptr<RunResult>,
    pub profile: Profile,
    pub overrides: Overrides,
    /// The selected table (kept in the app's state so share links carry it).
    #[prop_or_default]
    pub selected: Option<String>,
    #[prop_or_default]
    pub on_select: Callback<Option<String>>,
    /// The Compare view's base run: what is marked new is what the change added to it (else
    /// what the up files added to the catalog after seed).
    #[prop_or_default]
    pub compare_base: Option<Ptr<RunResult>>,
}

/// The selection as the handlers use it: read like a state handle, set through the parent.
#[derive(Clone)]
struct Selection {
    value: Option<String>,
    on: Callback<Option<String>>,
}

impl Selection {
    fn set(&self, v: Option<String>) {
        if v != self.value {
            self.on.emit(v);
        }
    }
}

#[function_component]
pub fn Erd(p: &Props) -> Html {
    let before = use_state(|| false);
    let filter = use_state(Filter::default);
    let search = use_state(String::new);
    let viewport = use_node_ref();
    let selected = Selection { value: p.selected.clone(), on: p.on_select.clone() };
    let drawing =
        use_drawing(&p.result, p.profile, &p.overrides, &filter, *before, &p.compare_base);
    let pz = {
        let selected = selected.clone();
        use_pan_zoom(&viewport, drawing.clone(), Callback::from(move |t| selected.set(t)))
    };
    use_fit_each_drawing(&drawing, &pz.fit);
    let Some(d) = drawing else {
        return html! { <p class="muted pad">{ if *before { "No snapshot after baseline and seed." } else { "The run ended before the up migrations did." } }</p> };
    };

    let on_search = {
        let (search, selected, d, center_on) =
            (search.clone(), selected.clone(), d.clone(), pz.center_on.clone());
        Callback::from(move |q: String| {
            search.set(q.clone());
            if let Some(t) = find_table(&d.tables, &q) {
                selected.set(Some(t.clone()));
                center_on.emit(t.clone());
            }
        })
    };
    let on_focus = {
        let (filter, selected) = (filter.clone(), selected.value.clone());
        Callback::from(move |()| {
            let focus = if filter.focus.is_some() { None } else { selected.clone() };
            filter.set(Filter { focus, ..(*filter).clone() });
        })
    };
    let close_panel = {
        let selected = selected.clone();
        Callback::from(move |()| selected.set(None))
    };
    let highlight = selected.value.as_ref().map(|t| format!("g[data-table=\"{}\"] > rect.box {{ stroke: #f59e0b !important; stroke-width: 3px !important; }}", t.replace('\\', "\\\\").replace('"', "\\\"")));
    html! {
        <section class="erd" data-testid="erd" data-tables={d.tables.len().to_string()} data-mode={if *before { "before" } else { "after" }}
                 data-marks={if p.compare_base.is_some() { "base" } else { "seed" }}>
            <ErdTools before={*before} has_seed={p.result.snapshots.after_seed.is_some()} search={AttrValue::from((*search).clone())} filter={(*filter).clone()}
                has_selection={selected.value.is_some()} drawing={d.clone()}
                on_before={before.setter().to_callback()} {on_search} on_filter={filter.setter().to_callback()} {on_focus}
                on_zoom={pz.zoom.clone()} on_fit={pz.fit.clone()} />
            if p.compare_base.is_some() && !*before {
                <p class="erd-compare-note muted small" data-testid="erd-compare-note">{"Green dashed: what the change adds to the Compare tab's base (new tables, columns, policies)."}</p>
            }
            <div class="erd-body">
                <div class="erd-viewport" ref={viewport} tabindex="0" role="group" aria-label="Diagram: drag or arrow keys to pan, wheel or +/- to zoom, 0 to fit, Tab to a table and Enter to select it"
                     onwheel={pz.onwheel} onpointerdown={pz.onpointerdown} onpointermove={pz.onpointermove} onpointerup={pz.onpointerup} onkeydown={pz.onkeydown} onfocusin={pz.onfocusin}>
                    if let Some(css) = highlight { <style>{ css }</style> }
                    <div class="erd-canvas" style={pz.view.css()}>
                        { Html::from_html_unchecked(AttrValue::from(d.svg.clone())) }
                    </div>
                </div>
                if let Some(t) = &selected.value { <ErdPanel drawing={d.clone()} table={AttrValue::from(t.clone())} on_close={close_panel} /> }
            </div>
            <pre hidden=true data-testid="erd-mermaid">{ d.mermaid.clone() }</pre>
        </section>
    }
}

/// Fit once per drawing; for scripts/bench, the time from the start of classification to the
/// SVG being in the page.
#[hook]
fn use_fit_each_drawing(drawing: &Option<Ptr<Drawing>>, fit: &Callback<()>) {
    let (fit, started) = (fit.clone(), drawing.as_ref().map(|d| d.started));
    use_effect_with(drawing.clone(), move |_| {
        let Some(started) = started else { return };
        fit.emit(());
        if let Some(w) = web_sys::window() {
            let _ = js_sys::Reflect::set(&w, &"__tpErdMs".into(), &(now_ms() - started).into());
        }
    });
}

/// The table a search names: the exact name, qualified or not, else the first that contains it
/// (case-insensitive). None for an empty search.
fn find_table<'t>(tables: &'t [String], query: &str) -> Option<&'t String> {
    let q = query.to_lowercase();
    if q.is_empty() {
        return None;
    }
    tables
        .iter()
        .find(|t| t.to_lowercase() == q || t.rsplit('.').next() == Some(&q))
        .or_else(|| tables.iter().find(|t| t.to_lowercase().contains(&q)))
}

#[cfg(test)]
mod tests {
    use super::find_table;

    #[test]
    fn a_search_prefers_the_exact_name_then_a_part_of_one() {
        let tables = vec![
            "public.organization_members".to_string(),
            "public.organizations".to_string(),
            "auth.users".to_string(),
        ];
        assert_eq!(
            find_table(&tables, "organizations").map(String::as_str),
            Some("public.organizations")
        );
        assert_eq!(
            find_table(&tables, "PUBLIC.Organizations").map(String::as_str),
            Some("public.organizations")
        );
        assert_eq!(
            find_table(&tables, "organ").map(String::as_str),
            Some("public.organization_members")
        );
        assert_eq!(find_table(&tables, "user").map(String::as_str), Some("auth.users"));
        assert_eq!(find_table(&tables, ""), None);
        assert_eq!(find_table(&tables, "nothing"), None);
    }
}
