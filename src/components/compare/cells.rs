//! Policy-matrix cells the change moved: who gained or lost which command on which table, with
//! what decided before and after.

use crate::ptr::Ptr;
use tenant_planner_core::delta::{Access, CellSide, Delta};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub delta: Ptr<Delta>,
}

fn side(s: &Option<CellSide>) -> Html {
    match s {
        None => html! { <span class="muted">{"—"}</span> },
        Some(s) => {
            let policies = if s.policies.is_empty() {
                String::new()
            } else {
                format!(": {}", s.policies.join(", "))
            };
            html! { <span title={s.reason.clone()}>{ format!("{}{policies}", s.decision.as_str()) }</span> }
        }
    }
}

#[function_component]
pub fn DeltaCells(p: &Props) -> Html {
    let cells = &p.delta.policy_cells;
    html! {
        <section class="delta-section">
            <h3>{"Policy cells"}<span class="muted">{ format!(" · {} changed", cells.len()) }</span></h3>
            if cells.is_empty() {
                <p class="muted" data-testid="delta-cells-none">{"No role gained or lost a command on a table."}</p>
            } else {
                <table class="grid" data-testid="delta-cells">
                    <thead><tr><th>{"Table"}</th><th>{"Command"}</th><th>{"Role"}</th><th>{"Access"}</th><th>{"Base"}</th><th>{"Head"}</th></tr></thead>
                    <tbody>{ for cells.iter().map(|c| html! {
                        <tr data-testid="delta-cell" data-table={c.table.clone()} data-command={c.command.clone()} data-role={c.role.clone()} data-change={c.change.as_str()}>
                            <td><code>{ c.table.clone() }</code></td>
                            <td>{ c.command.clone() }</td>
                            <td>{ c.role.clone() }</td>
                            <td><span class={classes!("badge", match c.change { Access::Gained => "warn", Access::Lost => "ok", Access::Changed => "dim" })}>{ c.change.as_str() }</span></td>
                            <td class="small">{ side(&c.before) }</td>
                            <td class="small">{ side(&c.after) }</td>
                        </tr>
                    }) }</tbody>
                </table>
            }
        </section>
    }
}
