//! A loaded file's text with line numbers.

use crate::ptr::Ptr;
use tenant_planner_core::project::Project;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub project: Ptr<Project>,
    /// The file to show (nothing when the project no longer has it).
    pub name: AttrValue,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn FileView(p: &Props) -> Html {
    let Some(f) = p.project.files.iter().find(|f| f.name == p.name.as_str()) else {
        return html! {};
    };
    let close = p.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="file-view" data-testid="file-view">
            <div class="fv-head"><strong>{ &f.name }</strong><span class="muted">{ format!(" · {} · {} lines", f.role().label(), f.text.lines().count()) }</span>
                <button class="btn small right" onclick={close}>{"Close"}</button></div>
            <pre class="code numbered" tabindex="0" role="region" aria-label={format!("Source of {}", f.name)}>{ for f.text.lines().enumerate().map(|(i, l)| html!{ <span class="src-line"><span class="ln">{ format!("{:>4} ", i + 1) }</span>{ l }</span> }) }</pre>
        </section>
    }
}
