//! The page: toolbar, files on the left, results on the right; drop anywhere; Ctrl+Enter runs.

use crate::bridge::{copy_text, download, files_from_drop, prewarm};
use crate::components::{
    file_panel::FilePanel, file_view::FileView, messages::Messages, progress::ProgressBar, shim::Shim, summary::Summary,
    tables::Tables, tenancy::Tenancy, timeline::Timeline, toolbar::Toolbar, validation::Validation,
    matrix::Matrix, erd::Erd, changes::Changes, export::Export, advisor::Advisor, leaks::Leaks,
};
use std::rc::Rc;
use crate::examples::DEFAULT_EXAMPLE;
use crate::hooks::{use_persistence, use_runner};
use crate::ingest::ingest;
use crate::state::{Action, Level, RunView, State, Tab};
use gloo::events::EventListener;
use tenant_planner_core::run::Plan;
use tenant_planner_core::share;
use tenant_planner_core::split::split;
use yew::prelude::*;

fn query_flag(name: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.trim_start_matches('?').split('&').any(|kv| kv == name || kv.starts_with(&format!("{name}="))))
}

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    let runner = use_runner(&state);
    use_persistence(&state);
    let dragging = use_state(|| false);

    // Later visits: the saved project. A first visit: the default example (`?blank`: nothing).
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            prewarm("");
            // A share link (#p=…) wins over the saved project; a bad one says why and changes nothing.
            let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
            if hash.contains("p=") {
                let _ = web_sys::window().map(|w| w.location().set_hash(""));
                match share::decode(&hash) {
                    Ok(shared) => {
                        let n = shared.project.files.len();
                        state.dispatch(Action::Restore { project: shared.project, example: None, id: None });
                        if let Some(tab) = shared.view.tab.as_deref().and_then(Tab::parse) {
                            state.dispatch(Action::SetTab(tab));
                        }
                        if shared.view.table.is_some() {
                            state.dispatch(Action::SelectTable(shared.view.table));
                        }
                        state.dispatch(Action::Say(Level::Info, format!("Opened a shared project ({n} files)")));
                        wasm_bindgen_futures::spawn_local(async move { state.dispatch(Action::SetRecent(crate::hooks::use_persistence::recent().await)) });
                        return;
                    }
                    Err(e) => state.dispatch(Action::Say(Level::Error, format!("Could not open the link: {e}"))),
                }
            }
            wasm_bindgen_futures::spawn_local(async move {
                use crate::hooks::use_persistence::{recent, start, Start};
                match start().await {
                    Start::Saved(saved) if !saved.project.files.is_empty() => {
                        state.dispatch(Action::Restore { project: saved.project, example: saved.example, id: Some(saved.id) })
                    }
                    Start::Saved(_) | Start::Empty => {}
                    Start::Nothing if query_flag("blank") => {}
                    Start::Nothing => state.dispatch(Action::LoadExample(DEFAULT_EXAMPLE.into())),
                }
                state.dispatch(Action::SetRecent(recent().await));
            });
        });
    }
    // Auto-run whenever the files change (again after the current run, if one is going).
    {
        let run = runner.run.clone();
        let due = state.auto_run_due();
        use_effect_with((state.generation, state.is_running(), state.auto_run), move |_| {
            if due {
                run.emit(());
            }
        });
    }
    // Ctrl+Enter / Cmd+Enter runs; Escape cancels.
    {
        let run = runner.run.clone();
        let cancel = runner.cancel.clone();
        use_effect_with((), move |_| {
            let doc = gloo::utils::document();
            let l = EventListener::new(&doc, "keydown", move |e| {
                let e: &web_sys::KeyboardEvent = wasm_bindgen::JsCast::unchecked_ref(e);
                if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                    e.prevent_default();
                    run.emit(());
                } else if e.key() == "Escape" {
                    cancel.emit(());
                }
            });
            move || drop(l)
        });
    }

    let on_download = {
        let state = state.clone();
        Callback::from(move |()| {
            if let RunView::Finished { json, .. } = &state.run {
                download("tenant-planner-report.json", json, "application/json");
            }
        })
    };
    let on_share = {
        let state = state.clone();
        Callback::from(move |()| {
            let shared = share::Shared { project: state.project.clone(), view: share::View { tab: Some(state.tab.as_str().into()), table: state.selected_table.clone() } };
            match share::encode(&shared) {
                Ok(fragment) => {
                    let base = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
                    let base = base.split('#').next().unwrap_or("").to_string();
                    let link = format!("{base}#{fragment}");
                    copy_text(&link);
                    let sql: usize = state.project.files.iter().map(|f| f.text.len()).sum();
                    state.dispatch(Action::SetShareLink(Some(link.clone())));
                    state.dispatch(Action::Say(Level::Info, format!("Link copied: {:.1} KB for {:.1} KB of SQL. It holds the whole project; nothing is uploaded.", link.len() as f64 / 1024.0, sql as f64 / 1024.0)));
                }
                Err(e) => state.dispatch(Action::Say(Level::Error, e.to_string())),
            }
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            if e.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let ondrop = {
        let (state, dragging) = (state.clone(), dragging.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let Some(dt) = e.data_transfer() else { return };
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match files_from_drop(&dt).await {
                    Ok(files) => ingest(&state, files),
                    Err(why) => state.dispatch(Action::Say(Level::Error, format!("Could not read the dropped files: {why}"))),
                }
            });
        })
    };
    let tab = |t: Tab, label: &str, id: &str| {
        let s = state.clone();
        let selected = state.tab == t;
        html! {
            <button role="tab" aria-selected={selected.to_string()} class={classes!("tab", selected.then_some("selected"))}
                data-testid={format!("tab-{id}")} onclick={Callback::from(move |_| s.dispatch(Action::SetTab(t)))}>{ label }</button>
        }
    };
    let run_state = match &state.run {
        RunView::Idle => "idle",
        RunView::Running => "running",
        RunView::Finished { .. } => "done",
        RunView::Failed(_) => "error",
    };
    let body = match &state.run {
        RunView::Finished { result, report, project, .. } => match state.tab {
            Tab::Timeline => html! { <Timeline result={result.clone()} project={project.clone()} focus={state.focus.clone()} /> },
            Tab::Validation => html! { <Validation result={result.clone()} /> },
            Tab::Changes => html! { <Changes report={report.clone()} state={state.clone()} project={project.clone()} profile={result.profile} /> },
            Tab::Tables => html! { <Tables report={report.clone()} /> },
            Tab::Tenancy => html! { <Tenancy state={state.clone()} report={report.clone()} /> },
            Tab::Erd => {
                let s = state.clone();
                html! { <Erd result={result.clone()} profile={result.profile} overrides={project.tenancy.clone()}
                    selected={state.selected_table.clone()} on_select={Callback::from(move |t| s.dispatch(Action::SelectTable(t)))} /> }
            }
            Tab::Policies => {
                let snap = result.snapshots.after_up.as_ref().or(result.snapshots.at_stop.as_ref()).map(|s| Rc::new(s.clone()));
                html! { <Matrix report={report.clone()} snapshot={snap} /> }
            }
            Tab::Advisor => html! { <Advisor state={state.clone()} report={report.clone()} /> },
            Tab::Leaks => html! { <Leaks state={state.clone()} report={report.clone()} /> },
            Tab::Export => html! { <Export report={report.clone()} result={result.clone()} project={project.clone()} /> },
            Tab::Shim => html! { <Shim state={state.clone()} platform={Some(Rc::new(result.platform.clone()))} /> },
        },
        _ if state.tab == Tab::Shim => html! { <Shim state={state.clone()} platform={None::<Rc<tenant_planner_core::platform::PlatformRun>>} /> },
        RunView::Failed(why) => html! { <div class="error-box" role="alert" data-testid="run-error">{ why }</div> },
        RunView::Running => match (&state.previous, state.tab) {
            (Some(p), Tab::Timeline) => html! { <div class="previous" title="Results of the previous run"><Timeline result={p.result.clone()} project={p.project.clone()} /></div> },
            (Some(p), Tab::Validation) => html! { <div class="previous"><Validation result={p.result.clone()} /></div> },
            (Some(p), Tab::Tables) => html! { <div class="previous"><Tables report={p.report.clone()} /></div> },
            _ => html! { <p class="muted pad">{"Running… results appear when the run ends. Press Cancel (or Escape) to stop."}</p> },
        },
        RunView::Idle if state.project.files.is_empty() => html! { <p class="muted pad">{"Load a project to see what its migrations do."}</p> },
        RunView::Idle => html! { <p class="muted pad">{"Press Run (Ctrl+Enter) to run every statement on a fresh database."}</p> },
    };
    let bench = query_flag("bench") && matches!(state.run, RunView::Finished { .. });
    html! {
        <div class={classes!("app", dragging.then_some("dragging"))} data-testid="app" data-run-state={run_state}
             data-runs={state.runs_finished.to_string()} data-fresh={(!state.stale()).to_string()}
             {ondragover} {ondragleave} {ondrop}>
            <Toolbar state={state.clone()} on_run={runner.run.clone()} on_cancel={runner.cancel.clone()} on_download={on_download} on_share={on_share} />
            if let Some(link) = &state.share_link {
                <div class="share-link" data-testid="share-link-box">
                    <input readonly=true value={link.clone()} data-testid="share-link" aria-label="Share link" onfocus={Callback::from(|e: FocusEvent| { let _ = e.target_unchecked_into::<web_sys::HtmlInputElement>().select(); })} />
                    <button class="icon" aria-label="Close" onclick={{ let s = state.clone(); Callback::from(move |_| s.dispatch(Action::SetShareLink(None))) }}>{"×"}</button>
                </div>
            }
            <Messages state={state.clone()} />
            <div class="layout">
                <FilePanel state={state.clone()} running_file={runner.progress.as_ref().filter(|_| state.is_running()).and_then(|p| p.file.clone())} />
                <main class="results">
                    if state.is_running() { <ProgressBar progress={runner.progress.clone()} /> }
                    if let RunView::Finished { report, .. } = &state.run { <Summary report={report.clone()} stale={state.stale()} /> }
                    if let Some(name) = &state.viewing { <FileView state={state.clone()} name={name.clone()} /> }
                    <nav class="tabs" role="tablist">
                        { tab(Tab::Timeline, "Timeline", "timeline") }
                        { tab(Tab::Changes, "Changes · rollback", "changes") }
                        { tab(Tab::Validation, "Validation", "validation") }
                        { tab(Tab::Tenancy, "Tenancy", "tenancy") }
                        { tab(Tab::Erd, "ERD", "erd") }
                        { tab(Tab::Policies, "Policies", "policies") }
                        { tab(Tab::Advisor, "Advisor", "advisor") }
                        { tab(Tab::Leaks, "Leaks", "leaks") }
                        { tab(Tab::Tables, "Tables", "tables") }
                        { tab(Tab::Export, "Export", "export") }
                        { tab(Tab::Shim, "Profile", "shim") }
                    </nav>
                    <div class="tab-body">{ body }</div>
                </main>
            </div>
            if *dragging { <div class="drop-overlay" data-testid="drop-overlay">{"Drop .sql files or a folder to load them"}</div> }
            if let RunView::Finished { json, .. } = &state.run { <pre hidden=true data-testid="report-json">{ json.as_str() }</pre> }
            if bench {
                <pre hidden=true data-testid="statements-json">{ {
                    // The shim's statements, then the project's, as the run sends them.
                    let plan = Plan::new(&state.project);
                    let shim = split(state.profile_choice().profile.shim());
                    let sqls: Vec<&str> = shim.iter().filter(|s| s.is_sql()).map(|s| s.sql.as_str())
                        .chain(plan.order.iter().flat_map(|&i| plan.pieces[i].iter().filter(|s| s.is_sql()).map(|s| s.sql.as_str())))
                        .collect();
                    serde_json::to_string(&sqls).unwrap_or_default()
                } }</pre>
            }
        </div>
    }
}
