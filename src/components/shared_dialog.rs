//! *Mark shared…* in our own dialog: marking a table shared takes its probes out of the leak
//! count on the user's word, so it is never one silent click. The dialog names the table and the
//! leaks this run found there, and asks why every tenant may read it; the reason is kept with the
//! project, shown beside the leak count and written in the report.

use super::dialog::Dialog;
use crate::plural::count;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub table: String,
    /// The leaks this run found on the table: they will no longer be counted.
    pub leaks: usize,
    /// (table, reason)
    pub on_mark: Callback<(String, String)>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn SharedDialog(p: &Props) -> Html {
    let reason = use_state(String::new);
    let error = use_state(|| false);
    let on_input = {
        let (reason, error) = (reason.clone(), error.clone());
        Callback::from(move |e: InputEvent| {
            reason.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
            error.set(false);
        })
    };
    let submit = {
        let (reason, error, on, close) =
            (reason.clone(), error.clone(), p.on_mark.clone(), p.on_close.clone());
        let table = p.table.clone();
        Callback::from(move |_: MouseEvent| {
            let why = reason.trim().to_string();
            if why.is_empty() {
                error.set(true);
                return;
            }
            close.emit(());
            on.emit((table.clone(), why));
        })
    };
    html! {
        <Dialog title="Mark a table shared" testid="shared-dialog" on_close={p.on_close.clone()}>
            <div class="suppress-finding" data-testid="shared-table" data-table={p.table.clone()}>
                <div><code>{ &p.table }</code></div>
                <p class="detail">{ format!(
                    "Every tenant may read it (a directory, a lookup): the probes still run there, but what they reach is not counted. {} found on it in this run will no longer count.",
                    count(p.leaks, "leak")) }</p>
            </div>
            <label class="field-stack"><span>{"Why may every tenant read it? (kept with the project, shown beside the leak count and in the report)"}</span>
                <textarea data-testid="shared-reason" rows="3" value={(*reason).clone()} oninput={on_input} data-autofocus="true"
                    aria-invalid={error.to_string()} aria-describedby="shared-reason-error" />
            </label>
            <p class="field-error" id="shared-reason-error" role="alert" data-testid="shared-error">{ if *error { "Give a reason: it is kept with the mark" } else { "" } }</p>
            <div class="modal-actions">
                <button class="btn" data-testid="shared-cancel" onclick={p.on_close.reform(|_: MouseEvent| ())}>{"Cancel"}</button>
                <button class="btn primary" data-testid="shared-confirm" onclick={submit}>{"Mark shared"}</button>
            </div>
        </Dialog>
    }
}
