//! A button that opens the browser's file picker (files, or a folder): a real `<button>` that
//! clicks its hidden `<input type=file>`, so Enter and Space open the picker as a click does (a
//! `<label>` wrapping the input opens it only on a click), and the key press is the user
//! activation the browser asks for.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub label: AttrValue,
    /// The button's test id.
    pub testid: AttrValue,
    /// The input's test id (tests set files on it directly).
    pub input_testid: AttrValue,
    /// Pick a folder (webkitdirectory) instead of files.
    #[prop_or_default]
    pub folder: bool,
    /// What the files picker offers (not for a folder).
    #[prop_or(AttrValue::Static(".sql,text/plain"))]
    pub accept: AttrValue,
    pub onchange: Callback<Event>,
}

#[function_component]
pub fn FilePick(p: &Props) -> Html {
    let input = use_node_ref();
    let onclick = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = input.cast::<HtmlInputElement>() {
                i.click();
            }
        })
    };
    html! {
        <>
            <button class="btn small" type="button" data-testid={p.testid.clone()} {onclick}>{ p.label.clone() }</button>
            if p.folder {
                <input ref={input} type="file" webkitdirectory=true multiple=true data-testid={p.input_testid.clone()}
                    onchange={p.onchange.clone()} hidden=true />
            } else {
                <input ref={input} type="file" accept={p.accept.clone()} multiple=true data-testid={p.input_testid.clone()}
                    onchange={p.onchange.clone()} hidden=true />
            }
        </>
    }
}
