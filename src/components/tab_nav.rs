//! The result tabs' nav, drawn from `Tab::ALL`, as the WAI-ARIA tabs pattern: a `tablist` of
//! `tab`s, each saying whether it is selected and which panel it controls (the one tab panel,
//! `#tabpanel`, labelled by the selected tab). Only the selected tab is in the Tab order (roving
//! tabindex); Left/Right move to the previous/next tab (wrapping), Home/End to the first/last,
//! and moving selects the tab (automatic activation) and puts focus on it.

use crate::state::Tab;
use yew::prelude::*;

/// The id of the element that holds the selected tab's body.
pub const PANEL_ID: &str = "tabpanel";

/// The id of a tab's button (the panel is labelled by it).
pub fn tab_id(t: Tab) -> String {
    format!("tab-{}", t.info().testid)
}

/// Where a key moves from tab index `at` of `n`: None for keys the tab list does not take.
pub fn key_target(key: &str, at: usize, n: usize) -> Option<usize> {
    match key {
        "ArrowRight" => Some((at + 1) % n),
        "ArrowLeft" => Some((at + n - 1) % n),
        "Home" => Some(0),
        "End" => Some(n - 1),
        _ => None,
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub current: Tab,
    pub on_select: Callback<Tab>,
}

#[function_component]
pub fn TabNav(p: &Props) -> Html {
    let onkeydown = {
        let (on, at) = (p.on_select.clone(), p.current as usize);
        Callback::from(move |e: KeyboardEvent| {
            if e.alt_key() || e.ctrl_key() || e.meta_key() {
                return;
            }
            let Some(to) = key_target(&e.key(), at, Tab::ALL.len()) else { return };
            e.prevent_default();
            let tab = Tab::ALL[to].tab;
            on.emit(tab);
            if let Some(b) = gloo::utils::document().get_element_by_id(&tab_id(tab)) {
                if let Ok(b) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(b) {
                    let _ = b.focus();
                }
            }
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label="Results" data-testid="tab-list" {onkeydown}>
            { for Tab::ALL.iter().map(|t| {
                let selected = p.current == t.tab;
                let tab = t.tab;
                html! {
                    <button role="tab" id={tab_id(tab)} aria-selected={selected.to_string()} aria-controls={PANEL_ID}
                        tabindex={if selected { "0" } else { "-1" }} class={classes!("tab", selected.then_some("selected"))}
                        data-testid={format!("tab-{}", t.testid)} onclick={p.on_select.reform(move |_| tab)}>{ t.label }</button>
                }
            }) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::key_target;

    #[test]
    fn arrows_wrap_and_home_end_go_to_the_ends() {
        assert_eq!(key_target("ArrowRight", 0, 11), Some(1));
        assert_eq!(key_target("ArrowRight", 10, 11), Some(0));
        assert_eq!(key_target("ArrowLeft", 0, 11), Some(10));
        assert_eq!(key_target("ArrowLeft", 5, 11), Some(4));
        assert_eq!(key_target("Home", 7, 11), Some(0));
        assert_eq!(key_target("End", 2, 11), Some(10));
        assert_eq!(key_target("Enter", 2, 11), None);
        assert_eq!(key_target("ArrowDown", 2, 11), None);
    }
}
