//! A modal dialog of our own (the browser's `confirm()` and `prompt()` hide the page and can't
//! show what they ask about): `role=dialog`, `aria-modal`, labelled by its title. When it opens,
//! focus moves in (to the element marked `data-autofocus`, else the first focusable one); Tab and
//! Shift+Tab stay inside; Escape closes it and goes no further (so it never also cancels a
//! running simulation, which listens for Escape on the document); when it closes, focus goes
//! back to the element that had it before, when that is still on the page.

use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// What Tab can reach inside a dialog.
const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
     select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex=\"-1\"])";

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The heading, which names the dialog for assistive technology.
    pub title: AttrValue,
    pub testid: AttrValue,
    /// Escape, or the dialog's own cancel button (the caller wires that one).
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub children: Html,
}

/// The elements Tab reaches inside `root`, in document order.
fn focusable(root: &Element) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

fn active() -> Option<Element> {
    gloo::utils::document().active_element()
}

#[function_component]
pub fn Dialog(p: &Props) -> Html {
    let node = use_node_ref();
    let title_id = use_memo((), |_| {
        static NEXT: AtomicUsize = AtomicUsize::new(1);
        format!("dialog-title-{}", NEXT.fetch_add(1, Ordering::Relaxed))
    });
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            let opener = active().and_then(|e| e.dyn_into::<HtmlElement>().ok());
            if let Some(d) = node.cast::<Element>() {
                let marked = d
                    .query_selector("[data-autofocus]")
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<HtmlElement>().ok());
                if let Some(first) = marked.or_else(|| focusable(&d).into_iter().next()) {
                    let _ = first.focus();
                }
            }
            move || {
                if let Some(o) = opener.filter(|o| o.is_connected()) {
                    let _ = o.focus();
                }
            }
        });
    }
    let onkeydown = {
        let (node, close) = (node.clone(), p.on_close.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                e.stop_propagation();
                close.emit(());
            }
            "Tab" => {
                let Some(d) = node.cast::<Element>() else { return };
                let items = focusable(&d);
                let (Some(first), Some(last)) = (items.first(), items.last()) else {
                    e.prevent_default();
                    return;
                };
                let now = active();
                let inside = now.as_ref().is_some_and(|a| d.contains(Some(a.as_ref())));
                let at = |x: &HtmlElement| now.as_ref() == Some(x.unchecked_ref::<Element>());
                if e.shift_key() && (!inside || at(first)) {
                    e.prevent_default();
                    let _ = last.focus();
                } else if !e.shift_key() && (!inside || at(last)) {
                    e.prevent_default();
                    let _ = first.focus();
                }
            }
            _ => {}
        })
    };
    html! {
        <div class="modal-backdrop">
            <div class="modal" ref={node} role="dialog" aria-modal="true" aria-labelledby={(*title_id).clone()}
                data-testid={p.testid.clone()} {onkeydown}>
                <h2 class="modal-title" id={(*title_id).clone()}>{ p.title.clone() }</h2>
                { p.children.clone() }
            </div>
        </div>
    }
}
