//! The project's files in run order: role, position, statement count and result, with
//! controls to add (files, folder, paste), re-role, reorder and remove. Above the list, the
//! migration tool's convention detected and its rule; on each file, why it has its role and
//! place (tooltip), and its folder path.

use crate::bridge::files_from_input;
use crate::components::paste_dialog::PasteDialog;
use crate::ingest::ingest;
use crate::state::{Action, RunView, StateHandle};
use tenant_planner_core::conventions::path::FilePath;
use tenant_planner_core::files::Role;
use tenant_planner_core::run::Status;
use tenant_planner_core::split::split;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: StateHandle,
    /// The file the current run is in.
    pub running_file: Option<String>,
}

#[function_component]
pub fn FilePanel(p: &Props) -> Html {
    let s = &p.state;
    let pasting = use_state(|| false);
    let on_pick = {
        let s = s.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let s = s.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match files_from_input(&input).await {
                    Ok(files) => ingest(&s, files),
                    Err(why) => s.dispatch(Action::Say(crate::state::Level::Error, format!("Could not read the files: {why}"))),
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
    let order = s.project.display_order();
    let results = match &s.run {
        RunView::Finished { result, .. } => Some(result.clone()),
        _ => None,
    };
    let running_file = p.running_file.clone();
    let apply_len = s.project.order().apply.len();
    let det = s.project.conventions();
    let convention = (!s.project.files.is_empty()).then(|| {
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
                <h2>{"Files"}<span class="muted">{ format!(" · {}", s.project.files.len()) }</span></h2>
                <div class="add">
                    <label class="btn small" tabindex="0">{"Add files"}
                        <input type="file" accept=".sql,text/plain" multiple=true data-testid="file-input" onchange={on_pick.clone()} hidden=true />
                    </label>
                    <label class="btn small" tabindex="0">{"Add folder"}
                        <input type="file" webkitdirectory=true multiple=true data-testid="dir-input" onchange={on_pick} hidden=true />
                    </label>
                    <button class="btn small" data-testid="paste-open" onclick={open_paste}>{"Paste SQL"}</button>
                </div>
                <super::recent::Recent state={s.clone()} />
            </div>
            if s.project.files.is_empty() {
                <div class="empty-drop" data-testid="empty-drop">
                    <p>{"Drop .sql files or a migration folder anywhere on the page,"}</p>
                    <p>{"or pick a bundled example from the menu above."}</p>
                </div>
            }
            { convention.unwrap_or_default() }
            <ol class="file-list" data-testid="file-list">
                { for order.iter().enumerate().map(|(pos, &i)| {
                    let f = &s.project.files[i];
                    let role = f.role_override.unwrap_or(det.files[i].role);
                    let reason = det.reason(&s.project.files, i);
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
                        let s = s.clone(); let name = name.clone();
                        Callback::from(move |e: Event| {
                            if let Some(r) = Role::parse(&e.target_unchecked_into::<HtmlSelectElement>().value()) {
                                s.dispatch(Action::SetRole(name.clone(), r));
                            }
                        })
                    };
                    let mv = |d: i32| { let s = s.clone(); let name = name.clone(); Callback::from(move |_: MouseEvent| s.dispatch(Action::Move(name.clone(), d))) };
                    let remove = { let s = s.clone(); let name = name.clone(); Callback::from(move |_: MouseEvent| s.dispatch(Action::RemoveFile(name.clone()))) };
                    let view = { let s = s.clone(); let name = name.clone(); Callback::from(move |_: MouseEvent| s.dispatch(Action::View(Some(name.clone())))) };
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
                                    <span class="role-why" data-testid="role-reason" title={reason} aria-label="Why this role and place">{"?"}</span>
                                    if path.section.is_some() { <span class="badge dim" title="The -- migrate:down section of this dbmate file, run as its rollback">{"down section"}</span> }
                                    <span class="muted" data-testid="statement-count">{ format!("{n_sql} stmt") }</span>
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
                <PasteDialog state={s.clone()} on_close={close_paste} />
            }
        </aside>
    }
}
