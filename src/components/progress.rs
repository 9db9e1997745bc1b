//! The progress bar while a run goes: phase, file, statement n of N.

use tenant_planner_core::run::Progress;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub progress: Option<Progress>,
    /// `data-testid` of the bar (the Compare view's base run has its own).
    #[prop_or(AttrValue::Static("progress"))]
    pub testid: AttrValue,
}

#[function_component]
pub fn ProgressBar(p: &Props) -> Html {
    let (label, pct) = match &p.progress {
        None => ("Starting a fresh PGlite database…".to_string(), 0.0),
        Some(pr) => {
            let pct = if pr.total == 0 { 0.0 } else { pr.done as f64 * 100.0 / pr.total as f64 };
            let label = match &pr.file {
                Some(f) => format!(
                    "{} · {f} · statement {} of {} · {} / {} overall",
                    pr.phase, pr.statement, pr.of, pr.done, pr.total
                ),
                None => format!("{}…", pr.phase),
            };
            (label, pct)
        }
    };
    html! {
        <div class="progress" data-testid={p.testid.clone()} role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow={format!("{pct:.0}")}>
            <div class="bar"><div class="fill" style={format!("width: {pct:.1}%")} /></div>
            <div class="progress-label" data-testid={format!("{}-label", p.testid)}>{ label }</div>
        </div>
    }
}
