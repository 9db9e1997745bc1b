//! The reducer: each action applied to a copy of the state (the project is shared until an
//! action changes it, so the copy is cheap and a changed project is a new pointer).

use super::{Action, BaseView, Finished, Level, Message, RunView, State};
use crate::ptr::Ptr;
use std::rc::Rc;
use tenant_planner_core::conventions::{kind_of, prepare, FileKind};
use tenant_planner_core::files::SqlFile;
use tenant_planner_core::project::Project;
use tenant_planner_core::reopen::Reopened;
use tenant_planner_core::report;
use yew::prelude::*;

/// What an action changed, so the reducer knows what follows from it.
enum Changed {
    Nothing,
    /// What is shown (tab, messages, run state): the project is as it was.
    View,
    /// The project: a new generation, the last run is stale.
    Project,
    /// The project, in a way the database does not see: the report is rebuilt from the last run.
    Report,
}

/// Messages kept on screen at most.
const MESSAGES: usize = 6;

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match s.apply(action) {
            Changed::Nothing => return self,
            Changed::View => {}
            Changed::Project => s.generation += 1,
            Changed::Report => rebuild_report(&mut s),
        }
        let head = s.finished().cloned();
        s.compare.refresh(head.as_ref());
        Rc::new(s)
    }
}

impl State {
    fn apply(&mut self, action: Action) -> Changed {
        let s = self;
        match action {
            Action::LoadExample(name) => {
                let Some(p) = crate::examples::project(&name) else { return Changed::Nothing };
                s.project = Ptr::new(p);
                s.example = Some(name);
                s.hold(None);
                s.viewing = None;
                s.selected_table = None;
                s.project_id = super::new_project_id(s.generation);
            }
            Action::Restore { project, example, id, stopped } => {
                s.restore(project, example, id);
                s.hold(stopped);
            }
            Action::OpenShared(shared, id) => {
                let n = shared.project.files.len();
                s.restore(shared.project, None, id);
                s.link_live = true;
                if let Some(tab) = shared.view.tab.as_deref().and_then(super::Tab::parse) {
                    s.tab = tab;
                }
                if shared.view.table.is_some() {
                    s.selected_table = shared.view.table;
                }
                s.say(
                    Level::Info,
                    format!("Opened a shared project ({})", crate::plural::count(n, "file")),
                );
                s.hold(shared.view.stopped);
            }
            Action::AddFiles { files, replace } => {
                if replace {
                    let profile = s.project.profile;
                    s.project = Ptr::new(Project { profile, ..Default::default() });
                    s.project_id = super::new_project_id(s.generation);
                    s.selected_table = None;
                    s.hold(None);
                }
                add_files(s.project.make_mut(), files);
                s.example = None;
            }
            Action::RemoveFile(name) => {
                s.project.make_mut().remove(&name);
                s.example = None;
                if s.viewing.as_deref() == Some(name.as_str()) {
                    s.viewing = None;
                }
            }
            Action::SetRole(name, role) => {
                s.project.make_mut().set_role(&name, role);
                s.example = None;
            }
            Action::Move(name, delta) => {
                s.project.make_mut().move_file(&name, delta);
                s.example = None;
            }
            Action::SetProfile(p) => s.project.make_mut().profile = p,
            Action::SetStandInExtensions(v) => s.project.make_mut().stand_in_extensions = v,
            Action::MarkShared { table, reason } => {
                s.project.make_mut().mark_shared(&table, &reason);
            }
            Action::UnmarkShared(table) => s.project.make_mut().unmark_shared(&table),
            Action::NewProject => {
                s.hold(None);
                s.project = Ptr::default();
                s.project_id = super::new_project_id(s.generation);
                s.selected_table = None;
                s.example = None;
                s.run = RunView::Idle;
                s.previous = None;
                s.viewing = None;
            }
            Action::SetTenancy(o) => {
                s.project.make_mut().tenancy = o;
                return Changed::Report;
            }
            Action::Suppress(x) => {
                let list = &mut s.project.make_mut().suppressions;
                list.retain(|y| !(y.rule == x.rule && y.object == x.object));
                list.push(x);
                return Changed::Report;
            }
            Action::Unsuppress { rule, object } => {
                s.project
                    .make_mut()
                    .suppressions
                    .retain(|y| !(y.rule == rule && y.object == object));
                return Changed::Report;
            }
            Action::OpenReport { file, opened } => {
                s.open_report(file, *opened);
                return Changed::View;
            }
            Action::SetTableSizes(sizes) => {
                s.project.make_mut().table_sizes = sizes;
                return Changed::Report;
            }
            other => {
                s.apply_view(other);
                return Changed::View;
            }
        }
        Changed::Project
    }

    /// The actions that leave the project as it is.
    fn apply_view(&mut self, action: Action) {
        let s = self;
        match action {
            Action::SetContinueOnError(v) => s.continue_on_error = v,
            Action::SetAutoRun(v) => s.auto_run = v,
            Action::SetStatementTimeout(v) => s.statement_timeout_s = v.max(1),
            Action::RunStarted => {
                s.held = None;
                s.run = RunView::Running;
                s.last_run_generation = Some(s.generation);
            }
            Action::RunFinished { result, report, json, project, generation } => {
                s.runs_finished += 1;
                // A run that started before a report was opened would replace what the report
                // recorded with a run of the project it replaced.
                if matches!(&s.run, RunView::Finished(f) if f.opened_from.is_some() && f.generation > generation)
                {
                    return;
                }
                s.last_stop = super::stop_reason(&result);
                let f = Finished { result, report, json, project, generation, opened_from: None };
                s.previous = Some(f.clone());
                s.run = RunView::Finished(f);
            }
            Action::RunFailed(why) => {
                s.run = RunView::Failed(why);
                s.runs_finished += 1;
            }
            Action::Say(level, text) => s.say(level, text),
            Action::Dismiss(id) => s.messages.retain(|m| m.id != id),
            Action::DismissAll => s.messages.clear(),
            Action::SetTab(t) => s.tab = t,
            Action::View(f) => s.viewing = f,
            Action::SetShareLink(l) => {
                s.link_live |= l.is_some();
                s.share_link = l;
            }
            Action::SetLinkProblem(p) => s.link_problem = p,
            Action::SetRecent(r) => s.recent = r,
            Action::SelectTable(t) => s.selected_table = t,
            Action::JumpTo(file, line) => {
                s.focus = Some((file, line));
                s.tab = super::Tab::Timeline;
            }
            Action::BaseStarted { source } => s.compare.base = BaseView::Running { source },
            Action::BaseFinished(b) => s.compare.base = BaseView::Finished(b),
            Action::BaseFailed { source, why } => s.compare.base = BaseView::Failed { source, why },
            Action::ClearBase => s.compare.base = BaseView::None,
            other => unreachable!("{other:?} changes the project: State::apply handles it"),
        }
    }

    fn restore(&mut self, mut project: Project, example: Option<String>, id: Option<String>) {
        // Saved before dbmate files were split: split them now.
        project.files = prepare(std::mem::take(&mut project.files));
        self.project = Ptr::new(project);
        self.example = example;
        self.viewing = None;
        self.selected_table = None;
        self.project_id = id.unwrap_or_else(|| super::new_project_id(self.generation));
    }

    /// A report's project becomes this one, and its recorded run the finished run of it: a new
    /// generation that counts as run, so auto-run does not replace the recorded run (made on
    /// another engine, perhaps a PostgreSQL server) with one made here. The project is taken as
    /// recorded (not prepared again), so the run's file indexes stay its own.
    fn open_report(&mut self, file: String, opened: Reopened) {
        let Reopened { report: recorded, project, result } = opened;
        let project = Ptr::new(project);
        self.project = project.clone();
        self.example = None;
        self.viewing = None;
        self.selected_table = None;
        self.focus = None;
        self.project_id = super::new_project_id(self.generation);
        self.hold(None);
        self.generation += 1;
        let f = Finished {
            json: Ptr::new(report::to_json(&recorded)),
            result: Ptr::new(result),
            report: Ptr::new(recorded),
            project,
            generation: self.generation,
            opened_from: Some(file.clone()),
        };
        self.previous = Some(f.clone());
        self.run = RunView::Finished(f);
        self.last_run_generation = Some(self.generation);
        self.runs_finished += 1;
        self.say(
            Level::Info,
            format!("Opened {file}: its recorded run is shown (the banner says where it ran); nothing ran here"),
        );
    }

    /// A project opened after a run of it stopped early waits for the user's Run (another
    /// project opened replaces the hold).
    fn hold(&mut self, stopped: Option<String>) {
        self.held = stopped.as_ref().map(|why| {
            format!("Not run on opening: its last run was {why}. Running it again may start the same long statement; press Run when ready.")
        });
        self.last_stop = stopped;
    }

    fn say(&mut self, level: Level, text: String) {
        self.messages.push(Message { id: self.next_message, level, text });
        self.next_message += 1;
        let excess = self.messages.len().saturating_sub(MESSAGES);
        self.messages.drain(..excess);
    }
}

/// Files read or pasted into the project: `sqitch.plan` kept for the order, dbmate files split
/// into their up and down parts (a file loaded again without a down section loses its old one).
pub(crate) fn add_files(project: &mut Project, files: Vec<SqlFile>) {
    let (plans, sql): (Vec<SqlFile>, Vec<SqlFile>) =
        files.into_iter().partition(|f| kind_of(&f.name) == FileKind::Plan);
    for p in plans {
        project.upsert_plan(p);
    }
    let sql = prepare(sql);
    for f in &sql {
        let down = format!("{}#down", f.name);
        if !f.name.ends_with("#down")
            && project.files.iter().any(|g| g.name == down)
            && !sql.iter().any(|g| g.name == down)
        {
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
    let Some(f) = s.finished().filter(|f| f.generation + 1 == s.generation) else { return };
    let result = f.result.clone();
    let r = report::build_timed(&s.project, &result, &f.report.engine.name, &now_ms);
    let json = Ptr::new(report::to_json(&r));
    let f = Finished {
        result,
        report: Ptr::new(r),
        json,
        project: s.project.clone(),
        generation: s.generation,
        opened_from: f.opened_from.clone(),
    };
    s.previous = Some(f.clone());
    s.run = RunView::Finished(f);
    s.last_run_generation = Some(s.generation);
}

/// The clock the report's timings read: the page's `performance.now()`, or the system clock
/// where the reducer runs on the host (tests).
fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return crate::bridge::now_ms();
    #[cfg(not(target_arch = "wasm32"))]
    return std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
}
