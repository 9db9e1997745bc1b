//! The Compare view's state: the base version of the project (another project, run on the same
//! engine with the head's profile) and what the change from it to the head did (the core's
//! [`delta::compare`]), worked out again whenever either side's report is a new one.

use super::Finished;
use crate::ptr::Ptr;
use tenant_planner_core::delta::{self, Delta};
use tenant_planner_core::project::Project;
use tenant_planner_core::report::Report;
use tenant_planner_core::run::RunResult;

/// A finished run of the base version.
#[derive(Clone, PartialEq, Debug)]
pub struct BaseRun {
    /// Where the base came from, in the user's words ("3 files", "a share link", "saved project
    /// x").
    pub source: String,
    pub project: Ptr<Project>,
    pub result: Ptr<RunResult>,
    pub report: Ptr<Report>,
}

#[derive(Clone, PartialEq, Debug, Default)]
pub enum BaseView {
    /// No base chosen.
    #[default]
    None,
    Running {
        source: String,
    },
    /// The base could not be loaded (no SQL file, a bad link) or its database could not start.
    Failed {
        source: String,
        why: String,
    },
    Finished(BaseRun),
}

/// The comparison: the base, and the delta of base → the head's finished run.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Comparison {
    pub base: BaseView,
    /// Base → head, when both have a finished run.
    pub delta: Option<Ptr<Delta>>,
    /// The head's report JSON with the delta under its `delta` key (what the page downloads).
    pub json: Option<Ptr<String>>,
    /// The two reports the delta was made of (compared by pointer: made again only when one is
    /// new).
    made_of: Option<(Ptr<Report>, Ptr<Report>)>,
}

impl Comparison {
    pub fn base_run(&self) -> Option<&BaseRun> {
        match &self.base {
            BaseView::Finished(b) => Some(b),
            _ => None,
        }
    }

    /// Make the delta again if the base's or the head's report is not the one it was made of;
    /// none without both.
    pub fn refresh(&mut self, head: Option<&Finished>) {
        let inputs = self.base_run().zip(head).map(|(b, h)| (b.report.clone(), h.report.clone()));
        if inputs == self.made_of {
            return;
        }
        match &inputs {
            Some((base, head)) => {
                let d = delta::compare(base, head);
                self.json = Some(Ptr::new(delta::report_json(head, &d)));
                self.delta = Some(Ptr::new(d));
            }
            None => {
                self.delta = None;
                self.json = None;
            }
        }
        self.made_of = inputs;
    }
}
