//! The notices about loading and saving files: one list, with its count and *Dismiss all* when
//! there is more than one (four refused files make one list of four, not four banners), each
//! still dismissable on its own. The live region is always on the page, so what is added to it
//! is announced.

use crate::plural::plural;
use crate::state::{Level, Message};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// At most a few (the reducer keeps the latest six).
    pub messages: Vec<Message>,
    pub on_dismiss: Callback<u64>,
    pub on_dismiss_all: Callback<()>,
}

#[function_component]
pub fn Messages(p: &Props) -> Html {
    let n = p.messages.len();
    html! {
        <section class={classes!("messages", (n == 0).then_some("empty"))} data-testid="messages" aria-label="Notices">
            if n > 1 {
                <div class="messages-head">
                    <span data-testid="messages-count">{ plural(n, "notice", "notices") }</span>
                    <button class="linklike" data-testid="dismiss-all" onclick={p.on_dismiss_all.reform(|_: MouseEvent| ())}>{"Dismiss all"}</button>
                </div>
            }
            <div role="status" aria-live="polite">
            <ul class="msg-list">
                { for p.messages.iter().map(|m| {
                    let (class, label) = match m.level {
                        Level::Info => ("msg info", "Info"),
                        Level::Warning => ("msg warn", "Warning"),
                        Level::Error => ("msg error", "Error"),
                    };
                    let id = m.id;
                    html! {
                        <li class={class} data-testid="message" data-level={label.to_lowercase()}>
                            <span><span class="visually-hidden">{ format!("{label}: ") }</span>{ &m.text }</span>
                            <button class="x" aria-label="Dismiss this notice" onclick={p.on_dismiss.reform(move |_| id)}>{"×"}</button>
                        </li>
                    }
                }) }
            </ul>
            </div>
        </section>
    }
}
