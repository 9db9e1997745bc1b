//! A loaded file's text with line numbers.

use crate::state::{Action, StateHandle};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: StateHandle,
    pub name: String,
}

#[function_component]
pub fn FileView(p: &Props) -> Html {
    let Some(f) = p.state.project.files.iter().find(|f| f.name == p.name) else { return html! {} };
    let close = { let s = p.state.clone(); Callback::from(move |_: MouseEvent| s.dispatch(Action::View(None))) };
    html! {
        <section class="file-view" data-testid="file-view">
            <div class="fv-head"><strong>{ &f.name }</strong><span class="muted">{ format!(" · {} · {} lines", f.role().label(), f.text.lines().count()) }</span>
                <button class="btn small right" onclick={close}>{"Close"}</button></div>
            <pre class="code numbered">{ for f.text.lines().enumerate().map(|(i, l)| html!{ <span class="src-line"><span class="ln">{ format!("{:>4} ", i + 1) }</span>{ l }</span> }) }</pre>
        </section>
    }
}
