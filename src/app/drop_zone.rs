//! Dropping files or a folder anywhere on the page: the overlay while dragging, then the files
//! read and loaded (or a message saying why they could not be read). A box with a drop of its
//! own (the Compare view's base) prevents the event's default first: the page leaves it alone.

use crate::bridge::{files_from_drop, PickedFile};
use yew::prelude::*;

pub struct DropZone {
    pub dragging: bool,
    pub ondragover: Callback<DragEvent>,
    pub ondragleave: Callback<DragEvent>,
    pub ondrop: Callback<DragEvent>,
}

#[hook]
pub fn use_drop_zone(
    on_files: &Callback<Vec<PickedFile>>,
    on_error: &Callback<String>,
) -> DropZone {
    let dragging = use_state(|| false);
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            let theirs = e.default_prevented();
            e.prevent_default();
            if *dragging == theirs {
                dragging.set(!theirs);
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
        let (dragging, on_files, on_error) = (dragging.clone(), on_files.clone(), on_error.clone());
        Callback::from(move |e: DragEvent| {
            dragging.set(false);
            if e.default_prevented() {
                return;
            }
            e.prevent_default();
            let Some(dt) = e.data_transfer() else { return };
            let (on_files, on_error) = (on_files.clone(), on_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match files_from_drop(&dt).await {
                    Ok(files) => on_files.emit(files),
                    Err(why) => on_error.emit(format!("Could not read the dropped files: {why}")),
                }
            });
        })
    };
    DropZone { dragging: *dragging, ondragover, ondragleave, ondrop }
}
