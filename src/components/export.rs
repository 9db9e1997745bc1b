//! Export: the validated bundle (.zip), the psql scripts with a check that the up script gives
//! the simulated catalog on a fresh database, and the Supabase layout. Nothing is uploaded.

use crate::bridge::{download, download_bytes, BrowserEngine};
use crate::plural::count;
use crate::ptr::Ptr;
use tenant_planner_core::bundle::{self, Layout, Options};
use tenant_planner_core::export::{psql_script, script_check, script_check_project};
use tenant_planner_core::files::Role;
use tenant_planner_core::pipeline::run;
use tenant_planner_core::project::Project;
use tenant_planner_core::report::Report;
use tenant_planner_core::run::{RunOptions, RunResult};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Ptr<Report>,
    pub result: Ptr<RunResult>,
    pub project: Ptr<Project>,
}

#[derive(Clone, PartialEq)]
enum Check {
    Idle,
    Running,
    Same,
    Differs(Vec<String>),
    Failed(String),
}

fn today() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}{:02}{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}

#[function_component]
pub fn Export(p: &Props) -> Html {
    let layout = use_state(|| Layout::Plain);
    let prefix = use_state(|| false);
    let check = use_state(|| Check::Idle);
    // A new run invalidates the script check.
    {
        let check = check.clone();
        use_effect_with(p.result.clone(), move |_| check.set(Check::Idle));
    }
    let opts = Options { order_prefix: *prefix, layout: *layout, date: today() };
    let verdict = p.report.verdict.clone();
    let paths = bundle::file_paths(&p.project, &opts);
    let order = p.project.order();

    let on_zip = {
        let (project, report, result, opts) =
            (p.project.clone(), p.report.clone(), p.result.clone(), opts.clone());
        Callback::from(move |_: MouseEvent| {
            let (svg, mermaid) = bundle::erd_files(&result, &project.tenancy);
            // Its report.json records the run, so it opens again in the app.
            let full = report.with_run(&project, &result);
            let entries = bundle::entries(&project, &full, &svg, &mermaid, &opts);
            let folder = format!("tenant-planner-bundle{}", report.verdict.bundle_tag());
            match bundle::zip(&entries, &folder) {
                Ok(bytes) => download_bytes(&format!("{folder}.zip"), &bytes, "application/zip"),
                Err(e) => web_sys::console::error_1(&e.into()),
            }
        })
    };
    let on_check = {
        let (project, result, check) = (p.project.clone(), p.result.clone(), check.clone());
        Callback::from(move |_: MouseEvent| {
            let (project, result, check) = (project.clone(), result.clone(), check.clone());
            check.set(Check::Running);
            wasm_bindgen_futures::spawn_local(async move {
                let Some(simulated) = result.snapshots.after_up.clone() else {
                    return check.set(Check::Failed(
                        "the simulation did not reach the end of the up files".into(),
                    ));
                };
                let (mut engine, _cancel) = match BrowserEngine::open(
                    &crate::bridge::needed_extensions(&project, result.profile),
                )
                .await
                {
                    Ok(e) => e,
                    Err(why) => return check.set(Check::Failed(why)),
                };
                let opts = RunOptions {
                    profile: result.profile,
                    continue_on_error: false,
                    base: result.snapshots.base.clone(),
                    probes: false,
                };
                let checked =
                    run(&mut engine, &script_check_project(&project), &opts, &mut ()).await;
                engine.close();
                if let Some(e) = checked.errors().next() {
                    return check.set(Check::Failed(format!(
                        "{}:{}: {} (SQLSTATE {})",
                        e.file, e.line, e.message, e.sqlstate
                    )));
                }
                match checked.snapshots.after_up.as_ref() {
                    Some(from_script) => {
                        let d = script_check(&simulated, from_script);
                        check.set(if d.is_empty() { Check::Same } else { Check::Differs(d) });
                    }
                    None => check.set(Check::Failed(
                        checked
                            .abort_reason
                            .clone()
                            .unwrap_or_else(|| "the script did not run to its end".into()),
                    )),
                }
            });
        })
    };
    let dl = |role: Role, name: &'static str| {
        let project = p.project.clone();
        Callback::from(move |_: MouseEvent| {
            download(name, &psql_script(&project, role), "text/plain")
        })
    };
    let on_layout = {
        let layout = layout.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            layout.set(if v == "supabase" { Layout::Supabase } else { Layout::Plain });
        })
    };
    let on_prefix = {
        let prefix = prefix.clone();
        Callback::from(move |e: Event| {
            prefix.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked())
        })
    };
    html! {
        <section class="export" data-testid="export">
            <super::verdict::VerdictBanner verdict={verdict} testid="export-verdict" note="The bundle says so at the top of every file." />
            <h3>{"Bundle (.zip)"}</h3>
            <div class="export-row">
                <label class="field"><span>{"Layout"}</span>
                    <select data-testid="export-layout" onchange={on_layout} aria-label="Bundle layout">
                        <option value="plain" selected={*layout == Layout::Plain}>{"files/ in run order"}</option>
                        <option value="supabase" selected={*layout == Layout::Supabase}>{"Supabase: supabase/migrations/<timestamp>_<name>.sql"}</option>
                    </select>
                </label>
                <label class="check"><input type="checkbox" data-testid="export-prefix" checked={*prefix} onchange={on_prefix} />{"Prefix names with their position"}</label>
                <button class="btn primary" data-testid="export-zip" onclick={on_zip}>{"Download bundle ⤓"}</button>
            </div>
            <ul class="bundle-list" data-testid="bundle-files">
                <li><code>{"README.md"}</code></li>
                { for order.apply.iter().chain(order.rollback.iter()).map(|i| html! {
                    <li><code>{ paths[i].clone() }</code><span class="muted">{ format!(" — {}, header with role, position, result, sha256", p.project.files[*i].role().as_str()) }</span></li>
                }) }
                <li><code>{"psql/up.sql"}</code>{ if order.rollback.is_empty() { "" } else { ", " } }if !order.rollback.is_empty() { <code>{"psql/rollback.sql"}</code> }</li>
                <li><code>{"report.json"}</code>{", "}<code>{"report.md"}</code>{", "}<code>{"erd.svg"}</code></li>
            </ul>
            <h3>{"Single psql scripts"}</h3>
            <p class="muted">{"All up files in order for "}<code>{"psql -v ON_ERROR_STOP=1 -f"}</code>{", each in BEGIN … COMMIT unless it manages its own transactions (then left as is, with a comment saying why)."}</p>
            <div class="export-row">
                <button class="btn" data-testid="export-psql-up-2" onclick={dl(Role::Up, "up.psql.sql")}>{"up.psql.sql ⤓"}</button>
                <button class="btn" data-testid="export-psql-rollback-2" disabled={order.rollback.is_empty()} onclick={dl(Role::Rollback, "rollback.psql.sql")}>{"rollback.psql.sql ⤓"}</button>
                <button class="btn" data-testid="script-check" onclick={on_check} disabled={*check == Check::Running}
                    title="Run baseline + seed + the exported up script on a fresh database and compare its catalog with the simulation">{"Check the up script"}</button>
                { match &*check {
                    Check::Idle => html! {},
                    Check::Running => html! { <span class="muted" data-testid="script-check-result" data-state="running">{"running the script on a fresh database…"}</span> },
                    Check::Same => html! { <span class="tick" data-testid="script-check-result" data-state="same">{"✓ same catalog as the simulation"}</span> },
                    Check::Differs(d) => html! {
                        <div class="bad" data-testid="script-check-result" data-state="differs">
                            { format!("✗ the script gives a different catalog ({}):", count(d.len(), "difference")) }
                            <ul>{ for d.iter().take(20).map(|x| html! { <li><code>{ x }</code></li> }) }</ul>
                        </div>
                    },
                    Check::Failed(why) => html! { <span class="bad" data-testid="script-check-result" data-state="failed">{ format!("✗ the script failed: {why}") }</span> },
                } }
            </div>
        </section>
    }
}
