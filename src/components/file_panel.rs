//! The project's files in run order: role, position, statement count and result, with
//! controls to add (files, folder, paste) or open a report, re-role, reorder and remove. Above the list, the
//! migration tool's convention detected and its rule; on each file, why it has its role and
//! place (tooltip), and its folder path.

use crate::bridge::{files_from_input, PickedFile};
use crate::components::file_pick::FilePick;
use crate::components::paste_dialog::PasteDialog;
use crate::hooks::use_persistence::{Saved, SavedSummary};
use crate::plural::count;
use crate::ptr::Ptr;
use tenant_planner_core::conventions::path::FilePath;
use tenant_planner_core::files::{Role, SqlFile};
use tenant_planner_core::project::Project;
use tenant_planner_core::run::{RunResult, Status};
use tenant_planner_core::split::split;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub project: Ptr<Project>,
    /// The finished run's result (a badge per file); None while a run goes.
    pub result: Option<Ptr<RunResult>>,
    /// The file the current run is in.
    pub running_file: Option<String>,
    /// Saved projects (the Recent menu) and the id of this one.
    pub recent: Vec<SavedSummary>,
    pub project_id: AttrValue,
    /// Files picked from disk, to load.
    pub on_files: Callback<Vec<PickedFile>>,
    /// A pasted file, to add.
    pub on_add: Callback<SqlFile>,
    pub on_role: Callback<(String, Role)>,
    pub on_move: Callback<(String, i32)>,
    pub on_remove: Callback<String>,
    pub on_view: Callback<String>,
    pub on_open_saved: Callback<Saved>,
    pub on_error: Callback<String>,
}

#[function_component]
pub fn FilePanel(p: &Props) -> Html {
    let project = &p.project;
    let pasting = use_state(|| false);
    let on_pick = {
        let (on_files, on_error) = (p.on_files.clone(), p.on_error.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let (on_files, on_error) = (on_files.clone(), on_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match files_from_input(&input).await {
                    Ok(files) => on_files.emit(files),
                    Err(why) => on_error.emit(format!("Could not read the files: {why}")),
                }
            });
        })
    };
    let open_paste = {
        let pasting = pasting.clone();
        Callback::from(move |_: MouseEvent| pasting.set(true))
    };
    let close_paste = {
        let pasting = pasting.clone();
        Callback::from(move |()| pasting.set(false))
    };
    let order = project.display_order();
    let results = &p.result;
    let running_file = p.running_file.clone();
    let apply_len = project.order().apply.len();
    let det = project.conventions();
    let convention = (!project.files.is_empty()).then(|| {
        let label = det.convention.label();
        let rest = det.summary.strip_prefix(&format!("{label}: ")).unwrap_or(&det.summary).to_string();
        html! {
            <p class="convention" data-testid="convention" data-convention={det.convention.id()} title={det.summary.clone()}>
                <span class="muted">{"Layout: "}</span><strong>{ label }</strong>{" — "}{ rest }
            </p>
        }
    });
    html! {
        <aside class="files" data-testid="file-panel" aria-label="Project files">
            <div class="files-head">
                <h2>{"Files"}<span class="muted">{ format!(" · {}", project.files.len()) }</span></h2>
                <div class="add">
                    <FilePick label="Add files" testid="add-files" input_testid="file-input" onchange={on_pick.clone()} />
                    <FilePick label="Add folder" testid="add-folder" input_testid="dir-input" folder=true onchange={on_pick.clone()} />
                    <button class="btn small" data-testid="paste-open" onclick={open_paste}>{"Paste SQL"}</button>
                    <FilePick label="Open report…" testid="open-report" input_testid="report-input" accept=".json,application/json" onchange={on_pick} />
                </div>
                <super::recent::Recent recent={p.recent.clone()} current={p.project_id.clone()} on_open={p.on_open_saved.clone()} on_error={p.on_error.clone()} />
            </div>
            if project.files.is_empty() {
                <div class="empty-drop" data-testid="empty-drop">
                    <p>{"Drop .sql files or a migration folder anywhere on the page,"}</p>
                    <p>{"or pick a bundled example from the menu above."}</p>
                    <p>{"A report.json from "}<code>{"tenant-planner check --format json"}</code>{" opens as its recorded run."}</p>
                </div>
            }
            { convention.unwrap_or_default() }
            <ol class="file-list" data-testid="file-list">
                { for order.iter().enumerate().map(|(pos, &i)| {
                    let f = &project.files[i];
                    let role = f.role_override.unwrap_or(det.files[i].role);
                    let reason = det.reason(&project.files, i);
                    let path = FilePath::new(&f.name);
                    let dir = path.dir();
                    let n_sql = split(&f.text).iter().filter(|x| x.is_sql()).count();
                    let name = f.name.clone();
                    let fr = results.as_ref().and_then(|r| r.files.iter().find(|x| x.name == f.name).cloned());
                    let badge = match &fr {
                        Some(fr) if fr.count(Status::Failed) > 0 => html!{ <span class="badge bad">{ format!("{} failed", fr.count(Status::Failed)) }</span> },
                        Some(fr) if fr.count(Status::NotRun) + fr.count(Status::Cancelled) > 0 => html!{ <span class="badge dim">{"not run"}</span> },
                        Some(_) => html!{ <span class="badge ok">{"✓"}</span> },
                        None => html!{},
                    };
                    let on_role = {
                        let (on, name) = (p.on_role.clone(), name.clone());
                        Callback::from(move |e: Event| {
                            if let Some(r) = Role::parse(&e.target_unchecked_into::<HtmlSelectElement>().value()) {
                                on.emit((name.clone(), r));
                            }
                        })
                    };
                    let mv = |d: i32| { let name = name.clone(); p.on_move.reform(move |_: MouseEvent| (name.clone(), d)) };
                    let remove = { let name = name.clone(); p.on_remove.reform(move |_: MouseEvent| name.clone()) };
                    let view = { let name = name.clone(); p.on_view.reform(move |_: MouseEvent| name.clone()) };
                    let first_rollback = pos == apply_len && role == Role::Rollback;
                    let active = running_file.as_deref() == Some(f.name.as_str());
                    html! {
                        <>
                        if first_rollback { <li class="divider">{"then, to verify the rollback"}</li> }
                        <li class={classes!("file", role.as_str(), active.then_some("active"))} data-testid="file-row" data-file={f.name.clone()} data-role={role.as_str()}
                            data-convention={det.files[i].convention.id()} data-reason={reason.clone()}>
                            <span class="pos">{ pos + 1 }</span>
                            <div class="file-main">
                                <button class="linklike name" onclick={view} title={format!("Show {}", f.name)}>
                                    if !dir.is_empty() { <span class="dir"><bdi>{ format!("{dir}/") }</bdi></span> }
                                    <span class="base">{ path.base }</span>
                                </button>
                                <div class="file-meta">
                                    <select class="role" data-testid="role-select" aria-label={format!("Role of {}", f.name)} title={reason.clone()} onchange={on_role}>
                                        { for Role::ALL.iter().map(|r| html!{ <option value={r.as_str()} selected={*r == role}>{ r.as_str() }</option> }) }
                                    </select>
                                    <span class="role-why" data-testid="role-reason" role="img" title={reason.clone()} aria-label={format!("Why this role and place: {reason}")}>{"?"}</span>
                                    if path.section.is_some() { <span class="badge dim" title="The -- migrate:down section of this dbmate file, run as its rollback">{"down section"}</span> }
                                    <span class="muted" data-testid="statement-count">{ count(n_sql, "statement") }</span>
                                    { if f.text.trim().is_empty() { html!{ <span class="badge warn">{"empty"}</span> } } else { html!{} } }
                                    { badge }
                                </div>
                            </div>
                            <div class="file-actions">
                                <button class="icon" aria-label={format!("Move {} up", f.name)} data-testid="move-up" onclick={mv(-1)}>{"↑"}</button>
                                <button class="icon" aria-label={format!("Move {} down", f.name)} data-testid="move-down" onclick={mv(1)}>{"↓"}</button>
                                <button class="icon" aria-label={format!("Remove {}", f.name)} data-testid="remove-file" onclick={remove}>{"×"}</button>
                            </div>
                        </li>
                        </>
                    }
                }) }
            </ol>
            if *pasting {
                <PasteDialog files={project.files.len()} on_add={p.on_add.clone()} on_close={close_paste} />
            }
        </aside>
    }
}
