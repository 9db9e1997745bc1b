//! What each up file changed (schema and row counts), and whether the rollback brings the
//! database back.

use crate::plural::count;
use crate::ptr::Ptr;
use tenant_planner_core::diff::{Change, Difference};
use tenant_planner_core::report::Report;
use tenant_planner_core::rollback::FileChange;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Ptr<Report>,
    /// The project and profile the results came from (the stepper replays them).
    pub project: Ptr<tenant_planner_core::project::Project>,
    pub profile: tenant_planner_core::profile::Profile,
    /// Show a statement (file, line) in the timeline.
    pub on_jump: Callback<(String, usize)>,
    /// Add a file (the draft rollback) to the project.
    pub on_add_file: Callback<tenant_planner_core::files::SqlFile>,
}

/// The name the draft gets when added to the project (a rollback by its name).
pub const DRAFT_FILE: &str = "zz_draft_rollback.sql";

fn change_line(c: &FileChange, file: &str, on_jump: &Callback<(String, usize)>) -> Html {
    let d = &c.diff;
    let class = match d.change {
        Change::Extra => "add",
        Change::Missing => "del",
        Change::Changed => "chg",
    };
    let jump = c.line.map(|l| {
        let f = file.to_string();
        on_jump.reform(move |_: MouseEvent| (f.clone(), l))
    });
    html! {
        <li class={classes!("chg-line", class)} data-testid="change" data-kind={d.kind.clone()} data-object={d.object.clone()} data-line={c.line.map(|l| l.to_string())}>
            if let Some(jump) = jump {
                <button class="linklike jump" onclick={jump} title="Show the statement that made this change">{ format!("L{}", c.line.unwrap_or(0)) }</button>
            }
            <code>{ &d.summary }</code>
        </li>
    }
}

fn line(d: &Difference) -> Html {
    let class = match d.change {
        Change::Extra => "add",
        Change::Missing => "del",
        Change::Changed => "chg",
    };
    html! { <li class={classes!("chg-line", class)} data-testid="change" data-kind={d.kind.clone()} data-object={d.object.clone()}><code>{ &d.summary }</code></li> }
}

#[function_component]
pub fn Changes(p: &Props) -> Html {
    let r = &p.report;
    let rb = &r.rollback;
    let except = rb.level == tenant_planner_core::rollback::RollbackLevel::CleanExceptTriggers;
    let state = if !rb.provided {
        "none"
    } else if !rb.ran {
        "not-run"
    } else if rb.clean {
        "clean"
    } else if except {
        "except"
    } else {
        "dirty"
    };
    html! {
        <section class="changes" data-testid="changes">
            <div class="export-row">
                <span class="muted">{"Export for psql: "}</span>
                <button class="btn small" data-testid="export-psql-up" onclick={{
                    let project = p.project.clone();
                    Callback::from(move |_| crate::bridge::download("up.psql.sql", &tenant_planner_core::export::psql_script(&project, tenant_planner_core::files::Role::Up), "text/plain"))
                }}>{"Up migrations (one script)"}</button>
                <button class="btn small" data-testid="export-psql-rollback" disabled={r.rollback_order.is_empty()} onclick={{
                    let project = p.project.clone();
                    Callback::from(move |_| crate::bridge::download("rollback.psql.sql", &tenant_planner_core::export::psql_script(&project, tenant_planner_core::files::Role::Rollback), "text/plain"))
                }}>{"Rollback (one script)"}</button>
            </div>
            <div class={classes!("rollback-card", state)} data-testid="rollback" data-state={state} data-level={rb.level.as_str()}>
                <h3>{"Rollback"}</h3>
                <p data-testid="rollback-verdict">{ &rb.verdict }</p>
                if !rb.differences.is_empty() {
                    <h4>{"Schema after the rollback, compared with after baseline + seed"}</h4>
                    <ul class="chg-list">{ for rb.differences.iter().map(line) }</ul>
                }
                if rb.data.iter().any(|d| d.verdict != "identical") {
                    <h4>{"Data"}</h4>
                    <ul class="chg-list">
                        { for rb.data.iter().filter(|d| d.verdict != "identical").map(|d| html! {
                            <li class={classes!("chg-line", if d.data_loss { "del" } else if d.maintained.is_empty() { "chg" } else { "info" })} data-testid="data-verdict" data-table={d.table.clone()} data-verdict={d.verdict.clone()}>
                                <code>{ &d.table }</code>{ format!(": {}", d.verdict) }
                                if let Some(c) = &d.columns { { format!(" [{}]", c.join(", ")) } }
                                { format!(" — {} rows before, {} after", d.rows_before, d.rows_after.map(|n| n.to_string()).unwrap_or_else(|| "none".into())) }
                                if d.data_loss { <span class="badge bad">{"data loss"}</span> }
                                { for d.maintained.iter().map(|m| html! {
                                    <div class="maintained" data-testid="maintained-column" data-column={m.column.clone()} data-trigger={m.trigger.clone()}>
                                        { format!("maintained by a trigger: {}", m.describe()) }
                                    </div>
                                }) }
                            </li>
                        }) }
                    </ul>
                }
                if let Some(draft) = &rb.draft {
                    <div class="draft" data-testid="draft-rollback">
                        <h4>{"DRAFT rollback, generated from what the up migrations changed — review before use"}</h4>
                        <div class="draft-actions">
                            <button class="btn small primary" data-testid="draft-add" onclick={{
                                let d = draft.clone();
                                p.on_add_file.reform(move |_| tenant_planner_core::files::SqlFile::new(DRAFT_FILE, d.clone()))
                            }}>{"Add to the project and verify"}</button>
                            <button class="btn small" onclick={{ let d = draft.clone(); Callback::from(move |_| crate::bridge::download(DRAFT_FILE, &d, "text/plain")) }}>{"Download"}</button>
                        </div>
                        <pre class="code" tabindex="0" role="region" aria-label="Draft rollback SQL">{ draft }</pre>
                    </div>
                }
                if rb.ran && rb.clean { <p class="muted">{ format!("{} compared by row count and content fingerprint.", count(rb.data.len(), "table")) }</p> }
            </div>
            <crate::components::stepper::Stepper project={p.project.clone()} profile={p.profile} />
            <h3>{"What each up file changed"}</h3>
            if r.changes_by_file.is_empty() { <p class="muted">{"No up file ran to its end."}</p> }
            { for r.apply_order.iter().filter(|f| r.changes_by_file.contains_key(*f)).map(|f| {
                let diffs = &r.changes_by_file[f];
                let rows = r.rows_by_file.get(f).cloned().unwrap_or_default();
                html! {
                    <details class="tl-file" open=true data-testid="file-changes" data-file={f.clone()} data-count={diffs.len().to_string()}>
                        <summary><strong>{ f }</strong><span class="muted">{ format!(" · {}, {} with new row counts", count(diffs.len(), "schema change"), count(rows.len(), "table")) }</span></summary>
                        <ul class="chg-list">{ for diffs.iter().map(|c| change_line(c, f, &p.on_jump)) }</ul>
                        if !rows.is_empty() {
                            <ul class="chg-list rows">
                                { for rows.iter().map(|c| html!{ <li class="chg-line data"><code>{ &c.table }</code>{ format!(": {} → {} rows ({:+})", c.before, c.after, c.after - c.before) }</li> }) }
                            </ul>
                        }
                    </details>
                }
            }) }
        </section>
    }
}
