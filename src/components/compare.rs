//! Compare: the project loaded now is the HEAD (the version after a change); the user picks the
//! BASE (before it) — files or a folder, a share link, or a project saved in this browser — which
//! runs on a database of its own with the head's profile (hooks/run_base.rs). Then what the
//! change did, from the core's delta: the verdict line, the engine/profile warning, tables,
//! policy cells, lint findings and leaks new and fixed, the rollback before and after.

mod cells;
mod findings;
mod outcome;
mod picker;
mod tables;

use crate::components::progress::ProgressBar;
use crate::hooks::run_base::BaseRunner;
use crate::hooks::use_persistence::SavedSummary;
use crate::plural::count;
use crate::ptr::Ptr;
use crate::state::{BaseRun, BaseView};
use tenant_planner_core::delta::Delta;
use tenant_planner_core::run::Outcome;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub base: BaseView,
    /// Base → head, when both runs have finished.
    pub delta: Option<Ptr<Delta>>,
    /// What the head's run is doing: "done", "running", "idle" or "error" (as the page's
    /// `data-run-state`).
    pub head_state: AttrValue,
    pub runner: BaseRunner,
    /// Saved projects (offered as the base) and the id of the one open now (not offered).
    pub recent: Vec<SavedSummary>,
    pub project_id: AttrValue,
    pub on_error: Callback<String>,
}

fn state_of(base: &BaseView) -> &'static str {
    match base {
        BaseView::None => "empty",
        BaseView::Running { .. } => "running",
        BaseView::Failed { .. } => "failed",
        BaseView::Finished(_) => "done",
    }
}

#[function_component]
pub fn Compare(p: &Props) -> Html {
    let r = &p.runner;
    let status = match &p.base {
        BaseView::None => html! {},
        BaseView::Running { source } => html! {
            <div class="compare-running" data-testid="compare-running">
                <p>{ format!("Running the base ({source}) on a fresh database…") }</p>
                <ProgressBar progress={r.progress.clone()} testid="compare-progress" />
                <button class="btn small" data-testid="compare-cancel" onclick={r.cancel.reform(|_| ())}>{"Cancel"}</button>
            </div>
        },
        BaseView::Failed { source, why } => html! {
            <div class="compare-error" role="alert" data-testid="compare-error">
                <strong>{ format!("The base ({source}) could not be compared. ") }</strong>{ why }
            </div>
        },
        BaseView::Finished(b) => base_line(b, &r.clear),
    };
    let body = match (&p.base, &p.delta) {
        (BaseView::Finished(_), Some(d)) => delta_view(d),
        (BaseView::Finished(_), None) => html! {
            <p class="muted" data-testid="compare-waiting">{ match p.head_state.as_str() {
                "running" => "The head is running: the comparison appears when its run ends.",
                "error" => "The head's database could not start: there is nothing to compare it with.",
                _ => "Run the head (Ctrl+Enter) to compare it with the base.",
            } }</p>
        },
        _ => html! {},
    };
    html! {
        <section class="compare" data-testid="compare" data-state={state_of(&p.base)}>
            <p class="compare-intro muted">
                {"The project loaded now is the "}<strong>{"head"}</strong>{" (after the change). Pick the "}
                <strong>{"base"}</strong>{" (before it): it runs on its own fresh database, with the head's profile, and the page shows what the change did."}
            </p>
            <picker::BasePicker runner={r.clone()} recent={p.recent.clone()} project_id={p.project_id.clone()} on_error={p.on_error.clone()}
                running={matches!(p.base, BaseView::Running { .. })} />
            { status }
            { body }
        </section>
    }
}

/// The base that ran: where it came from, its files, how its run ended.
fn base_line(b: &BaseRun, clear: &Callback<()>) -> Html {
    let r = &b.report;
    let outcome = match r.outcome {
        Outcome::Completed => "completed",
        Outcome::Stopped => "stopped at a failing statement",
        Outcome::Cancelled => "cancelled",
        Outcome::Aborted => "aborted",
    };
    let stopped = match r.outcome {
        Outcome::Completed => None,
        _ => Some(format!(
            "The base's run did not complete ({outcome}{}): the comparison is with what it reached.",
            r.abort_reason.as_deref().map(|w| format!(": {w}")).unwrap_or_default()
        )),
    };
    html! {
        <div class="compare-base" data-testid="compare-base" data-outcome={outcome}>
            <span>{"Base: "}<strong data-testid="compare-base-source">{ b.source.clone() }</strong>
                <span class="muted">{ format!(" · {} · {}, {} failed", count(b.project.files.len(), "file"), count(r.statements.total, "statement"), r.statements.failed) }</span></span>
            <button class="btn small" data-testid="compare-clear" onclick={clear.reform(|_| ())}>{"Clear"}</button>
            if let Some(s) = stopped { <p class="compare-warning" data-testid="compare-base-stopped">{ s }</p> }
        </div>
    }
}

fn delta_view(d: &Ptr<Delta>) -> Html {
    html! {
        <div class="delta" data-testid="delta">
            <outcome::Headline delta={d.clone()} />
            <tables::DeltaTables delta={d.clone()} />
            <cells::DeltaCells delta={d.clone()} />
            <findings::DeltaLeaks delta={d.clone()} />
            <findings::DeltaErrors delta={d.clone()} />
            <findings::DeltaLints delta={d.clone()} />
            <outcome::DeltaRollback delta={d.clone()} />
        </div>
    }
}
