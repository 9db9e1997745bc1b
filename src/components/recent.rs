//! Recent projects: the projects saved in this browser (IndexedDB), newest first; choosing one
//! reopens it. Nothing leaves the browser.

use crate::hooks::use_persistence::{Saved, SavedSummary};
use crate::plural::count;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Saved projects, newest first.
    pub recent: Vec<SavedSummary>,
    /// The id of the project open now (not offered).
    pub current: AttrValue,
    pub on_open: Callback<Saved>,
    pub on_error: Callback<String>,
}

#[function_component]
pub fn Recent(p: &Props) -> Html {
    let on_recent = {
        let (on_open, on_error) = (p.on_open.clone(), p.on_error.clone());
        Callback::from(move |e: Event| {
            let el = e.target_unchecked_into::<HtmlSelectElement>();
            let id = el.value();
            el.set_value("");
            if id.is_empty() {
                return;
            }
            let (on_open, on_error) = (on_open.clone(), on_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::hooks::use_persistence::load(&id).await {
                    Some(saved) => on_open.emit(saved),
                    None => {
                        on_error.emit("That project is no longer saved in this browser.".into())
                    }
                }
            });
        })
    };
    let now = crate::bridge::wall_ms();
    let ago = |ms: f64| {
        let min = ((now - ms) / 60000.0).max(0.0) as u64;
        match min {
            0 => "just now".to_string(),
            m if m < 60 => format!("{m} min ago"),
            m if m < 60 * 24 => format!("{} h ago", m / 60),
            m => format!("{} d ago", m / 60 / 24),
        }
    };
    let others: Vec<_> = p.recent.iter().filter(|r| r.id != p.current.as_str()).collect();
    html! {
        <select class="recent" data-testid="recent-projects" onchange={on_recent} aria-label="Reopen a recent project" disabled={others.is_empty()}
                title="Projects saved in this browser (nothing leaves it)">
                <option value="" selected=true>{ if others.is_empty() { "No other saved projects".to_string() } else { format!("Reopen a recent project ({})", others.len()) } }</option>
                { for others.iter().map(|r| html! {
                    <option value={r.id.clone()}>{ format!("{} · {} · {}", r.name, count(r.files, "file"), ago(r.updated_ms)) }</option>
                }) }
            </select>
    }
}
