//! What the chosen profile applies before the user's files.

use tenant_planner_core::profile::ProfileChoice;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub choice: ProfileChoice,
}

#[function_component]
pub fn Shim(p: &Props) -> Html {
    let shim = p.choice.profile.shim();
    html! {
        <section class="shim" data-testid="shim">
            <p>{ format!("Profile: {} — {}", p.choice.profile.label(), p.choice.reason) }</p>
            if shim.is_empty() {
                <p class="muted">{"Plain Postgres pre-applies nothing: your files run on an empty database."}</p>
            } else {
                <p class="muted">{"Applied on the fresh database before your files (the objects it creates are left out of the catalog views unless your files change them):"}</p>
                <pre class="code" data-testid="shim-sql">{ shim }</pre>
            }
        </section>
    }
}
