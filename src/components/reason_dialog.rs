//! A dialog that asks why before an action that takes something out of the verdict on the user's
//! word (*Suppress…* a finding, *Mark shared…* a table): what is concerned is shown above the
//! reason box, an empty reason is said beside the field and nothing happens, and the reason goes
//! with the action. Test ids are `{id}-dialog`, `-reason`, `-error`, `-cancel`, `-confirm`.

use super::dialog::Dialog;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub title: &'static str,
    /// The test-id prefix ("suppress", "shared").
    pub id: &'static str,
    /// The question above the reason box.
    pub question: &'static str,
    /// Said when the reason is empty.
    pub empty: &'static str,
    /// The confirm button's label.
    pub confirm: &'static str,
    /// What the action concerns, shown above the question.
    pub children: Html,
    /// The reason, trimmed and never empty; the dialog closes first.
    pub on_reason: Callback<String>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn ReasonDialog(p: &Props) -> Html {
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
            (reason.clone(), error.clone(), p.on_reason.clone(), p.on_close.clone());
        Callback::from(move |_: MouseEvent| {
            let why = reason.trim().to_string();
            if why.is_empty() {
                error.set(true);
                return;
            }
            close.emit(());
            on.emit(why);
        })
    };
    let id = |suffix: &str| format!("{}-{suffix}", p.id);
    html! {
        <Dialog title={p.title} testid={id("dialog")} on_close={p.on_close.clone()}>
            { p.children.clone() }
            <label class="field-stack"><span>{ p.question }</span>
                <textarea data-testid={id("reason")} rows="3" value={(*reason).clone()} oninput={on_input} data-autofocus="true"
                    aria-invalid={error.to_string()} aria-describedby={id("reason-error")} />
            </label>
            <p class="field-error" id={id("reason-error")} role="alert" data-testid={id("error")}>{ if *error { p.empty } else { "" } }</p>
            <div class="modal-actions">
                <button class="btn" data-testid={id("cancel")} onclick={p.on_close.reform(|_: MouseEvent| ())}>{"Cancel"}</button>
                <button class="btn primary" data-testid={id("confirm")} onclick={submit}>{ p.confirm }</button>
            </div>
        </Dialog>
    }
}
