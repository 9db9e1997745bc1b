//! The ERD's side panel: the selected table's class and tenant path, columns, constraints,
//! indexes, triggers, row count and policies.

use super::drawing::Drawing;
use crate::ptr::Ptr;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub drawing: Ptr<Drawing>,
    /// The selected table (`schema.name`); nothing shows when the drawing has no such table.
    pub table: AttrValue,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn ErdPanel(p: &Props) -> Html {
    let (s, tenancy, table) = (&p.drawing.snapshot, &p.drawing.tenancy, p.table.as_str());
    let Some(t) = s.table(table) else { return html! {} };
    let tt = tenancy.tables.get(table);
    let on = |schema: &str, name: &str| schema == t.schema && name == t.name;
    let close = p.on_close.reform(|_: MouseEvent| ());
    html! {
        <aside class="erd-panel" data-testid="erd-panel" data-table={table.to_string()}>
            <div class="fv-head"><strong><code>{ table }</code></strong><button class="icon right" aria-label="Close" onclick={close}>{"×"}</button></div>
            <p class="muted">
                if let Some(tt) = tt { <span class={classes!("badge", format!("tenancy-{}", tt.class.as_str()))}>{ tt.class.as_str() }</span> }
                { format!(" {} rows · RLS {}", t.row_count, if t.rls_forced { "forced" } else if t.rls_enabled { "on" } else { "off" }) }
            </p>
            if let Some(tt) = tt.filter(|tt| !tt.path.is_empty()) {
                <div class="panel-sec"><h4>{"Tenant path"}</h4>{ for tt.path.iter().map(|s| html!{ <div><code>{ s.describe() }</code></div> }) }</div>
            }
            <div class="panel-sec"><h4>{"Columns"}</h4>
                <table class="mini">{ for t.columns.iter().map(|c| html!{
                    <tr title={c.default.as_ref().map(|d| format!("default {d}")).unwrap_or_default()}>
                        <td><code>{ &c.name }</code></td><td>{ &c.type_ }</td><td class="muted nowrap">{ if c.not_null { "not null" } else { "" } }</td>
                    </tr> }) }</table>
            </div>
            <div class="panel-sec"><h4>{"Constraints"}</h4>{ for s.constraints.iter().filter(|c| on(&c.schema, &c.table)).map(|c| html!{ <div><b>{ &c.name }</b>{" "}<code>{ &c.definition }</code></div> }) }</div>
            <div class="panel-sec"><h4>{"Indexes"}</h4>{ for s.indexes.iter().filter(|i| on(&i.schema, &i.table)).map(|i| html!{ <div><code>{ &i.definition }</code></div> }) }</div>
            if s.triggers.iter().any(|x| on(&x.schema, &x.table)) {
                <div class="panel-sec"><h4>{"Triggers"}</h4>{ for s.triggers.iter().filter(|x| on(&x.schema, &x.table)).map(|x| html!{ <div><code>{ &x.definition }</code></div> }) }</div>
            }
            <div class="panel-sec"><h4>{ format!("Policies ({})", s.policies_on(t).count()) }</h4>
                { for s.policies_on(t).map(|p| html!{
                    <div class="policy">
                        <div><b>{ &p.name }</b><span class="muted">{ format!(" · {} · {} · to {}", p.command, if p.permissive { "permissive" } else { "restrictive" }, p.roles.join(", ")) }</span></div>
                        if let Some(u) = &p.using { <pre class="expr">{ format!("USING ({u})") }</pre> }
                        if let Some(w) = &p.with_check { <pre class="expr">{ format!("WITH CHECK ({w})") }</pre> }
                    </div>
                }) }
            </div>
        </aside>
    }
}
