//! The tenant ERD: the core draws the SVG (layout computed once per input); this component pans,
//! zooms, fits, searches, filters, compares before/after, exports, and shows a table's details.

use crate::bridge::{copy_text, download, now_ms, svg_to_png};
use std::rc::Rc;
use tenant_planner_core::catalog::Snapshot;
use tenant_planner_core::erd::{self, Filter, Layout};
use tenant_planner_core::profile::Profile;
use tenant_planner_core::run::RunResult;
use tenant_planner_core::tenancy::{classify, Overrides, Tenancy, TenancyClass};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The run whose snapshots are drawn (after seed = before, after up = after).
    pub result: crate::ptr::Ptr<RunResult>,
    pub profile: Profile,
    pub overrides: Overrides,
    /// The selected table (kept in the app's state so share links carry it).
    #[prop_or_default]
    pub selected: Option<String>,
    #[prop_or_default]
    pub on_select: Callback<Option<String>>,
}

/// The selection as the handlers use it: read like a state handle, set through the parent.
#[derive(Clone)]
struct Sel {
    value: Option<String>,
    on: Callback<Option<String>>,
}

impl Sel {
    fn set(&self, v: Option<String>) {
        if v != self.value {
            self.on.emit(v);
        }
    }
}

impl std::ops::Deref for Sel {
    type Target = Option<String>;
    fn deref(&self) -> &Option<String> {
        &self.value
    }
}

/// Width of the legend column the core's SVG adds right of the layout.
const LEGEND_W: f64 = 220.0;

struct Drawn {
    svg: String,
    layout: Layout,
    tenancy: Tenancy,
    snapshot: Snapshot,
    tables: Vec<String>,
    /// When the computation started (for scripts/bench: compute + DOM commit time).
    started: f64,
}

#[derive(Clone, Copy, PartialEq)]
struct View {
    k: f64,
    x: f64,
    y: f64,
}

#[function_component]
pub fn Erd(p: &Props) -> Html {
    let before = use_state(|| false);
    let filter = use_state(Filter::default);
    let selected = Sel { value: p.selected.clone(), on: p.on_select.clone() };
    let view = use_state(|| View { k: 1.0, x: 0.0, y: 0.0 });
    let drag = use_mut_ref(|| None::<(f64, f64, View, bool)>);
    let viewport = use_node_ref();
    let search = use_state(String::new);

    let drawn = {
        let (result, profile, overrides, filter, before) = (p.result.clone(), p.profile, p.overrides.clone(), (*filter).clone(), *before);
        use_memo((p.result.clone(), filter.clone(), overrides.clone(), before), move |_| {
            let t0 = now_ms();
            let snaps = &result.snapshots;
            let base = snaps.base.as_ref();
            let full = if before { snaps.after_seed.as_ref()? } else { snaps.after_up.as_ref().or(snaps.at_stop.as_ref())? };
            let tenancy = classify(full, profile, &overrides);
            let shown = erd::drawable(full, base);
            let tables = erd::select_tables(&shown, &tenancy, &filter);
            let layout = erd::layout(&shown, &tenancy, &tables);
            let marks = match (before, snaps.after_seed.as_ref()) {
                (false, Some(seed)) => erd::marks(&erd::drawable(seed, base), &shown),
                _ => Default::default(),
            };
            let svg = erd::svg(&shown, &tenancy, &layout, &marks);
            Some(Rc::new(Drawn { svg, layout, tenancy, snapshot: shown, tables, started: t0 }))
        })
    };
    let Some(d) = (*drawn).clone() else {
        return html! { <p class="muted pad">{ if *before { "No snapshot after baseline and seed." } else { "The run ended before the up migrations did." } }</p> };
    };

    // Fit once per drawing, and on the Fit button.
    let fit = {
        let (view, viewport, d) = (view.clone(), viewport.clone(), d.clone());
        Callback::from(move |_: ()| {
            if let Some(el) = viewport.cast::<HtmlElement>() {
                let (w, h) = (el.client_width() as f64, el.client_height() as f64);
                // The SVG is the layout plus the legend column on its right.
                let sw = d.layout.width + LEGEND_W;
                let k = ((w - 20.0) / sw.max(1.0)).min((h - 20.0) / d.layout.height.max(1.0)).clamp(0.05, 1.5);
                view.set(View { k, x: (w - sw * k) / 2.0, y: 10.0 });
            }
        })
    };
    {
        let (fit, started) = (fit.clone(), d.started);
        use_effect_with(Rc::as_ptr(&d), move |_| {
            fit.emit(());
            // For scripts/bench: from the start of classification to the SVG being in the page.
            if let Some(w) = web_sys::window() {
                let _ = js_sys::Reflect::set(&w, &"__tpErdMs".into(), &(now_ms() - started).into());
            }
        });
    }

    let zoom_at = {
        let view = view.clone();
        move |factor: f64, cx: f64, cy: f64| {
            let v = *view;
            let k = (v.k * factor).clamp(0.05, 4.0);
            let f = k / v.k;
            view.set(View { k, x: cx - (cx - v.x) * f, y: cy - (cy - v.y) * f });
        }
    };
    let onwheel = {
        let zoom_at = zoom_at.clone();
        let viewport = viewport.clone();
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let Some(el) = viewport.cast::<Element>() else { return };
            let r = el.get_bounding_client_rect();
            zoom_at(if e.delta_y() < 0.0 { 1.15 } else { 1.0 / 1.15 }, e.client_x() as f64 - r.left(), e.client_y() as f64 - r.top());
        })
    };
    let zoom_btn = |factor: f64| {
        let (zoom_at, viewport) = (zoom_at.clone(), viewport.clone());
        Callback::from(move |_: MouseEvent| {
            let (w, h) = viewport.cast::<HtmlElement>().map(|e| (e.client_width() as f64, e.client_height() as f64)).unwrap_or((800.0, 600.0));
            zoom_at(factor, w / 2.0, h / 2.0);
        })
    };
    let onpointerdown = {
        let (drag, view) = (drag.clone(), view.clone());
        Callback::from(move |e: PointerEvent| {
            *drag.borrow_mut() = Some((e.client_x() as f64, e.client_y() as f64, *view, false));
        })
    };
    let onpointermove = {
        let (drag, view) = (drag.clone(), view.clone());
        Callback::from(move |e: PointerEvent| {
            let mut d = drag.borrow_mut();
            if let Some((sx, sy, v, moved)) = d.as_mut() {
                let (dx, dy) = (e.client_x() as f64 - *sx, e.client_y() as f64 - *sy);
                if dx.abs() + dy.abs() > 3.0 {
                    *moved = true;
                }
                if *moved {
                    view.set(View { k: v.k, x: v.x + dx, y: v.y + dy });
                }
            }
        })
    };
    let onpointerup = {
        let (drag, selected) = (drag.clone(), selected.clone());
        Callback::from(move |e: PointerEvent| {
            let was = drag.borrow_mut().take();
            if was.is_some_and(|(_, _, _, moved)| moved) {
                return;
            }
            // A click: which table box?
            let hit = e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|el| el.closest("[data-table]").ok().flatten());
            selected.set(hit.and_then(|g| g.get_attribute("data-table")));
        })
    };
    let center_on = {
        let (view, viewport, d) = (view.clone(), viewport.clone(), d.clone());
        move |table: &str| {
            let Some(n) = d.layout.nodes.iter().find(|n| n.table == table) else { return };
            let (w, h) = viewport.cast::<HtmlElement>().map(|e| (e.client_width() as f64, e.client_height() as f64)).unwrap_or((800.0, 600.0));
            let k = view.k.max(0.8);
            view.set(View { k, x: w / 2.0 - (n.x + n.w / 2.0) * k, y: h / 2.0 - (n.y + n.h / 2.0) * k });
        }
    };
    let on_search = {
        let (search, selected, d) = (search.clone(), selected.clone(), d.clone());
        let center_on = center_on.clone();
        Callback::from(move |e: InputEvent| {
            let q = e.target_unchecked_into::<HtmlInputElement>().value();
            search.set(q.clone());
            let ql = q.to_lowercase();
            if ql.is_empty() {
                return;
            }
            let hit = d.tables.iter().find(|t| t.to_lowercase() == ql || t.rsplit('.').next() == Some(&ql)).or_else(|| d.tables.iter().find(|t| t.to_lowercase().contains(&ql)));
            if let Some(t) = hit {
                selected.set(Some(t.clone()));
                center_on(t);
            }
        })
    };
    let on_class = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let only = TenancyClass::ALL.into_iter().find(|c| c.as_str() == v);
            filter.set(Filter { only_class: only, ..(*filter).clone() });
        })
    };
    let on_hide_global = {
        let filter = filter.clone();
        Callback::from(move |e: Event| filter.set(Filter { hide_global: e.target_unchecked_into::<HtmlInputElement>().checked(), ..(*filter).clone() }))
    };
    let toggle_before = { let b = before.clone(); Callback::from(move |_: MouseEvent| b.set(!*b)) };
    let focus_selected = {
        let (filter, selected) = (filter.clone(), selected.clone());
        Callback::from(move |_: MouseEvent| {
            let focus = if filter.focus.is_some() { None } else { (*selected).clone() };
            filter.set(Filter { focus, ..(*filter).clone() });
        })
    };
    let export_svg = { let svg = d.svg.clone(); Callback::from(move |_: MouseEvent| download("tenant-erd.svg", &svg, "image/svg+xml")) };
    let export_png = { let (svg, l) = (d.svg.clone(), d.layout.clone()); Callback::from(move |_: MouseEvent| svg_to_png(&svg, l.width, l.height, "tenant-erd.png")) };
    let mermaid = erd::mermaid(&d.snapshot, &d.tenancy, &d.tables);
    let copy_mermaid = { let m = mermaid.clone(); Callback::from(move |_: MouseEvent| copy_text(&m)) };
    let download_mermaid = { let m = mermaid.clone(); Callback::from(move |_: MouseEvent| download("tenant-erd.mmd", &m, "text/plain")) };
    let onkeydown = {
        let (zoom_at, viewport, fit, view) = (zoom_at.clone(), viewport.clone(), fit.clone(), view.clone());
        Callback::from(move |e: KeyboardEvent| {
            let (w, h) = viewport.cast::<HtmlElement>().map(|e| (e.client_width() as f64, e.client_height() as f64)).unwrap_or((800.0, 600.0));
            let v = *view;
            match e.key().as_str() {
                "+" | "=" => zoom_at(1.2, w / 2.0, h / 2.0),
                "-" => zoom_at(1.0 / 1.2, w / 2.0, h / 2.0),
                "0" => fit.emit(()),
                "ArrowLeft" => view.set(View { x: v.x + 60.0, ..v }),
                "ArrowRight" => view.set(View { x: v.x - 60.0, ..v }),
                "ArrowUp" => view.set(View { y: v.y + 60.0, ..v }),
                "ArrowDown" => view.set(View { y: v.y - 60.0, ..v }),
                _ => return,
            }
            e.prevent_default();
        })
    };
    let highlight = selected.as_ref().map(|t| format!("g[data-table=\"{}\"] > rect {{ stroke: #f59e0b !important; stroke-width: 3px !important; }}", t.replace('\\', "\\\\").replace('"', "\\\"")));
    let v = *view;
    html! {
        <section class="erd" data-testid="erd" data-tables={d.tables.len().to_string()} data-mode={if *before { "before" } else { "after" }}>
            <div class="erd-tools">
                <button class={classes!("btn", "small", (!*before).then_some("on"))} data-testid="erd-after" onclick={toggle_before.clone()} disabled={!*before}>{"After up"}</button>
                <button class={classes!("btn", "small", before.then_some("on"))} data-testid="erd-before" onclick={toggle_before} disabled={*before || p.result.snapshots.after_seed.is_none()}>{"Before (after seed)"}</button>
                <input type="search" placeholder="Find a table…" data-testid="erd-search" value={(*search).clone()} oninput={on_search} aria-label="Find a table" />
                <select class="small" data-testid="erd-class" onchange={on_class} aria-label="Show one class">
                    <option value="" selected={filter.only_class.is_none()}>{"all classes"}</option>
                    { for TenancyClass::ALL.iter().map(|c| html!{ <option value={c.as_str()} selected={filter.only_class == Some(*c)}>{ c.as_str() }</option> }) }
                </select>
                <label class="check-dark"><input type="checkbox" data-testid="erd-hide-global" checked={filter.hide_global} onchange={on_hide_global} />{"hide global"}</label>
                <button class="btn small" data-testid="erd-focus" onclick={focus_selected} disabled={selected.is_none() && filter.focus.is_none()}>
                    { if filter.focus.is_some() { "Show all" } else { "Focus selected" } }</button>
                <span class="spacer" />
                <button class="btn small" onclick={zoom_btn(1.0 / 1.2)} aria-label="Zoom out">{"−"}</button>
                <button class="btn small" onclick={zoom_btn(1.2)} aria-label="Zoom in">{"+"}</button>
                <button class="btn small" data-testid="erd-fit" onclick={fit.reform(|_: MouseEvent| ())}>{"Fit"}</button>
                <button class="btn small" data-testid="erd-export-svg" onclick={export_svg}>{"SVG"}</button>
                <button class="btn small" data-testid="erd-export-png" onclick={export_png}>{"PNG"}</button>
                <button class="btn small" data-testid="erd-copy-mermaid" onclick={copy_mermaid} title="Copy Mermaid erDiagram text">{"Copy Mermaid"}</button>
                <button class="btn small" data-testid="erd-export-mermaid" onclick={download_mermaid}>{".mmd"}</button>
            </div>
            <div class="erd-body">
                <div class="erd-viewport" ref={viewport} tabindex="0" aria-label="Diagram: drag to pan, wheel or +/- to zoom, 0 to fit"
                     {onwheel} {onpointerdown} {onpointermove} {onpointerup} {onkeydown}>
                    if let Some(css) = highlight { <style>{ css }</style> }
                    <div class="erd-canvas" style={format!("transform: translate({:.1}px, {:.1}px) scale({:.4})", v.x, v.y, v.k)}>
                        { Html::from_html_unchecked(AttrValue::from(d.svg.clone())) }
                    </div>
                </div>
                if let Some(t) = &*selected { { side_panel(&d.snapshot, &d.tenancy, t, selected.clone()) } }
            </div>
            <pre hidden=true data-testid="erd-mermaid">{ mermaid }</pre>
        </section>
    }
}

fn side_panel(s: &Snapshot, tenancy: &Tenancy, table: &str, selected: Sel) -> Html {
    let Some(t) = s.table(table) else { return html! {} };
    let tt = tenancy.tables.get(table);
    let on = |schema: &str, name: &str| schema == t.schema && name == t.name;
    let close = Callback::from(move |_: MouseEvent| selected.set(None));
    html! {
        <aside class="erd-panel" data-testid="erd-panel" data-table={table.to_string()}>
            <div class="fv-head"><strong><code>{ table }</code></strong><button class="icon right" aria-label="Close" onclick={close}>{"×"}</button></div>
            <p class="muted">
                if let Some(tt) = tt { <span class={classes!("badge", format!("tenancy-{}", tt.class.as_str()))}>{ tt.class.as_str() }</span> }
                { format!(" {} rows · RLS {}", t.row_count, if t.rls_forced { "forced" } else if t.rls_enabled { "on" } else { "off" }) }
            </p>
            if let Some(tt) = tt.filter(|tt| !tt.path.is_empty()) {
                <div class="panel-sec"><h4>{"Tenant path"}</h4>{ for tt.path.iter().map(|s| html!{ <div><code>{ s.describe() }</code></div> }) }</div>
            }
            <div class="panel-sec"><h4>{"Columns"}</h4>
                <table class="mini">{ for t.columns.iter().map(|c| html!{
                    <tr title={c.default.as_ref().map(|d| format!("default {d}")).unwrap_or_default()}>
                        <td><code>{ &c.name }</code></td><td>{ &c.type_ }</td><td class="muted nowrap">{ if c.not_null { "not null" } else { "" } }</td>
                    </tr> }) }</table>
            </div>
            <div class="panel-sec"><h4>{"Constraints"}</h4>{ for s.constraints.iter().filter(|c| on(&c.schema, &c.table)).map(|c| html!{ <div><b>{ &c.name }</b>{" "}<code>{ &c.definition }</code></div> }) }</div>
            <div class="panel-sec"><h4>{"Indexes"}</h4>{ for s.indexes.iter().filter(|i| on(&i.schema, &i.table)).map(|i| html!{ <div><code>{ &i.definition }</code></div> }) }</div>
            if s.triggers.iter().any(|x| on(&x.schema, &x.table)) {
                <div class="panel-sec"><h4>{"Triggers"}</h4>{ for s.triggers.iter().filter(|x| on(&x.schema, &x.table)).map(|x| html!{ <div><code>{ &x.definition }</code></div> }) }</div>
            }
            <div class="panel-sec"><h4>{ format!("Policies ({})", s.policies_on(t).count()) }</h4>
                { for s.policies_on(t).map(|p| html!{
                    <div class="policy">
                        <div><b>{ &p.name }</b><span class="muted">{ format!(" · {} · {} · to {}", p.command, if p.permissive { "permissive" } else { "restrictive" }, p.roles.join(", ")) }</span></div>
                        if let Some(u) = &p.using { <pre class="expr">{ format!("USING ({u})") }</pre> }
                        if let Some(w) = &p.with_check { <pre class="expr">{ format!("WITH CHECK ({w})") }</pre> }
                    </div>
                }) }
            </div>
        </aside>
    }
}
