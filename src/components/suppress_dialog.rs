//! *Suppress…* in our own dialog (it was the browser's `prompt()`, which hid the finding): the
//! finding being silenced is shown above the reason asked for. An empty reason is said in the
//! dialog, beside the field.

use super::reason_dialog::ReasonDialog;
use tenant_planner_core::lint::{Finding, Suppression};
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
    let f = &p.finding;
    let (rule, object) = (p.rule, f.object.clone());
    let on_reason = p.on_suppress.reform(move |reason: String| Suppression {
        rule: rule.into(),
        object: object.clone(),
        reason,
    });
    let place = f.file.as_ref().map(|file| match f.line {
        Some(line) => format!("{file}:{line}"),
        None => file.clone(),
    });
    html! {
        <ReasonDialog title="Suppress a finding" id="suppress" on_reason={on_reason} on_close={p.on_close.clone()}
            question="Why is this acceptable? (kept with the project and in the report)"
            empty="Give a reason: it is kept with the suppression" confirm="Suppress">
            <div class="suppress-finding" data-testid="suppress-finding" data-rule={p.rule} data-object={f.object.clone()}>
                <div><span class="badge">{ f.level.as_str() }</span>{" "}<strong>{ p.title }</strong>{" "}<code class="muted">{ p.rule }</code></div>
                <div><code>{ &f.object }</code>if let Some(place) = place { <span class="muted">{ format!(" · {place}") }</span> }</div>
                <p class="detail">{ &f.detail }</p>
            </div>
        </ReasonDialog>
    }
}
