//! The page's callbacks, made once (so props carrying them compare equal on every render):
//! most dispatch one action; loading files, sharing and the report download read the state,
//! through the handle of the latest render (see `use_stable_callback`).

use crate::bridge::{copy_text, download, PickedFile};
use crate::hooks::use_persistence::Saved;
use crate::hooks::use_stable_callback;
use crate::ingest::ingest;
use crate::state::{Action, Level, State, StateHandle, Tab};
use std::rc::Rc;
use tenant_planner_core::files::{Role, SqlFile};
use tenant_planner_core::lint::{Suppression, TableSizes};
use tenant_planner_core::profile::Profile;
use tenant_planner_core::share;
use tenant_planner_core::tenancy::Overrides;
use tenant_planner_core::{delta, report};
use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub struct Handlers {
    pub load_example: Callback<String>,
    pub set_profile: Callback<Option<Profile>>,
    pub set_continue_on_error: Callback<bool>,
    pub set_auto_run: Callback<bool>,
    pub set_statement_timeout: Callback<u32>,
    pub new_project: Callback<()>,
    pub download_report: Callback<()>,
    pub share: Callback<()>,
    pub close_share_link: Callback<()>,
    pub dismiss: Callback<u64>,
    pub dismiss_all: Callback<()>,
    /// Say an error.
    pub error: Callback<String>,
    /// Files picked or dropped, to load (replacing an untouched example).
    pub files: Callback<Vec<PickedFile>>,
    pub add_file: Callback<SqlFile>,
    pub set_role: Callback<(String, Role)>,
    pub move_file: Callback<(String, i32)>,
    pub remove_file: Callback<String>,
    pub view_file: Callback<String>,
    pub close_file: Callback<()>,
    pub open_saved: Callback<Saved>,
    pub set_tab: Callback<Tab>,
    pub jump_to: Callback<(String, usize)>,
    pub select_table: Callback<Option<String>>,
    pub set_tenancy: Callback<Overrides>,
    pub suppress: Callback<Suppression>,
    pub unsuppress: Callback<(String, String)>,
    pub set_table_sizes: Callback<TableSizes>,
    /// (table, reason)
    pub mark_shared: Callback<(String, String)>,
    pub unmark_shared: Callback<String>,
    pub set_stand_in: Callback<bool>,
}

/// A callback that dispatches the action `f` makes of its argument.
fn action<T: 'static>(
    d: &UseReducerDispatcher<State>,
    f: impl Fn(T) -> Action + 'static,
) -> Callback<T> {
    let d = d.clone();
    Callback::from(move |x| d.dispatch(f(x)))
}

impl Handlers {
    /// `files`, `share` and `download_report` read the state; the rest only dispatch.
    fn new(
        d: &UseReducerDispatcher<State>,
        files: Callback<Vec<PickedFile>>,
        share: Callback<()>,
        download_report: Callback<()>,
    ) -> Self {
        Handlers {
            load_example: action(d, Action::LoadExample),
            set_profile: action(d, Action::SetProfile),
            set_continue_on_error: action(d, Action::SetContinueOnError),
            set_auto_run: action(d, Action::SetAutoRun),
            set_statement_timeout: action(d, |s| {
                crate::hooks::use_persistence::save_statement_timeout(s);
                Action::SetStatementTimeout(s)
            }),
            new_project: action(d, |()| Action::NewProject),
            download_report,
            share,
            close_share_link: action(d, |()| Action::SetShareLink(None)),
            dismiss: action(d, Action::Dismiss),
            dismiss_all: action(d, |()| Action::DismissAll),
            error: action(d, |why| Action::Say(Level::Error, why)),
            files,
            add_file: action(d, |f| Action::AddFiles { files: vec![f], replace: false }),
            set_role: action(d, |(name, role)| Action::SetRole(name, role)),
            move_file: action(d, |(name, by)| Action::Move(name, by)),
            remove_file: action(d, Action::RemoveFile),
            view_file: action(d, |name| Action::View(Some(name))),
            close_file: action(d, |()| Action::View(None)),
            open_saved: action(d, |s: Saved| Action::Restore {
                project: s.project,
                example: s.example,
                id: Some(s.id),
                stopped: s.stopped,
            }),
            set_tab: action(d, Action::SetTab),
            jump_to: action(d, |(file, line)| Action::JumpTo(file, line)),
            select_table: action(d, Action::SelectTable),
            set_tenancy: action(d, Action::SetTenancy),
            suppress: action(d, Action::Suppress),
            unsuppress: action(d, |(rule, object)| Action::Unsuppress { rule, object }),
            set_table_sizes: action(d, Action::SetTableSizes),
            mark_shared: action(d, |(table, reason)| Action::MarkShared { table, reason }),
            unmark_shared: action(d, Action::UnmarkShared),
            set_stand_in: action(d, Action::SetStandInExtensions),
        }
    }
}

fn load_files(state: StateHandle) -> Callback<Vec<PickedFile>> {
    Callback::from(move |picked| {
        for a in ingest(picked, state.example.as_deref(), state.project.files.is_empty()) {
            state.dispatch(a);
        }
    })
}

/// The report JSON with the project and the run recorded in it (so the file opens again, here
/// or in another browser); with a comparison loaded, with its `delta` key too.
fn download_report(state: StateHandle) -> Callback<()> {
    Callback::from(move |()| {
        if let Some(f) = state.finished() {
            let full = f.report.with_run(&f.project, &f.result);
            let json = match &state.compare.delta {
                Some(d) => delta::report_json(&full, d),
                None => report::to_json(&full),
            };
            download("tenant-planner-report.json", &json, "application/json");
        }
    })
}

/// Copies a link that holds the whole project and the view, and shows it for copying by hand.
fn share_link(state: StateHandle) -> Callback<()> {
    Callback::from(move |()| match share::encode(&state.shared()) {
        Ok(fragment) => {
            let base = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
            let base = base.split('#').next().unwrap_or("").to_string();
            let link = format!("{base}#{fragment}");
            copy_text(&link);
            let sql: usize = state.project.files.iter().map(|f| f.text.len()).sum();
            state.dispatch(Action::SetShareLink(Some(link.clone())));
            state.dispatch(Action::Say(
                Level::Info,
                format!("Link copied: {:.1} KB for {:.1} KB of SQL. It holds the whole project; nothing is uploaded.", link.len() as f64 / 1024.0, sql as f64 / 1024.0),
            ));
        }
        Err(e) => state.dispatch(Action::Say(Level::Error, e.to_string())),
    })
}

#[hook]
pub fn use_handlers(state: &StateHandle) -> Rc<Handlers> {
    let files = use_stable_callback(load_files(state.clone()));
    let share = use_stable_callback(share_link(state.clone()));
    let download = use_stable_callback(download_report(state.clone()));
    let d = state.dispatcher();
    use_memo((), move |_| Handlers::new(&d, files, share, download))
}
