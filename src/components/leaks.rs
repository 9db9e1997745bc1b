//! Cross-tenant leak probes: who reached tenant A's rows. The isolation matrix (tables × personas,
//! each cell SELECT/INSERT/UPDATE/DELETE/MOVE), every leak with its cause and the SQL that
//! reproduces it, the fixtures made for the probes and the tables marked shared.

use crate::bridge::copy_text;
use crate::state::{Action, StateHandle};
use std::collections::BTreeMap;
use std::rc::Rc;
use tenant_planner_core::isolation::{IsolationReport, ProbeResult, COMMANDS};
use tenant_planner_core::report::Report;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: StateHandle,
    pub report: Rc<Report>,
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

/// One probe's words: "3 rows", "refused (42501)", "0 rows".
fn outcome(p: &ProbeResult) -> String {
    match (&p.rows, &p.sqlstate) {
        (Some(n), _) => format!("{n} row{}", if *n == 1 { "" } else { "s" }),
        (None, Some(code)) => format!("refused (SQLSTATE {code})"),
        _ => "not run".into(),
    }
}

#[function_component]
pub fn Leaks(p: &Props) -> Html {
    let open = use_state(|| None::<usize>);
    let Some(iso) = p.report.isolation.as_ref() else {
        return html! { <p class="muted pad" data-testid="leaks-not-run">{"The leak probes run once the up migrations complete without error."}</p> };
    };
    let shared = p.state.project.shared_tables.clone();
    let toggle_shared = |table: String| {
        let (s, shared) = (p.state.clone(), shared.clone());
        Callback::from(move |_: MouseEvent| {
            let mut list = shared.clone();
            if let Some(i) = list.iter().position(|t| *t == table) {
                list.remove(i);
            } else {
                list.push(table.clone());
            }
            s.dispatch(Action::SetShared(list));
        })
    };
    html! {
        <section class="leaks" data-testid="leaks" data-count={iso.leaks.len().to_string()}>
            { verdict(iso) }
            if let Some(e) = &iso.error { <div class="error-box" role="alert" data-testid="probe-error">{ e }</div> }
            if !iso.leaks.is_empty() {
                <h3>{"Leaks, by table and cause"}</h3>
                { for groups(iso).into_iter().map(|(table, causes)| html! {
                    <section class="leak-group" data-testid="leak-group" data-table={table.to_string()}>
                        <header>
                            <code>{ table }</code>
                            <button class="btn small" data-testid="mark-shared" onclick={toggle_shared(table.to_string())}
                                title="A directory every tenant may read (public profiles …): its reads are not leaks. Saved with the project; runs again.">{"Mark shared"}</button>
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
                                            <tr class="leak" data-testid="leak" data-table={l.table.clone()} data-command={l.command.clone()} data-persona={l.persona.clone()}>
                                                <td><strong>{ &l.persona }</strong></td>
                                                <td>{ &l.command }</td>
                                                <td class="muted">{ format!("{} row{} of tenant A", l.rows, if l.rows == 1 { "" } else { "s" }) }</td>
                                                <td>
                                                    <button class="linklike" data-testid="leak-sql-toggle" onclick={toggle} aria-expanded={is_open.to_string()}>{ if is_open { "hide SQL" } else { "SQL" } }</button>
                                                    {" "}
                                                    <button class="btn small" data-testid="leak-copy" onclick={Callback::from(move |_: MouseEvent| copy_text(&sql))} title="Copy: runnable as is in psql against the simulated database">{"Copy"}</button>
                                                </td>
                                            </tr>
                                            if is_open { <tr><td colspan="4"><pre class="leak-sql" data-testid="leak-sql"><code>{ &l.sql }</code></pre></td></tr> }
                                        </> }
                                    }) }
                                </table>
                            </div>
                        }) }
                    </section>
                }) }
            }
            <h3>{"Isolation matrix"}</h3>
            { matrix(iso) }
            if !shared.is_empty() {
                <p class="muted" data-testid="shared-tables">{"Marked shared (reads there are not leaks): "}
                    { for shared.iter().map(|t| html! { <span class="badge">{ t }<button class="icon" aria-label={format!("Unmark {t}")} onclick={toggle_shared(t.clone())}>{"×"}</button></span> }) }
                </p>
            }
            <h3>{"How the probes were made"}</h3>
            <p class="muted">{ &iso.identity }</p>
            <ul class="muted small-list">
                { for iso.fixtures.tenants.iter().map(|t| html! {
                    <li>{ format!("{}: tenant A = {}{}, tenant B = {}", t.root, t.a.clone().unwrap_or("—".into()), if t.a_existing { " (a seed row)" } else { "" }, t.b.clone().unwrap_or("—".into())) }</li>
                }) }
                <li>{ format!("{} fixture rows in {} tables, all rolled back afterwards; {:.0} ms", iso.fixtures.rows, iso.fixtures.filled.len(), iso.ms) }</li>
            </ul>
            if !iso.fixtures.unfilled.is_empty() {
                <div class="warn-box" data-testid="unfilled">
                    <strong>{ format!("{} table(s) could not be filled, so their probes say less:", iso.fixtures.unfilled.len()) }</strong>
                    <ul>{ for iso.fixtures.unfilled.iter().map(|u| html! { <li><code>{ &u.table }</code>{": "}{ &u.reason }</li> }) }</ul>
                </div>
            }
        </section>
    }
}

/// Leaks grouped by table, then by cause (indices into `iso.leaks`), in first-seen order.
fn groups(iso: &IsolationReport) -> Vec<(&str, Vec<(&str, Vec<usize>)>)> {
    let mut out: Vec<(&str, Vec<(&str, Vec<usize>)>)> = Vec::new();
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

fn verdict(iso: &IsolationReport) -> Html {
    let counted = iso.personas.iter().filter(|p| p.counted).count();
    if iso.leaks.is_empty() {
        html! { <div class="verdict ok" data-testid="leak-verdict">{ format!("No cross-tenant access: {counted} personas outside tenant A tried every tenant table and were refused or saw nothing.") }</div> }
    } else {
        let tables: std::collections::BTreeSet<&str> = iso.leaks.iter().map(|l| l.table.as_str()).collect();
        html! { <div class="verdict bad" role="alert" data-testid="leak-verdict">{ format!("{} leak{} on {} table{}: personas outside tenant A reached its rows.", iso.leaks.len(), if iso.leaks.len() == 1 { "" } else { "s" }, tables.len(), if tables.len() == 1 { "" } else { "s" }) }</div> }
    }
}

fn matrix(iso: &IsolationReport) -> Html {
    // table → persona → command → result
    let mut grid: BTreeMap<&str, BTreeMap<&str, BTreeMap<&str, &ProbeResult>>> = BTreeMap::new();
    for r in &iso.matrix {
        grid.entry(&r.table).or_default().entry(&r.persona).or_default().insert(&r.command, r);
    }
    let leaky = |t: &str, persona: &str, c: &str| iso.leaks.iter().any(|l| l.table == t && l.persona == persona && l.command == c);
    html! {
        <div class="iso-wrap">
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
                                    let class = if leaky(t, &p.id, c) { "leak" } else if !p.counted && r.rows.unwrap_or(0) > 0 { "contrast" } else if r.sqlstate.is_some() || r.rows == Some(0) { "safe" } else { "na" };
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
        <p class="muted legend">{"S select · I insert · U update · D delete · M move own row into tenant A. "}
            <span class="iso leak">{"red"}</span>{" leak · "}<span class="iso safe">{"green"}</span>{" refused or nothing seen · "}<span class="iso contrast">{"blue"}</span>{" service_role (bypasses RLS by design)"}</p>
        </div>
    }
}
