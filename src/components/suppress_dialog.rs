//! *Suppress…* in our own dialog (it was the browser's `prompt()`, which hid the finding): the
//! finding being silenced is shown above the reason asked for. An empty reason is said in the
//! dialog, beside the field.

use super::dialog::Dialog;
use tenant_planner_core::lint::{Finding, Suppression};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The rule's id and title.
    pub rule: &'static str,
    pub title: &'static str,
    pub finding: Finding,
    pub on_suppress: Callback<Suppression>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn SuppressDialog(p: &Props) -> Html {
    let reason = use_state(String::new);
    let error = use_state(|| false);
    let f = &p.finding;
    let on_input = {
        let (reason, error) = (reason.clone(), error.clone());
        Callback::from(move |e: InputEvent| {
            reason.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
            error.set(false);
        })
    };
    let submit = {
        let (reason, error, on, close) =
            (reason.clone(), error.clone(), p.on_suppress.clone(), p.on_close.clone());
        let (rule, object) = (p.rule, f.object.clone());
        Callback::from(move |_: MouseEvent| {
            let why = reason.trim().to_string();
            if why.is_empty() {
                error.set(true);
                return;
            }
            close.emit(());
            on.emit(Suppression { rule: rule.into(), object: object.clone(), reason: why });
        })
    };
    let place = f.file.as_ref().map(|file| match f.line {
        Some(line) => format!("{file}:{line}"),
        None => file.clone(),
    });
    html! {
        <Dialog title="Suppress a finding" testid="suppress-dialog" on_close={p.on_close.clone()}>
            <div class="suppress-finding" data-testid="suppress-finding" data-rule={p.rule} data-object={f.object.clone()}>
                <div><span class="badge">{ f.level.as_str() }</span>{" "}<strong>{ p.title }</strong>{" "}<code class="muted">{ p.rule }</code></div>
                <div><code>{ &f.object }</code>if let Some(place) = place { <span class="muted">{ format!(" · {place}") }</span> }</div>
                <p class="detail">{ &f.detail }</p>
            </div>
            <label class="field-stack"><span>{"Why is this acceptable? (kept with the project and in the report)"}</span>
                <textarea data-testid="suppress-reason" rows="3" value={(*reason).clone()} oninput={on_input} data-autofocus="true"
                    aria-invalid={error.to_string()} aria-describedby="suppress-reason-error" />
            </label>
            <p class="field-error" id="suppress-reason-error" role="alert" data-testid="suppress-error">{ if *error { "Give a reason: it is kept with the suppression" } else { "" } }</p>
            <div class="modal-actions">
                <button class="btn" data-testid="suppress-cancel" onclick={p.on_close.reform(|_: MouseEvent| ())}>{"Cancel"}</button>
                <button class="btn primary" data-testid="suppress-confirm" onclick={submit}>{"Suppress"}</button>
            </div>
        </Dialog>
    }
}
