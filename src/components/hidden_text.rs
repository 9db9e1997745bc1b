//! A hidden `<pre>` holding text for tests and scripts (the report JSON, the statements a run
//! sends): rendered again only when the text is a new value, not on every page render.

use crate::ptr::Ptr;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub testid: AttrValue,
    pub text: Ptr<String>,
}

#[function_component]
pub fn HiddenText(p: &Props) -> Html {
    html! { <pre hidden=true data-testid={p.testid.clone()}>{ p.text.as_str() }</pre> }
}
