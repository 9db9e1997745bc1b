//! The one verdict as a banner: its title and headline, and each check with its state and what it
//! rests on. Used by the summary and the Export tab, so both always say the same.

use tenant_planner_core::verdict::{State, Verdict};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub verdict: Verdict,
    /// data-testid of the banner (tests read `data-state` and each check's `data-state`).
    pub testid: AttrValue,
    /// A closing sentence (the Export tab says the bundle carries the banner too).
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// Checks as one wrapped row of chips (the summary), instead of a list.
    #[prop_or_default]
    pub compact: bool,
}

fn class(s: State) -> &'static str {
    match s {
        State::Passed => "ok",
        State::Failed => "bad",
        State::Inconclusive => "warn",
        State::Partial | State::NotChecked => "neutral",
    }
}

fn mark(s: State) -> &'static str {
    match s {
        State::Passed => "✓ passed",
        State::Failed => "✗ failed",
        State::Inconclusive => "? inconclusive",
        State::Partial | State::NotChecked => "– not checked",
    }
}

#[function_component]
pub fn VerdictBanner(p: &Props) -> Html {
    let v = &p.verdict;
    let body = v.headline.split_once(": ").map_or(v.headline.as_str(), |x| x.1);
    html! {
        <div class={classes!("verdict", class(v.state), p.compact.then_some("compact"))} data-testid={p.testid.clone()} data-state={v.state.as_str()}
            data-validated={(v.state == State::Passed).to_string()} role={(v.state == State::Failed).then_some("alert")}>
            <div><strong>{ v.title() }</strong>{": "}{ body }{ p.note.as_ref().map(|n| format!(" {n}")).unwrap_or_default() }</div>
            <ul class="verdict-checks">
                { for v.checks.iter().map(|c| html! {
                    <li data-check={c.id.as_str()} data-state={c.state.as_str()} class={class(c.state)}
                        title={c.reasons.join("; ")}>
                        <span class="verdict-mark">{ if p.compact { mark(c.state).split(' ').next().unwrap_or("") } else { mark(c.state) } }</span>
                        <span class="verdict-label">{ c.id.label() }</span>
                        <span class="verdict-summary">{ &c.summary }</span>
                        if !c.reasons.is_empty() { <span class="verdict-why">{ format!(" — {}", c.reasons.join("; ")) }</span> }
                    </li>
                }) }
            </ul>
        </div>
    }
}
