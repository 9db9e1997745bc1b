//! The result tabs' nav, drawn from `Tab::ALL`.

use crate::state::Tab;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub current: Tab,
    pub on_select: Callback<Tab>,
}

#[function_component]
pub fn TabNav(p: &Props) -> Html {
    html! {
        <nav class="tabs" role="tablist">
            { for Tab::ALL.iter().map(|t| {
                let selected = p.current == t.tab;
                let tab = t.tab;
                html! {
                    <button role="tab" aria-selected={selected.to_string()} class={classes!("tab", selected.then_some("selected"))}
                        data-testid={format!("tab-{}", t.testid)} onclick={p.on_select.reform(move |_| tab)}>{ t.label }</button>
                }
            }) }
        </nav>
    }
}
