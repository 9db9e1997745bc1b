//! Tables the change added, removed or changed: tenancy class and RLS before → after, the
//! policies and columns it added or removed.

use crate::ptr::Ptr;
use tenant_planner_core::delta::{Delta, TableChange, TableChangeKind};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub delta: Ptr<Delta>,
}

fn class_badge(c: &Option<String>) -> Html {
    match c {
        Some(c) => {
            html! { <span class={classes!("badge", format!("tenancy-{c}"))}>{ c.clone() }</span> }
        }
        None => html! { <span class="muted">{"—"}</span> },
    }
}

fn rls(on: Option<bool>, forced: Option<bool>) -> &'static str {
    match (on, forced) {
        (None, _) => "—",
        (Some(false), _) => "off",
        (Some(true), Some(true)) => "on, forced",
        (Some(true), _) => "on",
    }
}

/// "+a, +b, −c" of names added and removed.
fn plus_minus(added: &[String], removed: &[String]) -> String {
    let plus = added.iter().map(|x| format!("+{x}"));
    let minus = removed.iter().map(|x| format!("−{x}"));
    plus.chain(minus).collect::<Vec<_>>().join(", ")
}

fn row(t: &TableChange) -> Html {
    // A tenant table the change leaves without RLS is the row to see first.
    let tenant = |c: &Option<String>| c.as_deref().is_some_and(|c| c != "global");
    let exposed = tenant(&t.class_after) && t.rls_after == Some(false);
    let kind = t.change.as_str();
    html! {
        <tr data-testid="delta-table" data-table={t.table.clone()} data-change={kind}
            data-class-before={t.class_before.clone().unwrap_or_default()} data-class-after={t.class_after.clone().unwrap_or_default()}
            data-rls-after={t.rls_after.map(|b| b.to_string()).unwrap_or_default()} class={classes!(exposed.then_some("bad-row"))}>
            <td><code>{ t.table.clone() }</code></td>
            <td><span class={classes!("badge", match t.change { TableChangeKind::Added => "ok", TableChangeKind::Removed => "bad", TableChangeKind::Changed => "warn" })}>{ kind }</span></td>
            <td>{ class_badge(&t.class_before) }{" → "}{ class_badge(&t.class_after) }</td>
            <td class={classes!(exposed.then_some("bad-text"))}>{ format!("{} → {}", rls(t.rls_before, t.forced_before), rls(t.rls_after, t.forced_after)) }</td>
            <td class="small">{ plus_minus(&t.policies_added, &t.policies_removed) }</td>
            <td class="small">{ plus_minus(&t.columns_added, &t.columns_removed) }</td>
        </tr>
    }
}

#[function_component]
pub fn DeltaTables(p: &Props) -> Html {
    let d = &p.delta;
    let c = &d.catalog;
    html! {
        <section class="delta-section">
            <h3>{"Tables"}<span class="muted">{ format!(" · {} → {} tables, {} → {} indexes, {} → {} policies", c.tables_before, c.tables_after, c.indexes_before, c.indexes_after, c.policies_before, c.policies_after) }</span></h3>
            if d.tables.is_empty() {
                <p class="muted" data-testid="delta-tables-none">{"No table was added, removed, reclassified, or changed in RLS, policies or columns."}</p>
            } else {
                <table class="grid" data-testid="delta-tables">
                    <thead><tr><th>{"Table"}</th><th>{"Change"}</th><th>{"Tenancy class"}</th><th>{"RLS"}</th><th>{"Policies"}</th><th>{"Columns"}</th></tr></thead>
                    <tbody>{ for d.tables.iter().map(row) }</tbody>
                </table>
            }
        </section>
    }
}
