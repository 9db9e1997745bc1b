//! The top bar: example menu, profile, run options, Run / Cancel, report download.

use crate::examples::EXAMPLES;
use crate::state::{Action, StateHandle};
use tenant_planner_core::profile::Profile;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: StateHandle,
    pub on_run: Callback<()>,
    pub on_cancel: Callback<()>,
    pub on_download: Callback<()>,
    pub on_share: Callback<()>,
}

#[function_component]
pub fn Toolbar(p: &Props) -> Html {
    let s = &p.state;
    let choice = s.profile_choice();
    let on_example = {
        let s = s.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if !v.is_empty() {
                s.dispatch(Action::LoadExample(v));
            }
        })
    };
    let on_profile = {
        let s = s.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            s.dispatch(Action::SetProfile(Profile::parse(&v)));
        })
    };
    let on_continue = {
        let s = s.clone();
        Callback::from(move |e: Event| s.dispatch(Action::SetContinueOnError(e.target_unchecked_into::<HtmlInputElement>().checked())))
    };
    let on_auto = {
        let s = s.clone();
        Callback::from(move |e: Event| s.dispatch(Action::SetAutoRun(e.target_unchecked_into::<HtmlInputElement>().checked())))
    };
    let run = p.on_run.reform(|_: MouseEvent| ());
    let cancel = p.on_cancel.reform(|_: MouseEvent| ());
    let download = p.on_download.reform(|_: MouseEvent| ());
    let new_project = {
        let s = s.clone();
        Callback::from(move |_: MouseEvent| {
            let ok = web_sys::window()
                .and_then(|w| w.confirm_with_message("Start a new, empty project? The current one stays under Recent.").ok())
                .unwrap_or(false);
            if ok {
                s.dispatch(Action::NewProject);
            }
        })
    };
    let auto_label = format!("Auto: {}", choice.profile.label());
    let has_report = matches!(s.run, crate::state::RunView::Finished { .. });
    html! {
        <header class="toolbar" role="toolbar">
            <h1 class="brand">{"Tenant Planner"}</h1>
            <label class="field">
                <span>{"Example"}</span>
                <select data-testid="example-select" onchange={on_example} aria-label="Load a bundled example">
                    <option value="" selected={s.example.is_none()}>{ if s.example.is_none() { "— your files —" } else { "—" } }</option>
                    { for EXAMPLES.iter().map(|e| html! {
                        <option value={e.name} selected={s.example.as_deref() == Some(e.name)} title={e.about}>{e.name}</option>
                    }) }
                </select>
            </label>
            <label class="field" title={choice.reason.clone()}>
                <span>{"Platform"}</span>
                <select data-testid="profile-select" onchange={on_profile} aria-label="Platform profile">
                    <option value="auto" selected={s.project.profile.is_none()}>{auto_label}</option>
                    <option value="supabase" selected={s.project.profile == Some(Profile::Supabase)}>{"Supabase"}</option>
                    <option value="postgres" selected={s.project.profile == Some(Profile::Postgres)}>{"Plain Postgres"}</option>
                </select>
            </label>
            <label class="check" title="By default the run stops at the first failing statement">
                <input type="checkbox" data-testid="continue-on-error" checked={s.continue_on_error} onchange={on_continue} />
                {"Continue on error"}
            </label>
            <label class="check" title="Run again whenever the files change">
                <input type="checkbox" data-testid="auto-run" checked={s.auto_run} onchange={on_auto} />
                {"Auto-run"}
            </label>
            <span class="spacer" />
            if s.is_running() {
                <button class="btn danger" data-testid="cancel" onclick={cancel} title="Stop the run (terminates the database worker)">{"Cancel"}</button>
            } else {
                <button class="btn primary" data-testid="run" onclick={run} disabled={s.project.files.is_empty()}
                    title="Run every statement on a fresh database (Ctrl+Enter)">{"Run ▶"}</button>
            }
            <button class="btn" data-testid="share" onclick={p.on_share.reform(|_: MouseEvent| ())} disabled={s.project.files.is_empty()}
                title="Copy a link that holds the whole project (nothing is uploaded)">{"Copy link"}</button>
            <button class="btn" data-testid="download-report" onclick={download} disabled={!has_report} title="Download the report (JSON)">{"Report ⤓"}</button>
            <button class="btn ghost" data-testid="new-project" onclick={new_project} title="Start a new, empty project (the current one stays in Recent)">{"New"}</button>
        </header>
    }
}
