//! Messages about loading and saving files, each dismissable.

use crate::state::{Level, Message};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// At most a few (the reducer keeps the latest six).
    pub messages: Vec<Message>,
    pub on_dismiss: Callback<u64>,
}

#[function_component]
pub fn Messages(p: &Props) -> Html {
    if p.messages.is_empty() {
        return html! {};
    }
    html! {
        <div class="messages" data-testid="messages" role="status" aria-live="polite">
            { for p.messages.iter().map(|m| {
                let class = match m.level { Level::Info => "msg info", Level::Warning => "msg warn", Level::Error => "msg error" };
                let id = m.id;
                html! {
                    <div class={class} data-testid="message">
                        <span>{ &m.text }</span>
                        <button class="x" aria-label="Dismiss" onclick={p.on_dismiss.reform(move |_| id)}>{"×"}</button>
                    </div>
                }
            }) }
        </div>
    }
}
