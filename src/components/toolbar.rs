//! The top bar: example menu, profile, run options, Run / Cancel, report download, and *New*
//! (which asks first, in a dialog of our own).

use crate::components::confirm_new::ConfirmNew;
use crate::examples::EXAMPLES;
use tenant_planner_core::profile::{Profile, ProfileChoice};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The bundled example the project still is.
    pub example: Option<AttrValue>,
    /// The profile the user chose (None: detected).
    pub profile: Option<Profile>,
    /// The profile in effect and why.
    pub choice: ProfileChoice,
    pub continue_on_error: bool,
    pub auto_run: bool,
    /// Seconds a statement may run before it is stopped.
    pub statement_timeout_s: u32,
    pub running: bool,
    pub has_files: bool,
    pub has_report: bool,
    pub on_example: Callback<String>,
    pub on_profile: Callback<Option<Profile>>,
    pub on_continue_on_error: Callback<bool>,
    pub on_auto_run: Callback<bool>,
    pub on_statement_timeout: Callback<u32>,
    pub on_new: Callback<()>,
    pub on_run: Callback<()>,
    pub on_cancel: Callback<()>,
    pub on_download: Callback<()>,
    pub on_share: Callback<()>,
}

#[function_component]
pub fn Toolbar(p: &Props) -> Html {
    let choice = &p.choice;
    let on_example = {
        let on = p.on_example.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if !v.is_empty() {
                on.emit(v);
            }
        })
    };
    let on_profile = p
        .on_profile
        .reform(|e: Event| Profile::parse(&e.target_unchecked_into::<HtmlSelectElement>().value()));
    let on_continue = p
        .on_continue_on_error
        .reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().checked());
    let on_auto =
        p.on_auto_run.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().checked());
    // Whole seconds, at least 1; anything else leaves the setting as it was (the field shows it).
    let on_timeout = {
        let (on, now) = (p.on_statement_timeout.clone(), p.statement_timeout_s);
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            match input.value().trim().parse::<u32>() {
                Ok(v) if v >= 1 => on.emit(v),
                _ => input.set_value(&now.to_string()),
            }
        })
    };
    let run = p.on_run.reform(|_: MouseEvent| ());
    let cancel = p.on_cancel.reform(|_: MouseEvent| ());
    let download = p.on_download.reform(|_: MouseEvent| ());
    // *New* asks first, in our own dialog.
    let confirming = use_state(|| false);
    let new_project = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let close_confirm = {
        let confirming = confirming.clone();
        Callback::from(move |()| confirming.set(false))
    };
    let auto_label = format!("Auto: {}", choice.profile.label());
    html! {
        <>
        <header class="toolbar">
            <h1 class="brand">{"Tenant Planner"}</h1>
            <label class="field">
                <span>{"Example"}</span>
                <select data-testid="example-select" onchange={on_example} aria-label="Load a bundled example">
                    <option value="" selected={p.example.is_none()}>{ if p.example.is_none() { "— your files —" } else { "—" } }</option>
                    { for EXAMPLES.iter().map(|e| html! {
                        <option value={e.name} selected={p.example.as_deref() == Some(e.name)} title={e.about}>{e.name}</option>
                    }) }
                </select>
            </label>
            <label class="field" title={choice.reason.clone()}>
                <span>{"Platform"}</span>
                <select data-testid="profile-select" onchange={on_profile} aria-label="Platform profile">
                    <option value="auto" selected={p.profile.is_none()}>{auto_label}</option>
                    <option value="supabase" selected={p.profile == Some(Profile::Supabase)}>{"Supabase"}</option>
                    <option value="postgres" selected={p.profile == Some(Profile::Postgres)}>{"Plain Postgres"}</option>
                </select>
            </label>
            // The run's options in two rows: the toolbar fits 1280 px on one line with them.
            <div class="run-options">
                <label class="check" title="By default the run stops at the first failing statement">
                    <input type="checkbox" data-testid="continue-on-error" checked={p.continue_on_error} onchange={on_continue} />
                    {"Continue on error"}
                </label>
                <label class="check" title="Run again whenever the files change">
                    <input type="checkbox" data-testid="auto-run" checked={p.auto_run} onchange={on_auto} />
                    {"Auto-run"}
                </label>
                <label class="field timeout" title="A statement running longer than this is stopped (its database is terminated) and the run reported as timed out at that statement">
                    <span>{"Timeout"}</span>
                    <input type="number" min="1" max="3600" step="1" data-testid="statement-timeout" aria-label="Statement timeout in seconds"
                        value={p.statement_timeout_s.to_string()} onchange={on_timeout} />
                    <span>{"s"}</span>
                </label>
            </div>
            <span class="spacer" />
            if p.running {
                <button class="btn danger" data-testid="cancel" onclick={cancel} title="Stop the run (terminates the database worker)">{"Cancel"}</button>
            } else {
                <button class="btn primary" data-testid="run" onclick={run} disabled={!p.has_files}
                    title="Run every statement on a fresh database (Ctrl+Enter)">{"Run ▶"}</button>
            }
            <button class="btn" data-testid="share" onclick={p.on_share.reform(|_: MouseEvent| ())} disabled={!p.has_files}
                title="Copy a link that holds the whole project (nothing is uploaded)">{"Copy link"}</button>
            <button class="btn" data-testid="download-report" onclick={download} disabled={!p.has_report} title="Download the report (JSON)">{"Report ⤓"}</button>
            <button class="btn ghost" data-testid="new-project" onclick={new_project} title="Start a new, empty project (the current one stays in Recent)">{"New"}</button>
        </header>
        if *confirming { <ConfirmNew on_confirm={p.on_new.clone()} on_close={close_confirm} /> }
        </>
    }
}
