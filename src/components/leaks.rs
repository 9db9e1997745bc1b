//! Cross-tenant leak probes: who reached tenant A's rows. The verdict (leaks, no leak found, or
//! inconclusive and why), what the probes covered per tenant table (probed, or not and why;
//! errored probes with their errors), the isolation matrix (tables × personas, each cell
//! SELECT/INSERT/UPDATE/DELETE/MOVE), every leak with its kind, severity, cause and the SQL that
//! reproduces it, role-membership bypasses, how the probes were made and the tables marked shared.

use crate::bridge::copy_text;
use crate::plural::{count, plural};
use crate::ptr::Ptr;
use std::collections::BTreeMap;
use tenant_planner_core::isolation::{
    Control, ControlState, IsolationReport, Outcome, ProbeResult, COMMANDS,
};
use tenant_planner_core::report::Report;
use tenant_planner_core::verdict::{CheckId, State};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Ptr<Report>,
    /// The tables the project marks shared now.
    pub shared: Vec<String>,
    /// Their reasons, keyed by table.
    pub reasons: BTreeMap<String, String>,
    /// Mark a table shared for a reason (asked in a dialog). Runs again.
    pub on_mark: Callback<(String, String)>,
    /// Undo a mark, in one click. Runs again.
    pub on_unmark: Callback<String>,
}

fn letter(command: &str) -> &'static str {
    match command {
        "SELECT" => "S",
        "INSERT" => "I",
        "UPDATE" => "U",
        "DELETE" => "D",
        "MOVE" => "M",
        _ => "?",
    }
}

/// One probe's words: "3 rows", "refused (42501)", "errored: …", "0 rows".
fn outcome(p: &ProbeResult) -> String {
    match (p.outcome, &p.rows, &p.sqlstate) {
        (Outcome::Errored, _, _) => {
            format!("errored, not an answer: {}", p.error.clone().unwrap_or_default())
        }
        (_, Some(n), _) => count(*n, "row"),
        (_, None, Some(code)) => match &p.error {
            Some(e) if code != "42501" => format!("refused: {e} (tenant A's owner runs it)"),
            _ => format!("refused (SQLSTATE {code})"),
        },
        _ => "not run".into(),
    }
}

#[function_component]
pub fn Leaks(p: &Props) -> Html {
    let open = use_state(|| None::<usize>);
    let marking = use_state(|| None::<String>);
    let Some(iso) = p.report.isolation.as_ref() else {
        return html! { <p class="muted pad" data-testid="leaks-not-run">{"The leak probes run once the up migrations complete without error."}</p> };
    };
    let shared = &p.shared;
    let ask_shared = |table: String| {
        let marking = marking.clone();
        Callback::from(move |_: MouseEvent| marking.set(Some(table.clone())))
    };
    let unmark = |table: String| p.on_unmark.reform(move |_: MouseEvent| table.clone());
    html! {
        <section class="leaks" data-testid="leaks" data-count={iso.leaks.len().to_string()}>
            { verdict(&p.report, iso) }
            if !shared.is_empty() {
                <div class="warn-box" data-testid="shared-tables">
                    <strong>{"Marked shared by you: what the probes reach there is not counted as a leak"}</strong>
                    <ul>{ for shared.iter().map(|t| html! {
                        <li data-testid="shared-mark" data-table={t.clone()}>
                            <code>{ t }</code>{" — "}
                            <span data-testid="shared-mark-reason">{ p.reasons.get(t).cloned().unwrap_or_else(|| "no reason given".into()) }</span>{" "}
                            <button class="linklike" data-testid="unmark-shared" aria-label={format!("Undo: count {t} again")} onclick={unmark(t.clone())}>{"undo"}</button>
                        </li>
                    }) }</ul>
                </div>
            }
            if let Some(e) = &iso.error { <div class="error-box" role="alert" data-testid="probe-error">{ e }</div> }
            if !iso.bypass.is_empty() {
                <div class="warn-box" data-testid="bypass">
                    <strong>{"Row level security bypassed through role membership"}</strong>
                    <ul>{ for iso.bypass.iter().map(|b| html! { <li data-role={b.role.clone()}>{ &b.detail }</li> }) }</ul>
                </div>
            }
            if !iso.leaks.is_empty() {
                <h3>{"Leaks, by table and cause"}</h3>
                { for groups(iso).into_iter().map(|(table, causes)| html! {
                    <section class="leak-group" data-testid="leak-group" data-table={table.to_string()}>
                        <header>
                            <code>{ table }</code>
                            <button class="btn small" data-testid="mark-shared" onclick={ask_shared(table.to_string())}
                                title="A directory every tenant may read (public profiles …): its reads are not counted as leaks. Asks why; saved with the project; runs again.">{"Mark shared…"}</button>
                        </header>
                        { for causes.into_iter().map(|(cause, idx)| html! {
                            <div class="leak-cause">
                                <div class="cause">{ cause }</div>
                                <table class="leak-rows">
                                    { for idx.into_iter().map(|i| {
                                        let l = &iso.leaks[i];
                                        let is_open = *open == Some(i);
                                        let toggle = { let open = open.clone(); Callback::from(move |_: MouseEvent| open.set(if is_open { None } else { Some(i) })) };
                                        let sql = l.sql.clone();
                                        html! { <>
                                            <tr class="leak" data-testid="leak" data-table={l.table.clone()} data-command={l.command.clone()} data-persona={l.persona.clone()} data-kind={l.kind.clone()}>
                                                <td><strong>{ &l.persona }</strong></td>
                                                <td>{ &l.command }</td>
                                                <td><span class={classes!("badge", "sev", l.severity.clone())} title={format!("{} leak, {} severity", l.kind, l.severity)}>{ &l.kind }</span></td>
                                                <td class="muted">{ format!("{} of tenant A", count(l.rows, "row")) }</td>
                                                <td>
                                                    <button class="linklike" data-testid="leak-sql-toggle" onclick={toggle} aria-expanded={is_open.to_string()}>{ if is_open { "hide SQL" } else { "SQL" } }</button>
                                                    {" "}
                                                    <button class="btn small" data-testid="leak-copy" onclick={Callback::from(move |_: MouseEvent| copy_text(&sql))} title="Copy: runnable as is in psql against the simulated database">{"Copy"}</button>
                                                </td>
                                            </tr>
                                            if is_open { <tr><td colspan="5"><pre class="leak-sql" data-testid="leak-sql"><code>{ &l.sql }</code></pre></td></tr> }
                                        </> }
                                    }) }
                                </table>
                            </div>
                        }) }
                    </section>
                }) }
            }
            <h3>{"What was probed"}</h3>
            { coverage(iso) }
            <h3>{"Isolation matrix"}</h3>
            { matrix(iso) }
            if let Some(table) = (*marking).clone() {
                <super::shared_dialog::SharedDialog leaks={iso.leaks.iter().filter(|l| l.table == table).count()} {table}
                    on_mark={p.on_mark.clone()} on_close={{ let m = marking.clone(); Callback::from(move |()| m.set(None)) }} />
            }
            <h3>{"How the probes were made"}</h3>
            <p class="muted">{ &iso.identity }</p>
            <ul class="muted small-list">
                { for iso.fixtures.tenants.iter().map(|t| html! {
                    <li>{ format!("{}: tenant A = {}{}, tenant B = {}", t.root, t.a.clone().unwrap_or("—".into()), if t.a_existing { " (a seed row)" } else { "" }, t.b.clone().unwrap_or("—".into())) }</li>
                }) }
                { for iso.notes.iter().map(|n| html! { <li data-testid="probe-note">{ n }</li> }) }
                <li>{ format!("{} in {}, all rolled back afterwards; {:.0} ms", plural(iso.fixtures.rows, "fixture row", "fixture rows"), count(iso.fixtures.filled.len(), "table"), iso.ms) }</li>
            </ul>
            if !iso.fixtures.unfilled.is_empty() {
                <div class="warn-box" data-testid="unfilled">
                    <strong>{ match iso.fixtures.unfilled.len() { 1 => "1 table could not be filled, so its probes say less:".to_string(), n => format!("{n} tables could not be filled, so their probes say less:") } }</strong>
                    <ul>{ for iso.fixtures.unfilled.iter().map(|u| html! { <li><code>{ &u.table }</code>{": "}{ &u.reason }</li> }) }</ul>
                </div>
            }
        </section>
    }
}

/// Leaks by table, then by cause: indices into `iso.leaks`.
type Groups<'a> = Vec<(&'a str, Vec<(&'a str, Vec<usize>)>)>;

/// Leaks grouped by table, then by cause (indices into `iso.leaks`), in first-seen order.
fn groups(iso: &IsolationReport) -> Groups<'_> {
    let mut out: Groups = Vec::new();
    for (i, l) in iso.leaks.iter().enumerate() {
        let t = match out.iter_mut().position(|(t, _)| *t == l.table) {
            Some(k) => k,
            None => {
                out.push((&l.table, Vec::new()));
                out.len() - 1
            }
        };
        let causes = &mut out[t].1;
        match causes.iter_mut().find(|(c, _)| *c == l.cause) {
            Some((_, v)) => v.push(i),
            None => causes.push((&l.cause, vec![i])),
        }
    }
    out
}

/// The leak check of the one verdict (its state decides the colour), in the probes' words.
fn verdict(report: &Report, iso: &IsolationReport) -> Html {
    let (class, status) = match report.verdict.check(CheckId::Leaks).state {
        State::Failed => ("bad", "leaks"),
        State::Passed => ("ok", "no-leak"),
        State::Inconclusive => ("warn", "inconclusive"),
        State::NotChecked | State::Partial => ("neutral", "not-probed"),
    };
    let mut text = iso.verdict_text();
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    html! { <div class={classes!("verdict", class)} role={(class != "ok").then_some("alert")} data-testid="leak-verdict" data-status={status}>{ text }</div> }
}

/// Per tenant table: probed by every counted persona, or what was not and why; errored probes.
fn coverage(iso: &IsolationReport) -> Html {
    let c = &iso.coverage;
    let full = c.tables.iter().filter(|t| t.probed).count();
    html! {
        <div class="coverage" data-testid="coverage" data-complete={c.complete.to_string()}>
            <p class="muted">{ format!("{full} of {} probed by every counted persona with every command; {} errored.", plural(c.tables.len(), "tenant table", "tenant tables"), count(c.errored, "probe")) }
                if let Some(who) = &iso.control {
                    { format!(" Positive control: {} (tenant A's own member, role {}) tried to read tenant A's rows in every table; {} unconfirmed.", who.id, who.tenant_role.clone().unwrap_or_else(|| "member".into()), plural(c.unconfirmed.len(), "table", "tables")) }
                }
            </p>
            <table class="coverage-table">
                <thead><tr><th>{"tenant table"}</th><th>{"class"}</th><th>{"probed"}</th><th title="The positive control: tenant A's own member reads tenant A's rows. Where it reads none, the personas' 0 rows prove nothing.">{"tenant A's member reads"}</th><th>{"not probed, or errored"}</th></tr></thead>
                <tbody>
                { for c.tables.iter().map(|t| html! {
                    <tr data-testid="coverage-row" data-table={t.table.clone()} data-probed={t.probed.to_string()} class={classes!((!t.probed || unconfirmed(t.control.as_ref())).then_some("gap"))}>
                        <td><code>{ &t.table }</code></td>
                        <td>{ &t.class }</td>
                        <td>{ if t.probed { html! { <span class="tick">{"✓ fully"}</span> } } else { html! { <span class="gap-mark">{"✗ not fully"}</span> } } }</td>
                        <td>{ control(t.control.as_ref()) }</td>
                        <td class="cov-why">
                            if let Some(c) = t.control.as_ref().filter(|c| unconfirmed(Some(c))) {
                                <div data-testid="unconfirmed">{ &c.detail }</div>
                            }
                            { for t.not_probed.iter().map(|w| html! { <div data-testid="not-probed">{ w }</div> }) }
                            { for errored_groups(iso, &t.table).into_iter().map(|(e, n, who, cmds)| html! {
                                <div class="errored" data-testid="probe-errored">{ format!("{n} errored ({who} × {cmds}): {e}") }</div>
                            }) }
                        </td>
                    </tr>
                }) }
                </tbody>
            </table>
        </div>
    }
}

fn unconfirmed(c: Option<&Control>) -> bool {
    c.is_some_and(|c| c.state == ControlState::Unconfirmed)
}

/// The positive control's cell: what tenant A's own member read, its state, and why on hover.
fn control(c: Option<&Control>) -> Html {
    let Some(c) = c else { return html! { <span class="muted">{"—"}</span> } };
    let (mark, class) = match c.state {
        ControlState::Confirmed => {
            (format!("✓ {} of {}", c.rows.unwrap_or(0), c.a_rows), "tick".to_string())
        }
        ControlState::Unconfirmed => ("✗ none: unconfirmed".to_string(), "gap-mark".to_string()),
        ControlState::Closed => ("closed to members".to_string(), "muted".to_string()),
        ControlState::Shared => ("shared, not judged".to_string(), "muted".to_string()),
        ControlState::NoRows => ("no row to read".to_string(), "muted".to_string()),
    };
    html! {
        <span class={class} data-testid="control" data-state={c.state.as_str()} title={c.detail.clone()}>{ mark }</span>
    }
}

/// A table's errored probes (counted personas), one line per error: the error, how many, by whom, which commands.
fn errored_groups<'a>(
    iso: &'a IsolationReport,
    table: &str,
) -> Vec<(&'a str, usize, String, String)> {
    let counted: Vec<&str> =
        iso.personas.iter().filter(|p| p.counted).map(|p| p.id.as_str()).collect();
    let mut out: Vec<(&str, usize, Vec<&str>, Vec<&str>)> = Vec::new();
    for m in iso.matrix.iter().filter(|m| {
        m.table == table && m.outcome == Outcome::Errored && counted.contains(&m.persona.as_str())
    }) {
        let e = m.error.as_deref().unwrap_or("");
        let i = match out.iter().position(|x| x.0 == e) {
            Some(i) => i,
            None => {
                out.push((e, 0, vec![], vec![]));
                out.len() - 1
            }
        };
        let g = &mut out[i];
        g.1 += 1;
        if !g.2.contains(&m.persona.as_str()) {
            g.2.push(&m.persona);
        }
        if !g.3.contains(&m.command.as_str()) {
            g.3.push(&m.command);
        }
    }
    out.into_iter().map(|(e, n, who, cmds)| (e, n, who.join(", "), cmds.join(", "))).collect()
}

fn matrix(iso: &IsolationReport) -> Html {
    // table → persona → command → result
    let mut grid: BTreeMap<&str, BTreeMap<&str, BTreeMap<&str, &ProbeResult>>> = BTreeMap::new();
    for r in &iso.matrix {
        grid.entry(&r.table).or_default().entry(&r.persona).or_default().insert(&r.command, r);
    }
    let leaky = |t: &str, persona: &str, c: &str| {
        iso.leaks.iter().any(|l| l.table == t && l.persona == persona && l.command == c)
    };
    html! {
        <div class="iso-wrap" tabindex="0" role="region" aria-label="Isolation matrix: every probe by table, persona and command">
        <table class="iso-matrix" data-testid="isolation-matrix">
            <thead><tr><th>{"table"}</th>{ for iso.personas.iter().map(|p| html! { <th title={format!("{}\n{}", p.label, p.identity_sql)}>{ &p.id }{ if p.counted { "" } else { " (contrast)" } }</th> }) }</tr></thead>
            <tbody>
            { for grid.iter().map(|(t, by)| html! {
                <tr>
                    <th><code>{ *t }</code></th>
                    { for iso.personas.iter().map(|p| {
                        let cells = by.get(p.id.as_str());
                        html! { <td class="iso-cell">
                            { for COMMANDS.iter().map(|c| match cells.and_then(|m| m.get(c)) {
                                None => html! { <span class="iso na" title={format!("{c}: not probed")}>{ letter(c) }</span> },
                                Some(r) => {
                                    let class = if leaky(t, &p.id, c) {
                                        "leak"
                                    } else if r.outcome == Outcome::Errored {
                                        "error"
                                    } else if !p.counted && r.rows.unwrap_or(0) > 0 {
                                        "contrast"
                                    } else if r.sqlstate.is_some() || r.rows == Some(0) {
                                        "safe"
                                    } else {
                                        "na"
                                    };
                                    html! { <span class={classes!("iso", class)} data-testid="iso-cell" data-persona={p.id.clone()} data-table={t.to_string()} data-command={c.to_string()} data-class={class}
                                        title={format!("{} · {c} on {t}: {}", p.label, outcome(r))}>{ letter(c) }</span> }
                                }
                            }) }
                        </td> }
                    }) }
                </tr>
            }) }
            </tbody>
        </table>
        <p class="muted legend">{"S select · I insert · U update · D delete · M move a row the persona holds into tenant A. "}
            <span class="iso leak">{"red"}</span>{" leak · "}<span class="iso safe">{"green"}</span>{" refused or nothing seen · "}<span class="iso error">{"amber"}</span>{" errored (not an answer) · "}<span class="iso contrast">{"blue"}</span>{" service_role and platform-wide personas (reach every tenant by design) · grey: not probed"}</p>
        </div>
    }
}
