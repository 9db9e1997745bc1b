//! The app's state and the one reducer that changes it.

use std::rc::Rc;
use tenant_planner_core::files::{Role, SqlFile};
use tenant_planner_core::project::Project;
use tenant_planner_core::profile::{detect_profile, Profile, ProfileChoice};
use tenant_planner_core::report::Report;
use tenant_planner_core::tenancy::Overrides;
use tenant_planner_core::run::RunResult;
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

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tab {
    Timeline,
    Changes,
    Validation,
    Tenancy,
    Erd,
    Policies,
    Advisor,
    Leaks,
    Tables,
    Export,
    Shim,
}

#[derive(Clone, PartialEq)]
pub enum RunView {
    Idle,
    Running,
    Finished { result: Rc<RunResult>, report: Rc<Report>, json: Rc<String>, project: Rc<Project>, generation: u64 },
    /// The database could not even start.
    Failed(String),
}

/// The results of the latest finished run, kept on screen (dimmed) while the next one runs.
#[derive(Clone, PartialEq)]
pub struct Shown {
    pub result: Rc<RunResult>,
    pub report: Rc<Report>,
    pub project: Rc<Project>,
}

#[derive(Clone, PartialEq)]
pub struct State {
    pub previous: Option<Shown>,
    pub project: Project,
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
    pub recent: Vec<crate::hooks::use_persistence::SavedSummary>,
    /// The table selected in the ERD (travels in share links).
    pub selected_table: Option<String>,
}

/// A fresh project id: the clock in base 36, unique enough for one person's browser.
pub fn new_project_id(salt: u64) -> String {
    #[cfg(target_arch = "wasm32")]
    let now = js_sys::Date::now() as u64;
    #[cfg(not(target_arch = "wasm32"))]
    let now = 0u64;
    format!("p{now:x}{salt:x}")
}

impl Tab {
    pub const ALL: [Tab; 11] = [Tab::Timeline, Tab::Changes, Tab::Validation, Tab::Tenancy, Tab::Erd, Tab::Policies, Tab::Advisor, Tab::Leaks, Tab::Tables, Tab::Export, Tab::Shim];

    /// The name used in share links.
    pub fn as_str(self) -> &'static str {
        match self {
            Tab::Timeline => "timeline",
            Tab::Changes => "changes",
            Tab::Validation => "validation",
            Tab::Tenancy => "tenancy",
            Tab::Erd => "erd",
            Tab::Policies => "policies",
            Tab::Advisor => "advisor",
            Tab::Leaks => "leaks",
            Tab::Tables => "tables",
            Tab::Export => "export",
            Tab::Shim => "profile",
        }
    }

    pub fn parse(s: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl Default for State {
    fn default() -> Self {
        State {
            previous: None,
            project: Project::default(),
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
        }
    }
}

impl State {
    pub fn profile_choice(&self) -> ProfileChoice {
        match self.project.profile {
            Some(p) => ProfileChoice { profile: p, reason: "chosen by you".into() },
            None => detect_profile(&self.project.files),
        }
    }

    pub fn is_running(&self) -> bool {
        matches!(self.run, RunView::Running)
    }

    /// Auto-run is due: the files changed since the last run started, and nothing runs now.
    pub fn auto_run_due(&self) -> bool {
        self.auto_run && !self.is_running() && !self.project.files.is_empty() && self.last_run_generation != Some(self.generation)
    }

    pub fn stale(&self) -> bool {
        matches!(&self.run, RunView::Finished { generation, .. } if *generation != self.generation)
    }
}

pub enum Action {
    LoadExample(String),
    /// A project saved by an earlier visit.
    /// A saved or shared project: `id` is its saved id, or None for a new one (a link).
    Restore { project: Project, example: Option<String>, id: Option<String> },
    SetRecent(Vec<crate::hooks::use_persistence::SavedSummary>),
    SelectTable(Option<String>),
    /// Files read from disk or pasted; `replace` starts a new project with them.
    AddFiles { files: Vec<SqlFile>, replace: bool },
    RemoveFile(String),
    SetRole(String, Role),
    Move(String, i32),
    SetProfile(Option<Profile>),
    /// The project option "stand in unavailable extensions". Runs again.
    SetStandInExtensions(bool),
    /// Corrections to the tenant roots / user tables: reclassifies without running again.
    SetTenancy(Overrides),
    /// Silenced lint findings (with reasons): the report is rebuilt without running again.
    SetSuppressions(Vec<tenant_planner_core::lint::Suppression>),
    /// How large the migration-safety rules take existing tables to be: the report is rebuilt
    /// from the last run (the database does not see it).
    SetTableSizes(tenant_planner_core::lint::TableSizes),
    /// Tables every tenant may read (directories): their reads are not leaks. Runs again.
    SetShared(Vec<String>),
    SetContinueOnError(bool),
    SetAutoRun(bool),
    NewProject,
    RunStarted,
    RunFinished { result: Rc<RunResult>, report: Rc<Report>, json: Rc<String>, project: Rc<Project>, generation: u64 },
    RunFailed(String),
    Say(Level, String),
    Dismiss(u64),
    SetTab(Tab),
    View(Option<String>),
    SetShareLink(Option<String>),
    /// Show this statement (file, line) in the timeline.
    JumpTo(String, usize),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let mut changed_project = true;
        match action {
            Action::LoadExample(name) => match crate::examples::project(&name) {
                Some(p) => {
                    s.project = p;
                    s.example = Some(name);
                    s.viewing = None;
                    s.selected_table = None;
                    s.project_id = new_project_id(s.generation);
                }
                None => return self,
            },
            Action::Restore { project, example, id } => {
                s.project = project;
                // Saved before dbmate files were split: split them now.
                s.project.files = tenant_planner_core::conventions::prepare(std::mem::take(&mut s.project.files));
                s.example = example;
                s.viewing = None;
                s.selected_table = None;
                s.project_id = id.unwrap_or_else(|| new_project_id(s.generation));
            }
            Action::AddFiles { files, replace } => {
                if replace {
                    let profile = s.project.profile;
                    s.project = Project { profile, ..Default::default() };
                    s.project_id = new_project_id(s.generation);
                    s.selected_table = None;
                }
                add_files(&mut s.project, files);
                s.example = None;
            }
            Action::RemoveFile(name) => {
                s.project.remove(&name);
                s.example = None;
                if s.viewing.as_deref() == Some(name.as_str()) {
                    s.viewing = None;
                }
            }
            Action::SetRole(name, role) => {
                s.project.set_role(&name, role);
                s.example = None;
            }
            Action::Move(name, delta) => {
                s.project.move_file(&name, delta);
                s.example = None;
            }
            Action::SetProfile(p) => s.project.profile = p,
            Action::SetStandInExtensions(v) => s.project.stand_in_extensions = v,
            Action::SetTenancy(o) => {
                s.project.tenancy = o;
                rebuild_report(&mut s);
                return Rc::new(s);
            }
            Action::SetSuppressions(list) => {
                s.project.suppressions = list;
                rebuild_report(&mut s);
                return Rc::new(s);
            }
            Action::SetTableSizes(sizes) => {
                s.project.table_sizes = sizes;
                rebuild_report(&mut s);
                return Rc::new(s);
            }
            Action::SetShared(list) => s.project.shared_tables = list,
            Action::NewProject => {
                s.project = Project::default();
                s.project_id = new_project_id(s.generation);
                s.selected_table = None;
                s.example = None;
                s.run = RunView::Idle;
                s.previous = None;
                s.viewing = None;
            }
            other => {
                changed_project = false;
                match other {
                    Action::SetContinueOnError(v) => s.continue_on_error = v,
                    Action::SetAutoRun(v) => s.auto_run = v,
                    Action::RunStarted => {
                        s.run = RunView::Running;
                        s.last_run_generation = Some(s.generation);
                    }
                    Action::RunFinished { result, report, json, project, generation } => {
                        s.previous = Some(Shown { result: result.clone(), report: report.clone(), project: project.clone() });
                        s.run = RunView::Finished { result, report, json, project, generation };
                        s.runs_finished += 1;
                    }
                    Action::RunFailed(why) => {
                        s.run = RunView::Failed(why);
                        s.runs_finished += 1;
                    }
                    Action::Say(level, text) => {
                        s.messages.push(Message { id: s.next_message, level, text });
                        s.next_message += 1;
                        let excess = s.messages.len().saturating_sub(6);
                        s.messages.drain(..excess);
                    }
                    Action::Dismiss(id) => s.messages.retain(|m| m.id != id),
                    Action::SetTab(t) => s.tab = t,
                    Action::View(f) => s.viewing = f,
                    Action::SetShareLink(l) => s.share_link = l,
                    Action::SetRecent(r) => s.recent = r,
                    Action::SelectTable(t) => s.selected_table = t,
                    Action::JumpTo(file, line) => {
                        s.focus = Some((file, line));
                        s.tab = Tab::Timeline;
                    }
                    _ => unreachable!(),
                }
            }
        }
        if changed_project {
            s.generation += 1;
        }
        Rc::new(s)
    }
}

/// Files read or pasted into the project: `sqitch.plan` kept for the order, dbmate files split
/// into their up and down parts (a file loaded again without a down section loses its old one).
fn add_files(project: &mut Project, files: Vec<SqlFile>) {
    use tenant_planner_core::conventions::{kind_of, prepare, FileKind};
    let (plans, sql): (Vec<SqlFile>, Vec<SqlFile>) = files.into_iter().partition(|f| kind_of(&f.name) == FileKind::Plan);
    for p in plans {
        project.upsert_plan(p);
    }
    let sql = prepare(sql);
    for f in &sql {
        let down = format!("{}#down", f.name);
        if !f.name.ends_with("#down") && project.files.iter().any(|g| g.name == down) && !sql.iter().any(|g| g.name == down) {
            project.remove(&down);
        }
    }
    for f in sql {
        project.upsert(f);
    }
}

/// After a change that the database does not see (tenancy overrides, suppressions, table sizes): a new
/// generation whose report is rebuilt from the last run, so it stays current without a re-run.
fn rebuild_report(s: &mut State) {
    s.generation += 1;
    if let RunView::Finished { result, report, generation, .. } = &s.run {
        if *generation + 1 == s.generation {
            let result = result.clone();
            let r = Rc::new(tenant_planner_core::report::build_timed(&s.project, &result, &report.engine.name, &crate::bridge::now_ms));
            let project = Rc::new(s.project.clone());
            let json = Rc::new(tenant_planner_core::report::to_json(&r));
            s.run = RunView::Finished { result: result.clone(), report: r.clone(), json, project: project.clone(), generation: s.generation };
            s.previous = Some(Shown { result, report: r, project });
            s.last_run_generation = Some(s.generation);
        }
    }
}

pub type StateHandle = UseReducerHandle<State>;
