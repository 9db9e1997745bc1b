//! A first view of the database after the up migrations: the table list.

use tenant_planner_core::report::Report;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: crate::ptr::Ptr<Report>,
}

#[function_component]
pub fn Tables(p: &Props) -> Html {
    let (title, cat) = match (&p.report.catalog.after_up, &p.report.catalog.at_stop) {
        (Some(c), _) => ("After the up migrations", c),
        (None, Some(c)) => ("Where the run stopped", c),
        _ => {
            return html! { <p class="muted pad">{"The run ended before the database could be read."}</p> }
        }
    };
    html! {
        <section class="tables" data-testid="tables">
            <p class="muted">{ format!("{title}: {} tables, {} policies, {} indexes, {} functions, {} views", cat.tables.len(), cat.policy_count, cat.index_count, cat.functions.len(), cat.views.len()) }</p>
            <table class="grid">
                <thead><tr><th>{"Table"}</th><th>{"Columns"}</th><th>{"RLS"}</th><th>{"Policies"}</th><th class="num">{"Rows"}</th></tr></thead>
                <tbody>
                    { for cat.tables.iter().map(|(name, t)| html! {
                        <tr data-testid="table-row" data-table={name.clone()}>
                            <td><code>{ name }</code></td>
                            <td title={t.columns.iter().map(|c| format!("{} {}{}", c.name, c.type_, if c.not_null { " not null" } else { "" })).collect::<Vec<_>>().join("\n")}>{ t.columns.len() }</td>
                            <td>{ match (t.rls_enabled, t.rls_forced) { (true, true) => html!{<span class="badge ok">{"on, forced"}</span>}, (true, false) => html!{<span class="badge ok">{"on"}</span>}, _ => html!{<span class="badge dim">{"off"}</span>} } }</td>
                            <td title={t.policies.join("\n")}>{ t.policies.len() }</td>
                            <td class="num">{ t.row_count }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
