//! The ERD's tool row: after / before the up files, find a table, show one class, hide global
//! tables, focus the selected table, zoom, fit, and export (SVG, PNG, Mermaid).

use super::drawing::Drawing;
use crate::bridge::{copy_text, download, svg_to_png};
use crate::ptr::Ptr;
use tenant_planner_core::erd::Filter;
use tenant_planner_core::tenancy::TenancyClass;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Showing the catalog before the up files (after seed).
    pub before: bool,
    /// The run has a catalog after seed to show.
    pub has_seed: bool,
    pub search: AttrValue,
    pub filter: Filter,
    pub has_selection: bool,
    /// What the exports write.
    pub drawing: Ptr<Drawing>,
    pub on_before: Callback<bool>,
    pub on_search: Callback<String>,
    pub on_filter: Callback<Filter>,
    /// Focus the selected table, or show all again.
    pub on_focus: Callback<()>,
    pub on_zoom: Callback<f64>,
    pub on_fit: Callback<()>,
}

#[function_component]
pub fn ErdTools(p: &Props) -> Html {
    let before = p.before;
    let filter = &p.filter;
    let toggle_before = p.on_before.reform(move |_: MouseEvent| !before);
    let on_search =
        p.on_search.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let on_class = {
        let f = filter.clone();
        p.on_filter.reform(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            Filter {
                only_class: TenancyClass::ALL.into_iter().find(|c| c.as_str() == v),
                ..f.clone()
            }
        })
    };
    let on_hide_global = {
        let f = filter.clone();
        p.on_filter.reform(move |e: Event| Filter {
            hide_global: e.target_unchecked_into::<HtmlInputElement>().checked(),
            ..f.clone()
        })
    };
    let zoom = |factor: f64| p.on_zoom.reform(move |_: MouseEvent| factor);
    let d = &p.drawing;
    let export_svg = {
        let svg = d.svg.clone();
        Callback::from(move |_: MouseEvent| download("tenant-erd.svg", &svg, "image/svg+xml"))
    };
    let export_png = {
        let (svg, l) = (d.svg.clone(), d.layout.clone());
        Callback::from(move |_: MouseEvent| svg_to_png(&svg, l.width, l.height, "tenant-erd.png"))
    };
    let copy_mermaid = {
        let m = d.mermaid.clone();
        Callback::from(move |_: MouseEvent| copy_text(&m))
    };
    let download_mermaid = {
        let m = d.mermaid.clone();
        Callback::from(move |_: MouseEvent| download("tenant-erd.mmd", &m, "text/plain"))
    };
    html! {
        <div class="erd-tools">
            <button class={classes!("btn", "small", (!before).then_some("on"))} data-testid="erd-after" onclick={toggle_before.clone()} disabled={!before}>{"After up"}</button>
            <button class={classes!("btn", "small", before.then_some("on"))} data-testid="erd-before" onclick={toggle_before} disabled={before || !p.has_seed}>{"Before (after seed)"}</button>
            <input type="search" placeholder="Find a table…" data-testid="erd-search" value={p.search.clone()} oninput={on_search} aria-label="Find a table" />
            <select class="small" data-testid="erd-class" onchange={on_class} aria-label="Show one class">
                <option value="" selected={filter.only_class.is_none()}>{"all classes"}</option>
                { for TenancyClass::ALL.iter().map(|c| html!{ <option value={c.as_str()} selected={filter.only_class == Some(*c)}>{ c.as_str() }</option> }) }
            </select>
            <label class="check-dark"><input type="checkbox" data-testid="erd-hide-global" checked={filter.hide_global} onchange={on_hide_global} />{"hide global"}</label>
            <button class="btn small" data-testid="erd-focus" onclick={p.on_focus.reform(|_: MouseEvent| ())} disabled={!p.has_selection && filter.focus.is_none()}>
                { if filter.focus.is_some() { "Show all" } else { "Focus selected" } }</button>
            <span class="spacer" />
            <button class="btn small" onclick={zoom(1.0 / 1.2)} aria-label="Zoom out">{"−"}</button>
            <button class="btn small" onclick={zoom(1.2)} aria-label="Zoom in">{"+"}</button>
            <button class="btn small" data-testid="erd-fit" onclick={p.on_fit.reform(|_: MouseEvent| ())}>{"Fit"}</button>
            <button class="btn small" data-testid="erd-export-svg" onclick={export_svg}>{"SVG"}</button>
            <button class="btn small" data-testid="erd-export-png" onclick={export_png}>{"PNG"}</button>
            <button class="btn small" data-testid="erd-copy-mermaid" onclick={copy_mermaid} title="Copy Mermaid erDiagram text">{"Copy Mermaid"}</button>
            <button class="btn small" data-testid="erd-export-mermaid" onclick={download_mermaid}>{".mmd"}</button>
        </div>
    }
}
