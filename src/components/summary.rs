//! The run's headline numbers. Tables the user marked shared are named beside the leak count
//! (with their reasons and an undo): the count leaves them out on the user's word, not a check.

use tenant_planner_core::report::Report;
use tenant_planner_core::run::Outcome;
use tenant_planner_core::verdict::{CheckId, State};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: crate::ptr::Ptr<Report>,
    pub stale: bool,
    /// Undo a table's "shared" mark (runs again).
    pub on_unmark_shared: Callback<String>,
}

#[function_component]
pub fn Summary(p: &Props) -> Html {
    let r = &p.report;
    let (passed, failed) =
        r.validation.values().fold((0, 0), |(a, b), v| (a + v.passed, b + v.failed));
    let (outcome, class) = match r.outcome {
        Outcome::Completed if r.statements.failed == 0 => ("All statements ran".to_string(), "ok"),
        Outcome::Completed => ("Ran with failures".into(), "bad"),
        Outcome::Stopped => ("Stopped at the first failure".into(), "bad"),
        Outcome::Cancelled => (
            match &r.cancelled_at {
                Some(at) => format!("Cancelled at {}:{}", at.file, at.line),
                None => "Cancelled".into(),
            },
            "warn",
        ),
        Outcome::Aborted => ("Could not run".into(), "bad"),
    };
    html! {
        <section class="summary" data-testid="summary" data-outcome={format!("{:?}", r.outcome).to_lowercase()}>
            <div class="wide"><super::verdict::VerdictBanner verdict={r.verdict.clone()} testid="verdict" compact=true /></div>
            <div class={classes!("card", "outcome", class)}>
                <div class="big" data-testid="outcome">{ outcome }</div>
                <div class="muted">{ format!("{} · PostgreSQL {} · {:.0} ms", r.profile, r.engine.postgres_version, r.timings.total_ms) }</div>
            </div>
            <div class="card"><div class="big" data-testid="stmt-total">{ r.statements.total }</div><div class="muted">{ if r.statements.total == 1 { "statement" } else { "statements" } }</div></div>
            <div class={classes!("card", (r.statements.failed > 0).then_some("bad"))}><div class="big" data-testid="stmt-failed">{ r.statements.failed }</div><div class="muted">{"failed"}</div></div>
            if r.statements.skipped > 0 {
                <div class="card" title="psql meta-commands are not sent"><div class="big" data-testid="stmt-skipped">{ r.statements.skipped }</div><div class="muted">{"skipped"}</div></div>
            }
            if r.validation.is_empty() {
                <div class="card"><div class="big muted" data-testid="validation-summary">{"—"}</div><div class="muted">{"no validation file"}</div></div>
            } else {
                <div class={classes!("card", (failed > 0).then_some("bad"), (passed > 0 && failed == 0).then_some("ok"))}>
                    <div class="big" data-testid="validation-summary">{ format!("{passed} / {}", passed + failed) }</div><div class="muted">{"checks passed"}</div>
                </div>
            }
            { {
                let active = |l| tenant_planner_core::lint::count_active(&r.lint, l);
                let (e, w) = (active(tenant_planner_core::lint::Level::Error), active(tenant_planner_core::lint::Level::Warn));
                html! { <div class={classes!("card", (e > 0).then_some("bad"), (e == 0 && w > 0).then_some("warn"))} data-testid="lint-summary" title="Advisor findings (unsuppressed)">
                    <div class="big">{ format!("{e} / {w}") }</div><div class="muted">{"lint errors / warnings"}</div></div> }
            } }
            { {
                // Coloured by the verdict's leak check: "0" is green only when the probes covered
                // every tenant table; nothing probed is never a green zero.
                let c = r.verdict.check(CheckId::Leaks);
                let n = r.isolation.as_ref().map_or(0, |i| i.leaks.len());
                let (class, state, big, label) = match c.state {
                    State::Failed => ("bad", "failed", n.to_string(), if n == 1 { "leak".to_string() } else { "leaks".to_string() }),
                    State::Passed => ("ok", "passed", "0".into(), "leaks".into()),
                    State::Inconclusive => ("warn", "inconclusive", "?".into(), "leaks: inconclusive".into()),
                    _ => ("", "not_checked", "—".into(), c.summary.clone()),
                };
                let marked = r.shared_tables.len();
                html! {
                    <div class={classes!("card", (!class.is_empty()).then_some(class))} data-testid="leak-summary" data-state={state}
                        title={(state != "failed" && state != "passed").then(|| c.reasons.join("; "))}>
                        <div class={classes!("big", (state == "not_checked").then_some("muted"))}>{ big }</div>
                        <div class="muted">{ label }
                            if marked > 0 { <span data-testid="shared-summary">{ format!(" · {} marked shared by you", crate::plural::count(marked, "table")) }</span> }
                        </div>
                    </div>
                }
            } }
            if !r.shared_tables.is_empty() {
                <div class="card warn shared-marks" data-testid="shared-marks">
                    <strong>{"Not counted as leaks, by your mark:"}</strong>
                    { for r.shared_tables.iter().map(|t| {
                        let table = t.table.clone();
                        html! {
                            <span class="shared-mark" data-testid="shared-mark" data-table={t.table.clone()}>
                                <code>{ &t.table }</code>{" — "}<span data-testid="shared-mark-reason">{ t.reason.clone().unwrap_or_else(|| "no reason given".into()) }</span>
                                <span class="muted">{ format!(" ({} reached tenant A's rows)", crate::plural::count(t.uncounted, "probe")) }</span>{" "}
                                <button class="linklike" data-testid="unmark-shared" aria-label={format!("Undo: count {} again", t.table)}
                                    onclick={p.on_unmark_shared.reform(move |_: MouseEvent| table.clone())}>{"undo"}</button>
                            </span>
                        }
                    }) }
                </div>
            }
            { match (r.rollback.provided, r.rollback.ran, r.rollback.clean) {
                _ if r.rollback.level == tenant_planner_core::rollback::RollbackLevel::CleanExceptTriggers => html! {
                    <div class="card warn" data-testid="rollback-summary" title={r.rollback.verdict.clone()}><div class="big">{"clean*"}</div><div class="muted">{"rollback, except trigger-set columns"}</div></div>
                },
                (true, true, true) => html! { <div class="card ok" data-testid="rollback-summary"><div class="big">{"clean"}</div><div class="muted">{"rollback"}</div></div> },
                (true, true, false) => html! { <div class="card bad" data-testid="rollback-summary"><div class="big">{"not clean"}</div><div class="muted">{"rollback"}</div></div> },
                (true, false, _) => html! { <div class="card warn" data-testid="rollback-summary"><div class="big">{"not run"}</div><div class="muted">{"rollback"}</div></div> },
                _ => html! { <div class="card" data-testid="rollback-summary"><div class="big muted">{"—"}</div><div class="muted">{"no rollback file"}</div></div> },
            } }
            if p.stale { <div class="card warn stale" data-testid="stale">{"Files changed since this run: Run again"}</div> }
            if let Some(why) = &r.abort_reason { <div class="card bad wide" data-testid="abort-reason">{ why }</div> }
        </section>
    }
}
