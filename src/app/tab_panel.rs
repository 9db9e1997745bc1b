//! The body under the tabs: the chosen tab's view of the finished run, handed only what it
//! reads; while a run goes, the previous run's timeline, validation or tables (dimmed); the
//! Profile tab before any run; the Compare tab in every state (its base runs apart from the
//! head); otherwise what to do next.

use super::handlers::Handlers;
use crate::components::{
    advisor::Advisor, changes::Changes, compare::Compare, erd::Erd, export::Export, leaks::Leaks,
    matrix::Matrix, shim::Shim, tables::Tables, tenancy::Tenancy, timeline::Timeline,
    validation::Validation,
};
use crate::hooks::run_base::BaseRunner;
use crate::hooks::use_persistence::SavedSummary;
use crate::ptr::Ptr;
use crate::state::{Comparison, Finished, RunView, Tab};
use std::rc::Rc;
use tenant_planner_core::profile::ProfileChoice;
use tenant_planner_core::project::Project;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub tab: Tab,
    pub run: RunView,
    /// The latest finished run (shown dimmed while the next one runs).
    pub previous: Option<Finished>,
    /// The project as edited now: the settings the tabs change are its own (the results show
    /// the project the run ran).
    pub project: Ptr<Project>,
    pub choice: ProfileChoice,
    /// A statement to show in the timeline (file, line).
    pub focus: Option<(String, usize)>,
    pub selected_table: Option<String>,
    pub on: Rc<Handlers>,
    /// The Compare view: its base, the delta, the base's runner; saved projects to pick from.
    pub compare: Comparison,
    pub base_runner: BaseRunner,
    pub recent: Vec<SavedSummary>,
    pub project_id: AttrValue,
}

#[function_component]
pub fn TabPanel(p: &Props) -> Html {
    if p.tab == Tab::Compare {
        return compare(p);
    }
    match &p.run {
        RunView::Finished(f) => finished(p, f),
        _ if p.tab == Tab::Shim => html! {
            <Shim choice={p.choice.clone()} stand_in={p.project.stand_in_extensions} on_stand_in={p.on.set_stand_in.clone()} result={None::<Ptr<_>>} />
        },
        RunView::Failed(why) => {
            html! { <div class="error-box" role="alert" data-testid="run-error">{ why }</div> }
        }
        RunView::Running => match (&p.previous, p.tab) {
            (Some(f), Tab::Timeline) => {
                html! { <div class="previous" title="Results of the previous run"><Timeline result={f.result.clone()} project={f.project.clone()} /></div> }
            }
            (Some(f), Tab::Validation) => {
                html! { <div class="previous"><Validation result={f.result.clone()} /></div> }
            }
            (Some(f), Tab::Tables) => {
                html! { <div class="previous"><Tables report={f.report.clone()} /></div> }
            }
            _ => {
                html! { <p class="muted pad">{"Running… results appear when the run ends. Press Cancel (or Escape) to stop."}</p> }
            }
        },
        RunView::Idle if p.project.files.is_empty() => {
            html! { <p class="muted pad">{"Load a project to see what its migrations do."}</p> }
        }
        RunView::Idle => {
            html! { <p class="muted pad">{"Press Run (Ctrl+Enter) to run every statement on a fresh database."}</p> }
        }
    }
}

fn compare(p: &Props) -> Html {
    let head_state = match &p.run {
        RunView::Idle => "idle",
        RunView::Running => "running",
        RunView::Finished(_) => "done",
        RunView::Failed(_) => "error",
    };
    html! {
        <Compare base={p.compare.base.clone()} delta={p.compare.delta.clone()} {head_state} runner={p.base_runner.clone()}
            recent={p.recent.clone()} project_id={p.project_id.clone()} on_error={p.on.error.clone()} />
    }
}

fn finished(p: &Props, f: &Finished) -> Html {
    let (result, report, run_project, on) = (&f.result, &f.report, &f.project, &p.on);
    match p.tab {
        Tab::Timeline => {
            html! { <Timeline result={result.clone()} project={run_project.clone()} focus={p.focus.clone()} /> }
        }
        Tab::Validation => html! { <Validation result={result.clone()} /> },
        Tab::Changes => html! {
            <Changes report={report.clone()} project={run_project.clone()} profile={result.profile} on_jump={on.jump_to.clone()} on_add_file={on.add_file.clone()} />
        },
        Tab::Tables => html! { <Tables report={report.clone()} /> },
        Tab::Tenancy => {
            html! { <Tenancy report={report.clone()} overrides={p.project.tenancy.clone()} on_change={on.set_tenancy.clone()} /> }
        }
        Tab::Erd => html! {
            <Erd result={result.clone()} profile={result.profile} overrides={run_project.tenancy.clone()} selected={p.selected_table.clone()} on_select={on.select_table.clone()}
                compare_base={p.compare.base_run().map(|b| b.result.clone())} />
        },
        Tab::Policies => html! { <Matrix report={report.clone()} result={result.clone()} /> },
        Tab::Advisor => html! {
            <Advisor report={report.clone()} result={result.clone()} table_sizes={p.project.table_sizes.clone()} on_table_sizes={on.set_table_sizes.clone()}
                on_suppress={on.suppress.clone()} on_unsuppress={on.unsuppress.clone()} on_jump={on.jump_to.clone()} />
        },
        Tab::Leaks => {
            html! { <Leaks report={report.clone()} shared={p.project.shared_tables.clone()} reasons={p.project.shared_reasons.clone()}
            on_mark={on.mark_shared.clone()} on_unmark={on.unmark_shared.clone()} /> }
        }
        Tab::Export => {
            html! { <Export report={report.clone()} result={result.clone()} project={run_project.clone()} /> }
        }
        Tab::Shim => html! {
            <Shim choice={p.choice.clone()} stand_in={p.project.stand_in_extensions} on_stand_in={on.set_stand_in.clone()} result={Some(result.clone())} />
        },
        Tab::Compare => compare(p),
    }
}
