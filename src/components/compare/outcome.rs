//! The change's verdict line (the delta's headline, the verdict before → after, the counts), the
//! warning when base and head were not run alike, and the rollback before and after.

use crate::ptr::Ptr;
use tenant_planner_core::delta::{Delta, Trend};
use tenant_planner_core::rollback::RollbackLevel;
use tenant_planner_core::verdict::State;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub delta: Ptr<Delta>,
}

/// A sentence's first letter in capitals (the delta's warnings start lower case, for joining).
fn sentence(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn state_class(s: State) -> &'static str {
    match s {
        State::Passed => "ok",
        State::Failed => "bad",
        State::Inconclusive => "warn",
        State::Partial | State::NotChecked => "neutral",
    }
}

fn trend_class(t: Trend) -> &'static str {
    match t {
        Trend::Same => "neutral",
        Trend::Fixed => "ok",
        Trend::Regressed => "bad",
        Trend::Unverified => "warn",
    }
}

/// The verdict line: red when the change introduces a leak, an error or a worse rollback; amber
/// when it introduces warnings or base and head were not run alike; green only when it introduces
/// nothing and the head's own verdict passed (else neutral: "nothing new" is not "checked").
#[function_component]
pub fn Headline(p: &Props) -> Html {
    let d = &p.delta;
    let c = &d.counts;
    let introduces = c.new_leaks + c.new_errors > 0 || c.rollback_regressed;
    let class = if introduces {
        "bad"
    } else if c.new_warnings > 0 || !d.warnings.is_empty() {
        "warn"
    } else if d.verdict.after == State::Passed {
        "ok"
    } else {
        "neutral"
    };
    let v = &d.verdict;
    let chip = |label: &str, n: usize, kind: &'static str| {
        html! { <span class={classes!("delta-chip", (n > 0).then_some(kind))}>{ format!("{n} {label}") }</span> }
    };
    html! {
        <div class="delta-head">
            <div class={classes!("verdict", class)} data-testid="delta-verdict" data-class={class} data-change={v.change.as_str()}
                 data-before={v.before.as_str()} data-after={v.after.as_str()}>
                <strong data-testid="delta-headline">{ d.headline.clone() }</strong>
                <div class="delta-verdicts">
                    {"Verdict: "}
                    <span class={classes!("badge", state_class(v.before))} title={v.before_headline.clone()}>{ format!("base {}", v.before.as_str().replace('_', " ")) }</span>
                    {" → "}
                    <span class={classes!("badge", state_class(v.after))} title={v.after_headline.clone()}>{ format!("head {}", v.after.as_str().replace('_', " ")) }</span>
                    <span class={classes!("badge", trend_class(v.change))}>{ v.change.as_str() }</span>
                </div>
            </div>
            <div class="delta-counts" data-testid="delta-counts" data-new-leaks={c.new_leaks.to_string()} data-fixed-leaks={c.fixed_leaks.to_string()}
                 data-new-errors={c.new_errors.to_string()} data-fixed-errors={c.fixed_errors.to_string()}
                 data-new-warnings={c.new_warnings.to_string()} data-fixed-warnings={c.fixed_warnings.to_string()}
                 data-tables-added={c.tables_added.to_string()} data-tables-removed={c.tables_removed.to_string()}
                 data-cells-gained={c.cells_gained.to_string()} data-cells-lost={c.cells_lost.to_string()}>
                { chip("new leaks", c.new_leaks, "bad") }{ chip("fixed leaks", c.fixed_leaks, "ok") }
                { chip("new errors", c.new_errors, "bad") }{ chip("fixed errors", c.fixed_errors, "ok") }
                { chip("new warnings", c.new_warnings, "warn") }{ chip("fixed warnings", c.fixed_warnings, "ok") }
                { chip("tables added", c.tables_added, "info") }{ chip("tables removed", c.tables_removed, "info") }
                { chip("cells gained", c.cells_gained, "warn") }{ chip("cells lost", c.cells_lost, "info") }
            </div>
            if d.warnings.is_empty() {
                <p class="muted small" data-testid="delta-same-engine">{ format!("Both ran on {} (PostgreSQL {}) with the {} profile.", d.head.engine.name, d.head.engine.postgres_version, d.head.profile) }</p>
            } else {
                <ul class="delta-warnings" data-testid="delta-warnings">
                    { for d.warnings.iter().map(|w| html! { <li data-testid="delta-warning">{ format!("⚠ {}.", sentence(w).trim_end_matches('.')) }</li> }) }
                </ul>
            }
        </div>
    }
}

fn rollback_words(l: RollbackLevel) -> &'static str {
    match l {
        RollbackLevel::Clean => "clean",
        RollbackLevel::CleanExceptTriggers => "clean except trigger-maintained values",
        RollbackLevel::NotClean => "not clean",
        RollbackLevel::NotVerified => "not verified",
    }
}

#[function_component]
pub fn DeltaRollback(p: &Props) -> Html {
    let r = &p.delta.rollback;
    html! {
        <section class="delta-section">
            <h3>{"Rollback"}</h3>
            <div class="delta-rollback" data-testid="delta-rollback" data-before={r.before.as_str()} data-after={r.after.as_str()} data-change={r.change.as_str()}>
                <span class="badge" title={r.before_verdict.clone()}>{ format!("base: {}", rollback_words(r.before)) }</span>
                {" → "}
                <span class="badge" title={r.after_verdict.clone()}>{ format!("head: {}", rollback_words(r.after)) }</span>
                <span class={classes!("badge", trend_class(r.change))}>{ r.change.as_str() }</span>
                <p class="muted small">{ r.after_verdict.clone() }</p>
            </div>
        </section>
    }
}
