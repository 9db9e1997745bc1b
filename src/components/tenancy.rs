//! The tenant model: roots and user tables with their evidence (editable), suspects, and every
//! table's class with the foreign-key path that gives it.

use crate::ptr::Ptr;
use tenant_planner_core::report::Report;
use tenant_planner_core::tenancy::Overrides;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Ptr<Report>,
    /// The project's corrections now (the report may be of an older run).
    pub overrides: Overrides,
    pub on_change: Callback<Overrides>,
}

#[function_component]
pub fn Tenancy(p: &Props) -> Html {
    let r = &p.report;
    let Some(cat) = r.catalog.after_up.as_ref().or(r.catalog.at_stop.as_ref()) else {
        return html! { <p class="muted pad">{"The run ended before the database could be read."}</p> };
    };
    let o = p.overrides.clone();
    let set = p.on_change.clone();
    let toggle = |list: fn(&mut Overrides) -> &mut Vec<String>,
                  undo: fn(&mut Overrides) -> &mut Vec<String>,
                  table: String| {
        let (o, set) = (o.clone(), set.clone());
        Callback::from(move |_: MouseEvent| {
            let mut o = o.clone();
            if let Some(i) = undo(&mut o).iter().position(|t| *t == table) {
                undo(&mut o).remove(i);
            } else {
                list(&mut o).push(table.clone());
            }
            set.emit(o);
        })
    };
    let add_select = |placeholder: &'static str,
                      testid: &'static str,
                      list: fn(&mut Overrides) -> &mut Vec<String>,
                      undo: fn(&mut Overrides) -> &mut Vec<String>,
                      exclude: Vec<String>| {
        let (o, set) = (o.clone(), set.clone());
        let onchange = Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            let v = sel.value();
            if v.is_empty() {
                return;
            }
            let mut o = o.clone();
            undo(&mut o).retain(|t| *t != v);
            if !list(&mut o).contains(&v) {
                list(&mut o).push(v);
            }
            sel.set_value("");
            set.emit(o);
        });
        html! {
            <select class="small" data-testid={testid} {onchange} aria-label={placeholder}>
                <option value="" selected=true>{ placeholder }</option>
                { for cat.tables.keys().filter(|t| !exclude.contains(t)).map(|t| html!{ <option value={t.clone()}>{ t }</option> }) }
            </select>
        }
    };
    html! {
        <section class="tenancy" data-testid="tenancy">
            <div class="two-col">
                <div>
                    <h3>{"Tenant roots"}</h3>
                    if r.tenancy.roots.is_empty() { <p class="muted">{"No tenant root found. Add one if the schema has a tenant table."}</p> }
                    <ul class="evidence">
                        { for r.tenancy.roots.iter().map(|e| html! {
                            <li data-testid="root" data-table={e.table.clone()}>
                                if tenant_planner_core::tenancy::is_key_root(&e.table) {
                                    <span class="badge tenancy-root" data-testid="key-root" title="A tenant root that is a key without a table: tenancy without foreign keys">{"key root"}</span>
                                } else {
                                    <span class="badge tenancy-root">{"root"}</span>
                                }
                                <code>{ &e.table }</code>
                                <button class="icon" title="Not a tenant root" aria-label={format!("Remove root {}", e.table)}
                                    onclick={toggle(|o| &mut o.remove_roots, |o| &mut o.add_roots, e.table.clone())}>{"×"}</button>
                                <div class="muted why">{ &e.reason }</div>
                            </li>
                        }) }
                    </ul>
                    { add_select("+ add a root…", "add-root", |o| &mut o.add_roots, |o| &mut o.remove_roots, r.tenant_roots.clone()) }
                </div>
                <div>
                    <h3>{"User-identity tables"}</h3>
                    <ul class="evidence">
                        { for r.tenancy.user_tables.iter().map(|e| html! {
                            <li data-testid="user-table" data-table={e.table.clone()}>
                                <span class="badge tenancy-user-owned">{"user"}</span><code>{ &e.table }</code>
                                <button class="icon" title="Not a user table" aria-label={format!("Remove user table {}", e.table)}
                                    onclick={toggle(|o| &mut o.remove_user_tables, |o| &mut o.add_user_tables, e.table.clone())}>{"×"}</button>
                                <div class="muted why">{ &e.reason }</div>
                            </li>
                        }) }
                    </ul>
                    { add_select("+ add a user table…", "add-user-table", |o| &mut o.add_user_tables, |o| &mut o.remove_user_tables, r.user_identity_tables.clone()) }
                </div>
            </div>
            if !o.is_empty() {
                <p class="muted">{"Your corrections are kept with the project. "}
                    <button class="linklike" onclick={{ let set = set.clone(); Callback::from(move |_| set.emit(Overrides::default())) }}>{"Reset to detected"}</button></p>
            }
            if !r.tenancy.suspects.is_empty() {
                <h3>{"Suspects"}</h3>
                <ul class="suspects" data-testid="suspects">
                    { for r.tenancy.suspects.iter().map(|s| html! { <li data-kind={s.kind.clone()}><span class="badge warn">{ s.kind.replace('_', " ") }</span>{ " " }{ &s.detail }</li> }) }
                </ul>
            }
            <h3>{"Tables"}</h3>
            <table class="grid">
                <thead><tr><th>{"Table"}</th><th>{"Class"}</th><th>{"Why (foreign keys to the root)"}</th></tr></thead>
                <tbody>
                    { for cat.tables.iter().map(|(name, t)| html! {
                        <tr data-testid="tenancy-row" data-table={name.clone()} data-class={t.tenancy.clone()}>
                            <td><code>{ name }</code></td>
                            <td><span class={classes!("badge", format!("tenancy-{}", t.tenancy))}>{ &t.tenancy }</span></td>
                            <td class="path">{ if t.tenancy_path.is_empty() { html!{ <span class="muted">{ if t.tenancy == "root" { "a tenant root" } else if t.tenancy == "global" { "reaches no root and no user" } else { "a user-identity table" } }</span> } } else { html!{ <>{ for t.tenancy_path.iter().map(|s| html!{ <div><code>{ s }</code></div> }) }</> } } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
