//! *Mark shared…* in our own dialog: marking a table shared takes its probes out of the leak
//! count on the user's word, so it is never one silent click. The dialog names the table and the
//! leaks this run found there, and asks why every tenant may read it; the reason is kept with the
//! project, shown beside the leak count and written in the report.

use super::reason_dialog::ReasonDialog;
use crate::plural::count;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub table: String,
    /// The leaks this run found on the table: they will no longer be counted.
    pub leaks: usize,
    /// (table, reason)
    pub on_mark: Callback<(String, String)>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn SharedDialog(p: &Props) -> Html {
    let table = p.table.clone();
    let on_reason = p.on_mark.reform(move |why: String| (table.clone(), why));
    html! {
        <ReasonDialog title="Mark a table shared" id="shared" on_reason={on_reason} on_close={p.on_close.clone()}
            question="Why may every tenant read it? (kept with the project, shown beside the leak count and in the report)"
            empty="Give a reason: it is kept with the mark" confirm="Mark shared">
            <div class="suppress-finding" data-testid="shared-table" data-table={p.table.clone()}>
                <div><code>{ &p.table }</code></div>
                <p class="detail">{ format!(
                    "Every tenant may read it (a directory, a lookup): the probes still run there, but what they reach is not counted. {} found on it in this run will no longer count.",
                    count(p.leaks, "leak")) }</p>
            </div>
        </ReasonDialog>
    }
}
