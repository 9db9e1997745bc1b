//! The host's side of a run: it hears progress, says when to stop, and lends its clock (the core
//! has no IO). The run, the leak probes and the pipeline report to it.

use serde::{Deserialize, Serialize};

/// Where the run is, for the progress bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub phase: String,
    pub file: Option<String>,
    /// 1-based statement number in the file and the file's statement count.
    pub statement: usize,
    pub of: usize,
    /// Statements done over all files, and the total.
    pub done: usize,
    pub total: usize,
}

pub trait Observer {
    fn progress(&mut self, p: &Progress);
    fn cancelled(&self) -> bool {
        false
    }
    /// A monotonic clock in milliseconds, when the host has one (the core has no IO).
    fn now_ms(&self) -> Option<f64> {
        None
    }
}

impl Observer for () {
    fn progress(&mut self, _: &Progress) {}
}
