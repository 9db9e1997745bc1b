//! The project's table-size setting, in the Advisor: how large the migration-safety rules take the
//! tables that exist before the up files to be — production-sized (the default), as the
//! simulation made them, or the user's row count per table. Changing it rebuilds the report from
//! the last run (the database does not see it); it is kept in the project, so in saved projects
//! and share links.

use crate::ptr::Ptr;
use std::collections::BTreeMap;
use tenant_planner_core::lint::TableSizes;
use tenant_planner_core::run::RunResult;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The project's setting now.
    pub sizes: TableSizes,
    /// The last run (its tables before the up files, with their simulated rows).
    pub result: Ptr<RunResult>,
    pub on_change: Callback<TableSizes>,
}

/// The user's tables that existed before the up files, with the rows the simulation gave them.
fn existing_tables(result: &RunResult) -> Vec<(String, i64)> {
    let s = &result.snapshots;
    let Some(seed) = &s.after_seed else { return Vec::new() };
    let base = s.base.clone().unwrap_or_default();
    seed.user_view(&base).tables.iter().map(|t| (t.qualified(), t.row_count)).collect()
}

#[function_component]
pub fn TableSizesSetting(p: &Props) -> Html {
    let sizes = p.sizes.clone();
    let tables = existing_tables(&p.result);
    let on_mode = {
        let on = p.on_change.clone();
        let current = sizes.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let next = match v.as_str() {
                "simulated" => TableSizes::Simulated,
                "per_table" => match &current {
                    TableSizes::PerTable { rows } => TableSizes::PerTable { rows: rows.clone() },
                    _ => TableSizes::PerTable { rows: BTreeMap::new() },
                },
                _ => TableSizes::Production,
            };
            on.emit(next);
        })
    };
    let rows = match &sizes {
        TableSizes::PerTable { rows } => Some(rows.clone()),
        _ => None,
    };
    let row = |(table, simulated): &(String, i64)| {
        let given = rows.as_ref().and_then(|r| r.get(table)).copied();
        let on_input = {
            let (on, table, rows) =
                (p.on_change.clone(), table.clone(), rows.clone().unwrap_or_default());
            Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<HtmlInputElement>().value();
                let mut rows = rows.clone();
                match v.trim().replace(['_', ','], "").parse::<i64>() {
                    Ok(n) if n >= 0 => rows.insert(table.clone(), n),
                    // Blank (or not a number): production-sized again.
                    _ => rows.remove(&table),
                };
                on.emit(TableSizes::PerTable { rows });
            })
        };
        html! {
            <li data-testid="table-size-row" data-table={table.clone()}>
                <code>{ table }</code>
                <span class="muted">{ format!("{} in the simulation", crate::plural::count(*simulated, "row")) }</span>
                <input type="number" min="0" data-testid="table-size-input" placeholder="production-sized" aria-label={format!("Rows of {table} in production")}
                    value={given.map(|n| n.to_string()).unwrap_or_default()} onchange={on_input} />
            </li>
        }
    };
    html! {
        <div class="table-sizes" data-testid="table-sizes" data-mode={sizes.mode()}>
            <label class="field"><span>{"Table sizes"}</span>
                <select data-testid="table-sizes-mode" onchange={on_mode}
                    title="How large the migration-safety rules take the tables that exist before the up files to be">
                    <option value="production" selected={sizes.mode() == "production"}>{"assume production-sized"}</option>
                    <option value="simulated" selected={sizes.mode() == "simulated"}>{"use the simulated rows"}</option>
                    <option value="per_table" selected={sizes.mode() == "per_table"}>{"rows per table"}</option>
                </select>
            </label>
            <span class="muted" data-testid="table-sizes-note">{ format!("Migration safety: {}.", sizes.describe()) }</span>
            if rows.is_some() {
                if tables.is_empty() {
                    <p class="muted">{"No table exists before the up files."}</p>
                } else {
                    <ul class="table-size-list">{ for tables.iter().map(row) }</ul>
                }
            }
        </div>
    }
}
