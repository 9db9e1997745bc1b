//! Where the base comes from: files or a folder (picked, or dropped on this box — the rest of the
//! page still loads the head), a share link pasted in, or a project saved in this browser.

use crate::bridge::{files_from_drop, files_from_input};
use crate::components::file_pick::FilePick;
use crate::hooks::run_base::BaseRunner;
use crate::hooks::use_persistence::SavedSummary;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub runner: BaseRunner,
    pub recent: Vec<SavedSummary>,
    /// The project open now: the head, not offered as its own base.
    pub project_id: AttrValue,
    pub on_error: Callback<String>,
    /// A base is running (a new one replaces it).
    pub running: bool,
}

#[function_component]
pub fn BasePicker(p: &Props) -> Html {
    let link = use_state(String::new);
    let over = use_state(|| false);
    let on_pick = {
        let (from_files, on_error) = (p.runner.from_files.clone(), p.on_error.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let (from_files, on_error) = (from_files.clone(), on_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match files_from_input(&input).await {
                    Ok(files) => from_files.emit(files),
                    Err(why) => on_error.emit(format!("Could not read the base's files: {why}")),
                }
                input.set_value("");
            });
        })
    };
    // The page's own drop zone (app/drop_zone.rs) leaves an event this box prevented alone.
    let ondragover = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*over {
                over.set(true);
            }
        })
    };
    let ondragleave = {
        let over = over.clone();
        Callback::from(move |_: DragEvent| over.set(false))
    };
    let ondrop = {
        let (over, from_files, on_error) =
            (over.clone(), p.runner.from_files.clone(), p.on_error.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            let Some(dt) = e.data_transfer() else { return };
            let (from_files, on_error) = (from_files.clone(), on_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match files_from_drop(&dt).await {
                    Ok(files) => from_files.emit(files),
                    Err(why) => on_error.emit(format!("Could not read the dropped base: {why}")),
                }
            });
        })
    };
    let on_link_input = {
        let link = link.clone();
        Callback::from(move |e: InputEvent| {
            link.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let open_link = {
        let (link, from_link) = (link.clone(), p.runner.from_link.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !link.trim().is_empty() {
                from_link.emit((*link).clone());
            }
        })
    };
    let on_saved = {
        let from_saved = p.runner.from_saved.clone();
        Callback::from(move |e: Event| {
            let el = e.target_unchecked_into::<HtmlSelectElement>();
            let id = el.value();
            el.set_value("");
            if !id.is_empty() {
                from_saved.emit(id);
            }
        })
    };
    let others: Vec<&SavedSummary> =
        p.recent.iter().filter(|r| r.id != p.project_id.as_str()).collect();
    html! {
        <div class={classes!("base-picker", over.then_some("over"))} data-testid="compare-pick"
             {ondragover} {ondragleave} {ondrop}>
            <div class="pick-row">
                <span class="pick-label">{"Base:"}</span>
                <FilePick label="Files…" testid="compare-add-files" input_testid="compare-file-input" onchange={on_pick.clone()} />
                <FilePick label="Folder…" testid="compare-add-folder" input_testid="compare-dir-input" folder=true onchange={on_pick} />
                <span class="muted">{"or drop them here"}</span>
                <select class="recent" data-testid="compare-saved" onchange={on_saved} aria-label="A saved project as the base"
                        disabled={others.is_empty()} title="Projects saved in this browser">
                    <option value="" selected=true>{ if others.is_empty() { "No other saved project".to_string() } else { format!("A saved project ({})", others.len()) } }</option>
                    { for others.iter().map(|r| html! {
                        <option value={r.id.clone()}>{ format!("{} · {} file{}", r.name, r.files, if r.files == 1 { "" } else { "s" }) }</option>
                    }) }
                </select>
            </div>
            <form class="pick-row" onsubmit={open_link}>
                <input type="text" class="link-input" data-testid="compare-link-input" placeholder="…or paste a share link (https://…#p=…)"
                    aria-label="A share link of the base" value={(*link).clone()} oninput={on_link_input} />
                <button type="submit" class="btn small" data-testid="compare-link-open" disabled={link.trim().is_empty()}>{"Compare"}</button>
            </form>
            if p.running { <p class="muted small">{"A new base replaces the one running."}</p> }
        </div>
    }
}
