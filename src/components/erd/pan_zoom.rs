//! Panning and zooming the ERD: the transform of the canvas, fit to the viewport, zoom about a
//! point (wheel) or the centre (buttons, +/-), drag to pan, arrows to move, and a click that
//! is not a drag picks the table under the pointer. By keyboard, Tab goes from box to box (the
//! SVG makes them focusable), a box that gets the focus out of sight is brought to the centre,
//! and Enter or Space on it picks it as a click does.

use super::drawing::Drawing;
use crate::ptr::Ptr;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// Width of the legend column the core's SVG adds right of the layout.
const LEGEND_W: f64 = 220.0;

/// The canvas transform: scale `k`, then translate by (`x`, `y`) pixels.
#[derive(Clone, Copy, PartialEq)]
pub struct View {
    pub k: f64,
    pub x: f64,
    pub y: f64,
}

impl View {
    pub fn css(&self) -> String {
        format!("transform: translate({:.1}px, {:.1}px) scale({:.4})", self.x, self.y, self.k)
    }
}

pub struct PanZoom {
    pub view: View,
    /// Fit the whole drawing (legend included) in the viewport.
    pub fit: Callback<()>,
    /// Zoom by a factor about the viewport's centre.
    pub zoom: Callback<f64>,
    /// Bring a table to the centre, at a readable scale.
    pub center_on: Callback<String>,
    pub onwheel: Callback<WheelEvent>,
    pub onpointerdown: Callback<PointerEvent>,
    pub onpointermove: Callback<PointerEvent>,
    pub onpointerup: Callback<PointerEvent>,
    pub onkeydown: Callback<KeyboardEvent>,
    pub onfocusin: Callback<FocusEvent>,
}

/// The table box an event happened in, if any.
fn table_of(target: Option<web_sys::EventTarget>) -> Option<Element> {
    target
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("[data-table]").ok().flatten())
}

/// Where a drag started: pointer position, view then, and whether it has moved (a click otherwise).
type Drag = Option<(f64, f64, View, bool)>;

fn size(viewport: &NodeRef) -> (f64, f64) {
    viewport
        .cast::<HtmlElement>()
        .map(|e| (e.client_width() as f64, e.client_height() as f64))
        .unwrap_or((800.0, 600.0))
}

/// `on_click`: the table clicked (None: the background).
#[hook]
pub fn use_pan_zoom(
    viewport: &NodeRef,
    drawing: Option<Ptr<Drawing>>,
    on_click: Callback<Option<String>>,
) -> PanZoom {
    let view = use_state(|| View { k: 1.0, x: 0.0, y: 0.0 });
    let drag = use_mut_ref(|| None as Drag);

    let fit = {
        let (view, viewport, drawing) = (view.clone(), viewport.clone(), drawing.clone());
        Callback::from(move |_: ()| {
            let (Some(el), Some(d)) = (viewport.cast::<HtmlElement>(), drawing.as_ref()) else {
                return;
            };
            let (w, h) = (el.client_width() as f64, el.client_height() as f64);
            // The SVG is the layout plus the legend column on its right.
            let sw = d.layout.width + LEGEND_W;
            let k = ((w - 20.0) / sw.max(1.0))
                .min((h - 20.0) / d.layout.height.max(1.0))
                .clamp(0.05, 1.5);
            view.set(View { k, x: (w - sw * k) / 2.0, y: 10.0 });
        })
    };
    let zoom_at = {
        let view = view.clone();
        move |factor: f64, cx: f64, cy: f64| {
            let v = *view;
            let k = (v.k * factor).clamp(0.05, 4.0);
            let f = k / v.k;
            view.set(View { k, x: cx - (cx - v.x) * f, y: cy - (cy - v.y) * f });
        }
    };
    let zoom = {
        let (zoom_at, viewport) = (zoom_at.clone(), viewport.clone());
        Callback::from(move |factor: f64| {
            let (w, h) = size(&viewport);
            zoom_at(factor, w / 2.0, h / 2.0);
        })
    };
    let center_on = {
        let (view, viewport) = (view.clone(), viewport.clone());
        Callback::from(move |table: String| {
            let Some(n) =
                drawing.as_ref().and_then(|d| d.layout.nodes.iter().find(|n| n.table == table))
            else {
                return;
            };
            let (w, h) = size(&viewport);
            let k = view.k.max(0.8);
            view.set(View {
                k,
                x: w / 2.0 - (n.x + n.w / 2.0) * k,
                y: h / 2.0 - (n.y + n.h / 2.0) * k,
            });
        })
    };
    let onwheel = {
        let (zoom_at, viewport) = (zoom_at.clone(), viewport.clone());
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let Some(el) = viewport.cast::<Element>() else { return };
            let r = el.get_bounding_client_rect();
            zoom_at(
                if e.delta_y() < 0.0 { 1.15 } else { 1.0 / 1.15 },
                e.client_x() as f64 - r.left(),
                e.client_y() as f64 - r.top(),
            );
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
        let on_click = on_click.clone();
        Callback::from(move |e: PointerEvent| {
            let was = drag.borrow_mut().take();
            if was.is_some_and(|(_, _, _, moved)| moved) {
                return;
            }
            // A click: which table box?
            on_click.emit(table_of(e.target()).and_then(|g| g.get_attribute("data-table")));
        })
    };
    let onfocusin = {
        let (viewport, center_on) = (viewport.clone(), center_on.clone());
        Callback::from(move |e: FocusEvent| {
            let (Some(vp), Some(g)) = (viewport.cast::<Element>(), table_of(e.target())) else {
                return;
            };
            // The browser scrolls a focused element into view, even in a box that hides its
            // overflow; the view is the transform's alone.
            vp.set_scroll_top(0);
            vp.set_scroll_left(0);
            let (v, b) = (vp.get_bounding_client_rect(), g.get_bounding_client_rect());
            let inside = b.left() >= v.left()
                && b.right() <= v.right()
                && b.top() >= v.top()
                && b.bottom() <= v.bottom();
            if let (false, Some(t)) = (inside, g.get_attribute("data-table")) {
                center_on.emit(t);
            }
        })
    };
    let onkeydown = {
        let (viewport, fit, view) = (viewport.clone(), fit.clone(), view.clone());
        Callback::from(move |e: KeyboardEvent| {
            let (w, h) = size(&viewport);
            let v = *view;
            match e.key().as_str() {
                "Enter" | " " => {
                    match table_of(e.target()).and_then(|g| g.get_attribute("data-table")) {
                        Some(t) => on_click.emit(Some(t)),
                        None => return,
                    }
                }
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
    PanZoom {
        view: *view,
        fit,
        zoom,
        center_on,
        onwheel,
        onpointerdown,
        onpointermove,
        onpointerup,
        onkeydown,
        onfocusin,
    }
}
