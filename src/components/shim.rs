//! The Profile tab: what the chosen profile applies before the user's files, the project option
//! "stand in unavailable extensions", and what the last run's platform did (extensions it could
//! not load or stood in for, roles created for a baseline dump, the session reset after it).

use crate::ptr::Ptr;
use tenant_planner_core::platform::PlatformRun;
use tenant_planner_core::profile::ProfileChoice;
use tenant_planner_core::run::RunResult;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The profile in effect and why.
    pub choice: ProfileChoice,
    /// The project option "stand in unavailable extensions".
    pub stand_in: bool,
    pub on_stand_in: Callback<bool>,
    /// The last finished run, for what its platform did (None before the first run).
    pub result: Option<Ptr<RunResult>>,
}

#[function_component]
pub fn Shim(p: &Props) -> Html {
    let choice = &p.choice;
    let shim = choice.profile.shim();
    let stand_in = p.stand_in;
    let on_stand_in =
        p.on_stand_in.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().checked());
    html! {
        <section class="shim" data-testid="shim">
            <p>{ format!("Profile: {} — {}", choice.profile.label(), choice.reason) }</p>
            <label class="check" title="For an extension this engine cannot load (pg_net, pg_cron, pg_graphql, …): create its schema, and no-op stand-ins for its most used functions, instead of failing its CREATE EXTENSION. Kept with the project, its link and its report.">
                <input type="checkbox" data-testid="stand-in-extensions" checked={stand_in} onchange={on_stand_in} />
                {"Stand in unavailable extensions (an empty schema, no-op functions: documented stand-ins, listed in the report)"}
            </label>
            <p class="muted" data-testid="shim-pgtap">{ PGTAP_DOC }</p>
            if let Some(r) = &p.result {
                { platform_view(&r.platform) }
            }
            if shim.is_empty() {
                <p class="muted">{"Plain Postgres pre-applies nothing: your files run on an empty database."}</p>
            } else {
                <p class="muted">{"Applied on the fresh database before your files (the objects it creates are left out of the catalog views unless your files change them):"}</p>
                <pre class="code" data-testid="shim-sql" tabindex="0" role="region" aria-label="The profile's shim SQL">{ shim }</pre>
            }
        </section>
    }
}

/// What the Profile tab says about pgTAP (kept exact: crates/core/src/pgtap, docs/report.md).
const PGTAP_DOC: &str = "pgTAP (every profile, no option needed): `create extension pgtap` creates Tenant Planner's own implementation of the pgTAP functions test files use (plan, no_plan, finish, diag, ok, pass, fail, is, isnt, matches, imatches, alike, cmp_ok, throws_ok, throws_like, lives_ok, results_eq, results_ne, set_eq, bag_eq, is_empty, isnt_empty, row_eq, has_table, has_column, has_function, function_returns, has_schema, has_extension, col_is_pk, fk_ok, columns_are, tables_are, policies_are, policy_cmd_is, policy_roles_are, schema_privs_are, table_privs_are, is_member_of, todo, skip …) in the schema it names; under the Supabase profile a pgTAP test file gets it in schema extensions first, as `supabase test db` does. It is not in pg_extension (has_extension('pgtap') fails). Each assertion returns its TAP row and raises it as a NOTICE; the Validation tab counts the ok / not ok rows, and a plan not met is a failure. Natively (CLI) errors inside PL/pgSQL EXCEPTION handlers are not caught, so a throws_ok whose statement raises fails there.";

fn platform_view(pl: &PlatformRun) -> Html {
    html! {
        <div class="platform" data-testid="platform">
            if !pl.unavailable.is_empty() {
                <div class="platform-block bad" data-testid="platform-unavailable">
                    <b>{"Extensions this engine cannot load"}</b>
                    <ul>{ for pl.unavailable.iter().map(|u| html! {
                        <li data-ext={u.extension.clone()}><code>{ &u.extension }</code>{ format!(" ({}): {}", u.at, u.message) }</li>
                    }) }</ul>
                </div>
            }
            if !pl.stand_ins.is_empty() {
                <div class="platform-block warn" data-testid="platform-stand-ins">
                    <b>{"Stood in (not the real extension: nothing here behaves like it)"}</b>
                    <ul>{ for pl.stand_ins.iter().map(|s| html! {
                        <li data-ext={s.extension.clone()}>
                            <code>{ &s.extension }</code>{ format!(" ({}) → schema {}", s.at, s.schema) }
                            if !s.functions.is_empty() { { format!(": {}", s.functions.join("; ")) } }
                        </li>
                    }) }</ul>
                </div>
            }
            if !pl.implemented.is_empty() {
                <div class="platform-block" data-testid="platform-implemented">
                    <b>{"Implemented by Tenant Planner (a working implementation, not a stand-in)"}</b>
                    <ul>{ for pl.implemented.iter().map(|s| html! {
                        <li data-ext={s.extension.clone()}>
                            <code>{ &s.extension }</code>{ format!(" ({}) → schema {}: {} functions", s.at, s.schema, s.functions.len()) }
                        </li>
                    }) }</ul>
                </div>
            }
            if !pl.created_roles.is_empty() {
                <div class="platform-block" data-testid="platform-roles">
                    <b>{"Roles created NOLOGIN before a baseline that names them without creating them"}</b>
                    <ul>{ for pl.created_roles.iter().map(|c| html! { <li>{ format!("{}: {}", c.file, c.roles.join(", ")) }</li> }) }</ul>
                </div>
            }
            if let Some(r) = &pl.session_reset {
                <p class="platform-block" data-testid="platform-reset">{ r }</p>
            }
            <p class="muted" data-testid="platform-available">{ format!("Extensions the last run's database could load with CREATE EXTENSION ({}; it loads those your files create, and the Supabase defaults): {}", pl.available_extensions.len(), pl.available_extensions.join(", ")) }</p>
        </div>
    }
}
