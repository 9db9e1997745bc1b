//! Messages about loading and saving files, each dismissable.

use crate::state::{Action, Level, StateHandle};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: StateHandle,
}

#[function_component]
pub fn Messages(p: &Props) -> Html {
    if p.state.messages.is_empty() {
        return html! {};
    }
    html! {
        <div class="messages" data-testid="messages" role="status" aria-live="polite">
            { for p.state.messages.iter().map(|m| {
                let class = match m.level { Level::Info => "msg info", Level::Warning => "msg warn", Level::Error => "msg error" };
                let s = p.state.clone();
                let id = m.id;
                html! {
                    <div class={class} data-testid="message">
                        <span>{ &m.text }</span>
                        <button class="x" aria-label="Dismiss" onclick={Callback::from(move |_| s.dispatch(Action::Dismiss(id)))}>{"×"}</button>
                    </div>
                }
            }) }
        </div>
    }
}
