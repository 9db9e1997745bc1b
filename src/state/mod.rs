//! The app's state, the actions that change it and the one reducer (reduce.rs) that applies them.
//! Nothing here touches the browser: `cargo test -p tenant-planner-app` runs the reducer on the
//! host (tests.rs), with runs made by the native engine.

mod compare;
mod reduce;
mod tab;
#[cfg(test)]
mod tests;

pub use compare::{BaseRun, BaseView, Comparison};
pub(crate) use reduce::add_files;
pub use tab::Tab;

use crate::hooks::use_persistence::SavedSummary;
use crate::ptr::Ptr;
use tenant_planner_core::files::{Role, SqlFile};
use tenant_planner_core::lint::{Suppression, TableSizes};
use tenant_planner_core::profile::{detect_profile, Profile, ProfileChoice};
use tenant_planner_core::project::Project;
use tenant_planner_core::reopen::Reopened;
use tenant_planner_core::report::Report;
use tenant_planner_core::run::RunResult;
use tenant_planner_core::share::{Shared, View};
use tenant_planner_core::tenancy::Overrides;
use yew::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Level {
    Info,
    Warning,
    Error,
}

#[derive(Clone, PartialEq, Debug)]
pub struct Message {
    pub id: u64,
    pub level: Level,
    pub text: String,
}

/// A finished run: what it found and the project it ran (the tabs show that one, not the
/// project as edited since).
#[derive(Clone, PartialEq, Debug)]
pub struct Finished {
    pub result: Ptr<RunResult>,
    pub report: Ptr<Report>,
    /// The report as JSON, made once.
    pub json: Ptr<String>,
    pub project: Ptr<Project>,
    /// The project generation the run started from (older than the state's: stale).
    pub generation: u64,
    /// The report file this run was opened from (made elsewhere, e.g. by the command line on a
    /// PostgreSQL server, and shown as recorded); None for a run made here.
    pub opened_from: Option<String>,
}

#[derive(Clone, PartialEq, Debug)]
pub enum RunView {
    Idle,
    Running,
    Finished(Finished),
    /// The database could not even start.
    Failed(String),
}

#[derive(Clone, PartialEq, Debug)]
pub struct State {
    /// The latest finished run, kept on screen (dimmed) while the next one runs.
    pub previous: Option<Finished>,
    /// A new pointer on every change (see [`Ptr::make_mut`]).
    pub project: Ptr<Project>,
    /// The bundled example the project came from, while the user has not changed it.
    pub example: Option<String>,
    pub continue_on_error: bool,
    pub auto_run: bool,
    pub run: RunView,
    /// Bumped on every change to the project: results of an older generation are stale.
    pub generation: u64,
    pub messages: Vec<Message>,
    pub next_message: u64,
    pub tab: Tab,
    /// The project generation the latest run started from (auto-run runs when it differs).
    pub last_run_generation: Option<u64>,
    /// Runs finished since the page opened (tests wait on it).
    pub runs_finished: u64,
    /// The last share link made, shown for copying by hand.
    pub share_link: Option<String>,
    /// A statement to show in the timeline (file, line), e.g. from a change entry.
    pub focus: Option<(String, usize)>,
    /// The file whose text is shown.
    pub viewing: Option<String>,
    /// Which saved project this is (its key in IndexedDB); a new one on New, example or link.
    pub project_id: String,
    /// Saved projects, newest first (this one included).
    pub recent: Vec<SavedSummary>,
    /// The table selected in the ERD (travels in share links).
    pub selected_table: Option<String>,
    /// The Compare view: a base version of the project and what the change to this one did.
    pub compare: Comparison,
    /// Why auto-run waits for the user's Run: the project was opened (saved or shared) after a
    /// run of it was cancelled or timed out, which would start the same runaway statement again.
    pub held: Option<String>,
    /// Why the latest run stopped early (cancelled, timed out): kept with the saved project and
    /// in share links, so they open held. None after a run that was not stopped.
    pub last_stop: Option<String>,
    /// A statement running longer than this is stopped (its worker terminated) and the run
    /// reported as timed out at that statement.
    pub statement_timeout_s: u32,
    /// The address bar holds the project's link and follows it (the page was opened from a
    /// link, or the user copied one).
    pub link_live: bool,
    /// Why the address bar holds no link although it follows the project (too large).
    pub link_problem: Option<String>,
}

/// The statement timeout a browser starts with: far above what a migration statement takes on
/// PGlite (the slowest bundled example's slowest statement is well under a second), short enough
/// that a runaway statement does not hold the tab for long.
pub const DEFAULT_STATEMENT_TIMEOUT_S: u32 = 60;

/// What the runner writes in `abort_reason` when the statement timeout stopped a run: where,
/// and after how long. The run itself is recorded as cancelled (the worker was terminated).
pub fn timeout_reason(r: &RunResult, seconds: u32) -> String {
    match r.cancelled_at() {
        Some((file, s)) => {
            format!("stopped by the statement timeout ({seconds} s) at {file}:{}", s.line)
        }
        None => format!(
            "stopped by the statement timeout ({seconds} s) in a query of its own (a catalog snapshot or a leak probe)"
        ),
    }
}

/// Why a run stopped early, in a few words ("cancelled at 002_x.sql:14"; a timeout's words are
/// the host's, in `abort_reason`); None when it was not cancelled.
pub fn stop_reason(r: &RunResult) -> Option<String> {
    if r.outcome != tenant_planner_core::run::Outcome::Cancelled {
        return None;
    }
    if let Some(why) = &r.abort_reason {
        return Some(why.clone());
    }
    Some(match r.cancelled_at() {
        Some((file, s)) => format!("cancelled at {file}:{}", s.line),
        None => "cancelled before its first statement".into(),
    })
}

/// The profile a run of `project` uses, and why: the user's choice, else the one its files
/// point to.
pub fn profile_choice(project: &Project) -> ProfileChoice {
    match project.profile {
        Some(p) => ProfileChoice { profile: p, reason: "chosen by you".into() },
        None => detect_profile(&project.files),
    }
}

/// A fresh project id: the clock in base 36, unique enough for one person's browser.
pub fn new_project_id(salt: u64) -> String {
    #[cfg(target_arch = "wasm32")]
    let now = js_sys::Date::now() as u64;
    #[cfg(not(target_arch = "wasm32"))]
    let now = 0u64;
    format!("p{now:x}{salt:x}")
}

impl Default for State {
    fn default() -> Self {
        State {
            previous: None,
            project: Ptr::default(),
            example: None,
            continue_on_error: false,
            auto_run: true,
            run: RunView::Idle,
            generation: 0,
            messages: Vec::new(),
            next_message: 1,
            tab: Tab::Timeline,
            viewing: None,
            project_id: new_project_id(0),
            recent: Vec::new(),
            selected_table: None,
            focus: None,
            share_link: None,
            last_run_generation: None,
            runs_finished: 0,
            compare: Comparison::default(),
            held: None,
            last_stop: None,
            statement_timeout_s: DEFAULT_STATEMENT_TIMEOUT_S,
            link_live: false,
            link_problem: None,
        }
    }
}

impl State {
    pub fn profile_choice(&self) -> ProfileChoice {
        profile_choice(&self.project)
    }

    pub fn is_running(&self) -> bool {
        matches!(self.run, RunView::Running)
    }

    /// Auto-run is due: the files changed since the last run started, and nothing runs now.
    pub fn auto_run_due(&self) -> bool {
        self.auto_run
            && !self.is_running()
            && self.held.is_none()
            && !self.project.files.is_empty()
            && self.last_run_generation != Some(self.generation)
    }

    pub fn stale(&self) -> bool {
        matches!(&self.run, RunView::Finished(f) if f.generation != self.generation)
    }

    pub fn finished(&self) -> Option<&Finished> {
        match &self.run {
            RunView::Finished(f) => Some(f),
            _ => None,
        }
    }

    /// What a share link holds: the whole project and the view (tab, selected table).
    pub fn shared(&self) -> Shared {
        Shared {
            project: (*self.project).clone(),
            view: View {
                tab: Some(self.tab.as_str().into()),
                table: self.selected_table.clone(),
                stopped: self.last_stop.clone(),
            },
        }
    }
}

/// Every change to the state. Actions that change the project bump the generation (the last
/// run becomes stale; auto-run runs again), except those the database does not see (tenancy
/// corrections, suppressions, table sizes), which rebuild the report from the last run.
#[derive(Debug)]
pub enum Action {
    LoadExample(String),
    /// A saved project (`id` its saved id) or a shared one (`id` None: a new id).
    Restore {
        project: Project,
        example: Option<String>,
        id: Option<String>,
        /// Why its last run stopped early, as saved: it opens held.
        stopped: Option<String>,
    },
    /// A share link opened: its project, tab and selected table, and a message saying so; with
    /// the saved id this tab gave the same link before a reload (so a reload is no new project).
    OpenShared(Shared, Option<String>),
    /// The address bar could not take the project's link (why), or can again (None).
    SetLinkProblem(Option<String>),
    SetRecent(Vec<SavedSummary>),
    SelectTable(Option<String>),
    /// Files read from disk or pasted; `replace` starts a new project with them.
    AddFiles {
        files: Vec<SqlFile>,
        replace: bool,
    },
    RemoveFile(String),
    SetRole(String, Role),
    Move(String, i32),
    SetProfile(Option<Profile>),
    /// The project option "stand in unavailable extensions". Runs again.
    SetStandInExtensions(bool),
    /// Corrections to the tenant roots / user tables: reclassifies without running again.
    SetTenancy(Overrides),
    /// Silence a lint finding with a reason (replacing an earlier one on the same rule and
    /// object): the report is rebuilt without running again.
    Suppress(Suppression),
    /// Undo the suppression of `rule` on `object`.
    Unsuppress {
        rule: String,
        object: String,
    },
    /// How large the migration-safety rules take existing tables to be: the report is rebuilt
    /// from the last run (the database does not see it).
    SetTableSizes(TableSizes),
    /// A table every tenant may read (a directory), for the user's reason: its reads are not
    /// counted as leaks (the summary and the report say so). Runs again.
    MarkShared {
        table: String,
        reason: String,
    },
    /// Undo `MarkShared`: the table's reads count again. Runs again.
    UnmarkShared(String),
    SetContinueOnError(bool),
    SetAutoRun(bool),
    /// Seconds a statement may run before it is stopped (at least 1).
    SetStatementTimeout(u32),
    NewProject,
    RunStarted,
    /// A run ended (completed, stopped, cancelled or aborted: the result says which).
    RunFinished {
        result: Ptr<RunResult>,
        report: Ptr<Report>,
        json: Ptr<String>,
        project: Ptr<Project>,
        generation: u64,
    },
    /// The database could not start.
    RunFailed(String),
    /// A report file that records its run (`report.json` of the command line or a download):
    /// its project replaces this one and its run is shown as the finished run, not run again.
    OpenReport {
        file: String,
        opened: Box<Reopened>,
    },
    Say(Level, String),
    Dismiss(u64),
    /// Clear the notices list at once.
    DismissAll,
    SetTab(Tab),
    View(Option<String>),
    SetShareLink(Option<String>),
    /// Show this statement (file, line) in the timeline.
    JumpTo(String, usize),
    /// The Compare view's base: loading and running (`source` says where it came from).
    BaseStarted {
        source: String,
    },
    /// The base's run ended (completed or stopped: its report says which).
    BaseFinished(BaseRun),
    /// The base could not be loaded or its database could not start.
    BaseFailed {
        source: String,
        why: String,
    },
    /// Forget the base (the Compare view is empty again).
    ClearBase,
}

pub type StateHandle = UseReducerHandle<State>;
