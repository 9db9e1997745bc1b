//! The page: a skip link to the results, toolbar, files on the left, results on the right; drop
//! anywhere; Ctrl+Enter runs.
//! The state lives in one reducer (state/); each part of the page gets only the pieces it reads
//! and the callbacks (handlers.rs, made once) for the actions it takes, so a change re-renders
//! the parts that show it.

mod bench;
mod drop_zone;
mod handlers;
mod run_triggers;
mod startup;
mod tab_panel;

use crate::components::{
    file_panel::FilePanel,
    file_view::FileView,
    hidden_text::HiddenText,
    messages::Messages,
    opened_report::OpenedReport,
    progress::ProgressBar,
    share_link::ShareLinkBox,
    summary::Summary,
    tab_nav::TabNav,
    tab_nav::{tab_id, PANEL_ID},
    toolbar::Toolbar,
};
use crate::hooks::{
    use_address_link, use_base_runner, use_persistence, use_runner, use_stable_callback,
};
use crate::ptr::Ptr;
use crate::state::{RunView, State};
use bench::use_statements_json;
use drop_zone::use_drop_zone;
use handlers::use_handlers;
use run_triggers::{use_auto_run, use_run_keys};
use startup::{query_flag, use_startup};
use tab_panel::TabPanel;
use tenant_planner_core::profile::ProfileChoice;
use tenant_planner_core::project::Project;
use yew::prelude::*;

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    let runner = use_runner(&state);
    let base_runner = use_base_runner(&state);
    use_persistence(&state);
    use_address_link(&state);
    use_startup(&state);
    let on = use_handlers(&state);
    let run = use_stable_callback(runner.run.clone());
    let cancel = use_stable_callback(runner.cancel.clone());
    use_auto_run(&state, &run);
    use_run_keys(&run, &cancel);
    let drop = use_drop_zone(&on.files, &on.error);
    let choice = use_profile_choice(&state.project);
    let bench = use_statements_json(
        &state.project,
        choice.profile,
        query_flag("bench") && state.finished().is_some(),
    );

    let s = &*state;
    let run_state = match &s.run {
        RunView::Idle => "idle",
        RunView::Running => "running",
        RunView::Finished(_) => "done",
        RunView::Failed(_) => "error",
    };
    let finished = s.finished();
    let running_file =
        runner.progress.as_ref().filter(|_| s.is_running()).and_then(|p| p.file.clone());
    html! {
        <div class={classes!("app", drop.dragging.then_some("dragging"))} data-testid="app" data-run-state={run_state}
             data-runs={s.runs_finished.to_string()} data-fresh={(!s.stale()).to_string()}
             ondragover={drop.ondragover} ondragleave={drop.ondragleave} ondrop={drop.ondrop}>
            <a class="skip-link" href="#results" data-testid="skip-link" onclick={skip_to_results()}>{"Skip to results"}</a>
            <Toolbar example={s.example.clone().map(AttrValue::from)} profile={s.project.profile} choice={(*choice).clone()}
                continue_on_error={s.continue_on_error} auto_run={s.auto_run}
                statement_timeout_s={s.statement_timeout_s} on_statement_timeout={on.set_statement_timeout.clone()} running={s.is_running()} has_files={!s.project.files.is_empty()}
                has_report={finished.is_some()} on_example={on.load_example.clone()} on_profile={on.set_profile.clone()}
                on_continue_on_error={on.set_continue_on_error.clone()} on_auto_run={on.set_auto_run.clone()} on_new={on.new_project.clone()}
                on_run={run.clone()} on_cancel={cancel} on_download={on.download_report.clone()} on_share={on.share.clone()} />
            if let Some(link) = &s.share_link { <ShareLinkBox link={link.clone()} on_close={on.close_share_link.clone()} /> }
            // Where the link would be: the address bar says it too (use_address_link).
            if let Some(why) = s.link_problem.as_ref().filter(|_| s.link_live) {
                <div class="warn-box link-problem" role="status" data-testid="link-too-large">{ format!("No link in the address bar: {why}.") }</div>
            }
            <Messages messages={s.messages.clone()} on_dismiss={on.dismiss.clone()} on_dismiss_all={on.dismiss_all.clone()} />
            <div class="layout">
                <FilePanel project={s.project.clone()} result={finished.map(|f| f.result.clone())} {running_file}
                    recent={s.recent.clone()} project_id={s.project_id.clone()} on_files={on.files.clone()} on_add={on.add_file.clone()}
                    on_role={on.set_role.clone()} on_move={on.move_file.clone()} on_remove={on.remove_file.clone()} on_view={on.view_file.clone()}
                    on_open_saved={on.open_saved.clone()} on_error={on.error.clone()} />
                <main class="results" id="results" tabindex="-1" aria-label="Results">
                    if s.is_running() { <ProgressBar progress={runner.progress.clone()} /> }
                    if let Some((f, file)) = finished.and_then(|f| f.opened_from.as_ref().map(|file| (f, file))) {
                        <OpenedReport file={file.clone()} report={f.report.clone()} on_rerun={run.clone()} />
                    }
                    if let Some(why) = s.held.clone().filter(|_| !s.is_running()) {
                        <div class="warn-box held-run" role="status" data-testid="held-run">
                            <span>{ why }</span>
                            <button class="btn primary" data-testid="held-run-run" onclick={run.reform(|_: MouseEvent| ())}>{"Run ▶"}</button>
                        </div>
                    }
                    if let Some(f) = finished { <Summary report={f.report.clone()} stale={s.stale()} on_unmark_shared={on.unmark_shared.clone()} /> }
                    if let Some(name) = &s.viewing { <FileView project={s.project.clone()} name={name.clone()} on_close={on.close_file.clone()} /> }
                    <TabNav current={s.tab} on_select={on.set_tab.clone()} />
                    <div class="tab-body" role="tabpanel" id={PANEL_ID} aria-labelledby={tab_id(s.tab)} tabindex="0" data-testid="tab-panel">
                        <TabPanel tab={s.tab} run={s.run.clone()} previous={s.previous.clone()} project={s.project.clone()} choice={(*choice).clone()}
                            focus={s.focus.clone()} selected_table={s.selected_table.clone()} on={on.clone()}
                            compare={s.compare.clone()} {base_runner} recent={s.recent.clone()} project_id={s.project_id.clone()} />
                    </div>
                </main>
            </div>
            if drop.dragging { <div class="drop-overlay" data-testid="drop-overlay">{"Drop .sql files or a folder to load them, or a report.json to open it"}</div> }
            if let Some(f) = finished { <HiddenText testid="report-json" text={s.compare.json.clone().unwrap_or_else(|| f.json.clone())} /> }
            if let Some(json) = bench { <HiddenText testid="statements-json" text={json} /> }
        </div>
    }
}

/// The skip link's click (Enter on it is one): focus moves to the results, so the next Tab
/// is the first control there, past the toolbar and the file list. The address bar keeps its
/// fragment (share links live there).
fn skip_to_results() -> Callback<MouseEvent> {
    Callback::from(|e: MouseEvent| {
        e.prevent_default();
        let main = gloo::utils::document().get_element_by_id("results");
        if let Some(m) =
            main.and_then(|m| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(m).ok())
        {
            let _ = m.focus();
        }
    })
}

/// The profile in effect and why, worked out again only when the project changes.
#[hook]
fn use_profile_choice(project: &Ptr<Project>) -> std::rc::Rc<ProfileChoice> {
    use_memo(project.clone(), |project| crate::state::profile_choice(project))
}
