//! *New*'s question in our own dialog (it was the browser's `confirm()`): start an empty
//! project, the current one staying under Recent. Cancel has the focus first.

use super::dialog::Dialog;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_confirm: Callback<()>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn ConfirmNew(p: &Props) -> Html {
    let confirm = {
        let (on, close) = (p.on_confirm.clone(), p.on_close.clone());
        Callback::from(move |_: MouseEvent| {
            close.emit(());
            on.emit(());
        })
    };
    html! {
        <Dialog title="Start a new, empty project?" testid="confirm-new" on_close={p.on_close.clone()}>
            <p>{"The current project stays in this browser: the file panel's "}<em>{"Reopen a recent project"}</em>{" menu brings it back."}</p>
            <div class="modal-actions">
                <button class="btn" data-testid="confirm-new-cancel" data-autofocus="true" onclick={p.on_close.reform(|_: MouseEvent| ())}>{"Cancel"}</button>
                <button class="btn primary" data-testid="confirm-new-ok" onclick={confirm}>{"Start a new project"}</button>
            </div>
        </Dialog>
    }
}
