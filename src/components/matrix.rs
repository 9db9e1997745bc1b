//! The policy matrix: tables × (role, command), each cell saying what decides; a cell shows
//! why (its policies' expressions) on click, or on Enter or Space when it has the focus.

use crate::plural::plural;
use crate::ptr::Ptr;
use std::collections::BTreeMap;
use tenant_planner_core::catalog::Snapshot;
use tenant_planner_core::matrix::{Cell, Decision, COMMANDS};
use tenant_planner_core::report::Report;
use tenant_planner_core::run::RunResult;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Ptr<Report>,
    /// The run the report is of: its catalog after the up files (or where it stopped) gives the
    /// policies' expressions.
    pub result: Ptr<RunResult>,
}

fn short(d: Decision) -> &'static str {
    match d {
        Decision::NoPrivilege => "—",
        Decision::Bypass => "bypass",
        Decision::NoRls => "no RLS",
        Decision::Denied => "denied",
        Decision::Policies => "",
    }
}

#[function_component]
pub fn Matrix(p: &Props) -> Html {
    let class_filter = use_state(String::new);
    let sort_by_class = use_state(|| false);
    let selected = use_state(|| None::<Cell>);
    let r = &p.report;
    let Some(cat) = r.catalog.after_up.as_ref().or(r.catalog.at_stop.as_ref()) else {
        return html! { <p class="muted pad">{"The run ended before the database could be read."}</p> };
    };
    let mut roles: Vec<String> = Vec::new();
    for c in &r.policy_matrix {
        if !roles.contains(&c.role) {
            roles.push(c.role.clone());
        }
    }
    let cells: BTreeMap<(&str, &str, &str), &Cell> = r
        .policy_matrix
        .iter()
        .map(|c| ((c.table.as_str(), c.role.as_str(), c.command.as_str()), c))
        .collect();
    let mut tables: Vec<(&String, &String)> = cat
        .tables
        .iter()
        .map(|(n, t)| (n, &t.tenancy))
        .filter(|(_, c)| class_filter.is_empty() || **c == *class_filter)
        .collect();
    if *sort_by_class {
        tables.sort_by_key(|(n, c)| (class_rank(c), (*n).clone()));
    }
    let export_csv = {
        let cells = r.policy_matrix.clone();
        Callback::from(move |_: MouseEvent| {
            crate::bridge::download("policy-matrix.csv", &to_csv(&cells), "text/csv")
        })
    };
    let on_filter = {
        let f = class_filter.clone();
        Callback::from(move |e: Event| {
            f.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let sort_name = {
        let s = sort_by_class.clone();
        Callback::from(move |_: MouseEvent| s.set(false))
    };
    let sort_class = {
        let s = sort_by_class.clone();
        Callback::from(move |_: MouseEvent| s.set(true))
    };
    html! {
        <section class="matrix" data-testid="matrix">
            <div class="matrix-tools">
                <label>{"Show "}
                    <select data-testid="matrix-class-filter" onchange={on_filter}>
                        <option value="" selected={class_filter.is_empty()}>{"all tables"}</option>
                        { for ["root", "direct", "indirect", "user-owned", "global"].iter().map(|c| html!{ <option value={*c} selected={*class_filter == *c}>{ format!("{c} tables") }</option> }) }
                    </select>
                </label>
                <button class="btn small" data-testid="matrix-export-csv" onclick={export_csv}>{"CSV ⤓"}</button>
                <span class="legend">
                    <span class="cell d-policies">{"policy names"}</span>
                    <span class="cell d-denied">{"denied"}</span>
                    <span class="cell d-bypass">{"bypass"}</span>
                    <span class="cell d-nopriv">{"— no privilege"}</span>
                    <span class="cell d-norls">{"no RLS"}</span>
                    <span class="cell d-norls danger">{"no RLS on a tenant table"}</span>
                </span>
            </div>
            if roles.is_empty() { <p class="muted">{"No roles to show."}</p> } else {
            <div class="matrix-scroll">
            <table class="grid matrix-grid">
                <thead>
                    <tr><th rowspan="2"><button class="linklike" onclick={sort_name}>{"Table"}</button></th>
                        <th rowspan="2"><button class="linklike" onclick={sort_class}>{"Class"}</button></th>
                        { for roles.iter().map(|r| html!{ <th colspan="4" class="role-head">{ r }</th> }) }</tr>
                    <tr>{ for roles.iter().flat_map(|_| COMMANDS.iter().map(|c| html!{ <th class="cmd">{ &c[..3] }</th> })) }</tr>
                </thead>
                <tbody>
                    { for tables.iter().map(|(name, class)| html! {
                        <tr data-testid="matrix-row" data-table={(*name).clone()}>
                            <td><code>{ *name }</code></td>
                            <td><span class={classes!("badge", format!("tenancy-{class}"))}>{ *class }</span></td>
                            { for roles.iter().flat_map(|role| COMMANDS.iter().map(move |cmd| (role, cmd))).map(|(role, cmd)| {
                                let Some(c) = cells.get(&(name.as_str(), role.as_str(), *cmd)) else { return html!{ <td /> } };
                                let danger = c.decision == Decision::NoRls && (class.as_str() == "direct" || class.as_str() == "indirect");
                                let cls = match c.decision { Decision::NoPrivilege => "d-nopriv", Decision::Bypass => "d-bypass", Decision::NoRls => "d-norls", Decision::Denied => "d-denied", Decision::Policies => "d-policies" };
                                let text = if c.decision == Decision::Policies { plural(c.policies.len(), "policy", "policies") } else { short(c.decision).to_string() };
                                let show = {
                                    let (sel, cell) = (selected.clone(), (*c).clone());
                                    move || sel.set(Some(cell.clone()))
                                };
                                let onkeydown = {
                                    let show = show.clone();
                                    Callback::from(move |e: KeyboardEvent| if e.key() == "Enter" || e.key() == " " { e.prevent_default(); show() })
                                };
                                let label = format!("{}, {} as {}: {}. Enter shows why.", c.table, cmd, role, if text == "—" { "no privilege" } else { text.as_str() });
                                let is_selected = selected.as_ref().is_some_and(|s| s.table == c.table && s.role == c.role && s.command == c.command);
                                html! {
                                    <td class={classes!("cell", cls, danger.then_some("danger"), is_selected.then_some("selected"))} data-testid="matrix-cell" data-role={role.clone()} data-command={*cmd}
                                        data-decision={c.decision.as_str()} title={format!("{}\n{}", c.reason, c.policies.join("\n"))}
                                        aria-label={label}
                                        tabindex="0" onclick={Callback::from(move |_| show())} {onkeydown}>{ text }</td>
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            }
            if let Some(c) = &*selected { { detail(c, p.result.snapshots.after_up.as_ref().or(p.result.snapshots.at_stop.as_ref())) } }
        </section>
    }
}

fn class_rank(c: &str) -> u8 {
    match c {
        "root" => 0,
        "direct" => 1,
        "indirect" => 2,
        "user-owned" => 3,
        _ => 4,
    }
}

fn detail(c: &Cell, s: Option<&Snapshot>) -> Html {
    let pols: Vec<_> = s
        .map(|s| {
            s.policies
                .iter()
                .filter(|p| {
                    format!("{}.{}", p.schema, p.table) == c.table && c.policies.contains(&p.name)
                })
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    html! {
        <div class="cell-detail" data-testid="matrix-detail" role="region" aria-live="polite" aria-label="Why this cell">
            <h4><code>{ &c.table }</code>{ format!(" · {} · {}", c.command, c.role) }</h4>
            <p><b>{ c.decision.as_str() }</b>{ ": " }{ &c.reason }</p>
            { for pols.iter().map(|p| html! {
                <div class="policy">
                    <div><b>{ &p.name }</b><span class="muted">{ format!(" · {} · {} · to {}", p.command, if p.permissive { "permissive" } else { "restrictive" }, p.roles.join(", ")) }</span></div>
                    if let Some(u) = &p.using { <div><span class="muted">{"USING "}</span><code class="expr">{ u }</code></div> }
                    if let Some(w) = &p.with_check { <div><span class="muted">{"WITH CHECK "}</span><code class="expr">{ w }</code></div> }
                </div>
            }) }
        </div>
    }
}

/// The matrix as CSV: one line per cell, the policies joined with "; ".
pub fn to_csv(cells: &[Cell]) -> String {
    let q = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = String::from("table,command,role,decision,policies,reason\n");
    for c in cells {
        out += &format!(
            "{},{},{},{},{},{}\n",
            q(&c.table),
            c.command,
            q(&c.role),
            c.decision.as_str(),
            q(&c.policies.join("; ")),
            q(&c.reason)
        );
    }
    out
}
