//! Paste SQL as a new file, in our own dialog (focus in, trapped, Escape closes only it). A
//! missing name is said in the dialog, beside the field.

use super::dialog::Dialog;
use tenant_planner_core::conventions::detect_role;
use tenant_planner_core::files::SqlFile;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// How many files the project has (the default name numbers the new one after them).
    pub files: usize,
    pub on_add: Callback<SqlFile>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn PasteDialog(p: &Props) -> Html {
    let name = use_state(|| format!("{:03}_pasted.sql", p.files + 1));
    let text = use_state(String::new);
    let error = use_state(|| None::<&'static str>);
    let on_name = {
        let (name, error) = (name.clone(), error.clone());
        Callback::from(move |e: InputEvent| {
            name.set(e.target_unchecked_into::<HtmlInputElement>().value());
            error.set(None);
        })
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let add = {
        let (name, text, on_add, error, close) =
            (name.clone(), text.clone(), p.on_add.clone(), error.clone(), p.on_close.clone());
        Callback::from(move |_: MouseEvent| {
            let mut n = name.trim().to_string();
            if n.is_empty() {
                error.set(Some("Give the pasted file a name"));
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
    html! {
        <Dialog title="Paste SQL as a new file" testid="paste-dialog" on_close={p.on_close.clone()}>
            <label class="field wide"><span>{"File name"}</span>
                <input type="text" value={(*name).clone()} oninput={on_name} data-testid="paste-name"
                    aria-invalid={error.is_some().to_string()} aria-describedby="paste-name-error" />
                <span class="muted">{ format!("role: {}", detect_role(&name).as_str()) }</span>
            </label>
            <p class="field-error" id="paste-name-error" role="alert" data-testid="paste-error">{ error.unwrap_or_default() }</p>
            <label class="field-stack"><span>{"SQL"}</span>
                <textarea data-testid="paste-text" rows="16" placeholder="create table …;" oninput={on_text} value={(*text).clone()} data-autofocus="true" />
            </label>
            <div class="modal-actions">
                <button class="btn" data-testid="paste-cancel" onclick={cancel}>{"Cancel"}</button>
                <button class="btn primary" data-testid="paste-add" onclick={add}>{"Add file"}</button>
            </div>
        </Dialog>
    }
}
