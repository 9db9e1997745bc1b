//! Leaks, lint findings, failed statements and checks the change introduced (new) or removed
//! (fixed): new leaks with the head's SQL to reproduce them, folded.

use crate::ptr::Ptr;
use tenant_planner_core::delta::{Delta, LintChange, ValidationChange};
use tenant_planner_core::isolation::Leak;
use tenant_planner_core::report::ErrorEntry;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub delta: Ptr<Delta>,
}

fn leak(l: &Leak, side: &'static str) -> Html {
    html! {
        <li class={classes!("delta-leak", side)} data-testid="delta-leak" data-side={side} data-table={l.table.clone()}
            data-persona={l.persona.clone()} data-command={l.command.clone()}>
            <span class={classes!("badge", if side == "new" { "bad" } else { "ok" })}>{ side }</span>
            <strong>{ format!(" {} ", l.command) }</strong>{"on "}<code>{ l.table.clone() }</code>{ format!(" by {}", l.persona) }
            if !l.kind.is_empty() { <span class="badge">{ l.kind.clone() }</span> }
            <span class="muted">{ format!(" — {}", l.cause) }</span>
            if side == "new" && !l.sql.is_empty() {
                <details><summary>{"Reproduce in psql"}</summary><pre class="sql">{ l.sql.clone() }</pre></details>
            }
        </li>
    }
}

#[function_component]
pub fn DeltaLeaks(p: &Props) -> Html {
    let l = &p.delta.leaks;
    html! {
        <section class="delta-section">
            <h3>{"Cross-tenant leaks"}<span class="muted">{ format!(" · {} new, {} fixed", l.new.len(), l.fixed.len()) }</span></h3>
            if l.is_empty() {
                <p class="muted" data-testid="delta-leaks-none">{"No leak is new or fixed (the head's Leaks tab says whether it has any, and what was probed)."}</p>
            } else {
                <ul class="delta-list" data-testid="delta-leaks">
                    { for l.new.iter().map(|x| leak(x, "new")) }
                    { for l.fixed.iter().map(|x| leak(x, "fixed")) }
                </ul>
            }
        </section>
    }
}

fn lint(f: &LintChange, side: &'static str) -> Html {
    let place = match (&f.file, f.line) {
        (Some(file), Some(line)) => format!(" ({file}:{line})"),
        (Some(file), None) => format!(" ({file})"),
        _ => String::new(),
    };
    let level = f.level.as_str();
    html! {
        <li class={classes!("delta-lint", side, (!f.counted()).then_some("dim"))} data-testid="delta-lint" data-side={side} data-rule={f.rule.clone()}
            data-object={f.object.clone()} data-level={level}>
            <span class={classes!("badge", if side == "new" { "bad" } else { "ok" })}>{ side }</span>
            <span class={classes!("badge", match level { "ERROR" => "bad", "WARN" => "warn", _ => "dim" })}>{ level }</span>
            <code>{ format!(" {} ", f.rule) }</code><span>{ f.object.clone() }</span>
            <span class="muted">{ format!("{place} — {}", f.detail) }</span>
            if let Some(why) = &f.suppressed { <span class="badge dim" title={why.clone()}>{"suppressed"}</span> }
            if let Some(other) = &f.same_as { <span class="badge dim">{ format!("counted as {other}") }</span> }
        </li>
    }
}

#[function_component]
pub fn DeltaLints(p: &Props) -> Html {
    let l = &p.delta.lints;
    html! {
        <section class="delta-section">
            <h3>{"Lint findings"}<span class="muted">{ format!(" · {} new, {} fixed", l.new.len(), l.fixed.len()) }</span></h3>
            if l.is_empty() {
                <p class="muted" data-testid="delta-lints-none">{"No lint finding is new or fixed."}</p>
            } else {
                <ul class="delta-list" data-testid="delta-lints">
                    { for l.new.iter().map(|x| lint(x, "new")) }
                    { for l.fixed.iter().map(|x| lint(x, "fixed")) }
                </ul>
            }
        </section>
    }
}

/// Failed statements and failed validation checks, new and fixed; nothing when there are none
/// (the counts above still say 0).
#[function_component]
pub fn DeltaErrors(p: &Props) -> Html {
    let (e, v) = (&p.delta.errors, &p.delta.validation);
    if e.is_empty() && v.is_empty() {
        return html! {};
    }
    let badge = |side: &'static str| {
        html! { <span class={classes!("badge", if side == "new" { "bad" } else { "ok" })}>{ side }</span> }
    };
    let errors = |list: &[ErrorEntry], side: &'static str| -> Html {
        list.iter()
            .map(|x| html! {
                <li data-testid="delta-error" data-side={side} data-file={x.file.clone()} data-sqlstate={x.sqlstate.clone()}>
                    { badge(side) }<code>{ format!(" {}:{}:{} ", x.file, x.line, x.column) }</code>
                    <span class="sqlstate">{ x.sqlstate.clone() }</span>{ format!(" {}", x.message) }
                </li>
            })
            .collect()
    };
    let checks = |list: &[ValidationChange], side: &'static str| -> Html {
        list.iter()
            .map(|x| html! {
                <li data-testid="delta-check" data-side={side} data-file={x.file.clone()} data-check={x.check.clone()}>
                    { badge(side) }{" validation check "}<strong>{ x.check.clone() }</strong>
                    <span class="muted">{ format!(" ({}:{})", x.file, x.line) }</span>
                </li>
            })
            .collect()
    };
    html! {
        <section class="delta-section">
            <h3>{"Failed statements and checks"}<span class="muted">{ format!(" · {} new, {} fixed", e.new.len() + v.new.len(), e.fixed.len() + v.fixed.len()) }</span></h3>
            <ul class="delta-list" data-testid="delta-errors">
                { errors(&e.new, "new") }{ checks(&v.new, "new") }
                { errors(&e.fixed, "fixed") }{ checks(&v.fixed, "fixed") }
            </ul>
        </section>
    }
}
