//! Paste SQL as a new file.

use tenant_planner_core::conventions::detect_role;
use tenant_planner_core::files::SqlFile;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// How many files the project has (the default name numbers the new one after them).
    pub files: usize,
    pub on_add: Callback<SqlFile>,
    pub on_error: Callback<String>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn PasteDialog(p: &Props) -> Html {
    let name = use_state(|| format!("{:03}_pasted.sql", p.files + 1));
    let text = use_state(String::new);
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            name.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let add = {
        let (name, text, on_add, on_error, close) =
            (name.clone(), text.clone(), p.on_add.clone(), p.on_error.clone(), p.on_close.clone());
        Callback::from(move |_: MouseEvent| {
            let mut n = name.trim().to_string();
            if n.is_empty() {
                on_error.emit("Give the pasted file a name".into());
                return;
            }
            if !n.to_ascii_lowercase().ends_with(".sql") {
                n.push_str(".sql");
            }
            on_add.emit(SqlFile::new(n, (*text).clone()));
            close.emit(());
        })
    };
    let cancel = p.on_close.reform(|_: MouseEvent| ());
    let onkeydown = {
        let close = p.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                close.emit(())
            }
        })
    };
    html! {
        <div class="modal-backdrop" {onkeydown}>
            <div class="modal" role="dialog" aria-modal="true" aria-label="Paste SQL" data-testid="paste-dialog">
                <h3>{"Paste SQL as a new file"}</h3>
                <label class="field wide"><span>{"File name"}</span>
                    <input type="text" value={(*name).clone()} oninput={on_name} data-testid="paste-name" />
                    <span class="muted">{ format!("role: {}", detect_role(&name).as_str()) }</span>
                </label>
                <textarea data-testid="paste-text" rows="16" placeholder="create table …;" oninput={on_text} value={(*text).clone()} autofocus=true />
                <div class="modal-actions">
                    <button class="btn" onclick={cancel}>{"Cancel"}</button>
                    <button class="btn primary" data-testid="paste-add" onclick={add}>{"Add file"}</button>
                </div>
            </div>
        </div>
    }
}
