//! Test support: a lint [`Context`] from a hand-made catalog (see `catalog::fixture`), with no
//! run behind it (migration rules get their statements from [`Harness::with_run`]).

use super::*;
use crate::run_result::{Outcome, RunResult, Snapshots};
use crate::split::Statement;
use crate::tenancy::{classify, Overrides};

pub struct Harness {
    pub catalog: Snapshot,
    pub base: Snapshot,
    pub tenancy: Tenancy,
    pub profile: Profile,
    pub statements: Vec<Vec<Statement>>,
    pub table_sizes: TableSizes,
    pub run: RunResult,
}

impl Harness {
    /// Everything in `catalog` counts as the user's (no base), classified under `profile`.
    pub fn new(catalog: Snapshot, profile: Profile) -> Harness {
        Harness::with_base(catalog, Snapshot::default(), profile)
    }

    /// `base` holds what the profile's shim made (auth.users, roles …): left out of `user`.
    pub fn with_base(catalog: Snapshot, base: Snapshot, profile: Profile) -> Harness {
        let tenancy = classify(&catalog, profile, &Overrides::default());
        let run = RunResult {
            profile,
            outcome: Outcome::Completed,
            abort_reason: None,
            shim_statements: 0,
            files: Vec::new(),
            validation: Default::default(),
            snapshots: Snapshots {
                base: Some(base.clone()),
                after_up: Some(catalog.clone()),
                ..Default::default()
            },
            total_ms: 0.0,
            snapshot_ms: 0.0,
            isolation: None,
            platform: Default::default(),
        };
        Harness {
            catalog,
            base,
            tenancy,
            profile,
            statements: Vec::new(),
            table_sizes: TableSizes::default(),
            run,
        }
    }

    /// The run of files whose statements are `statements` (indexed like the run's `FileRun::file`).
    pub fn with_run(
        mut self,
        statements: Vec<Vec<Statement>>,
        table_sizes: TableSizes,
        run: RunResult,
    ) -> Harness {
        self.statements = statements;
        self.table_sizes = table_sizes;
        self.run = run;
        self
    }

    pub fn cx(&self) -> Context<'_> {
        Context {
            catalog: &self.catalog,
            user: self.catalog.user_view(&self.base),
            tenancy: &self.tenancy,
            profile: self.profile,
            statements: &self.statements,
            table_sizes: &self.table_sizes,
            run: &self.run,
        }
    }

    /// The findings of one rule.
    pub fn check(&self, rule: &dyn Rule) -> Vec<Finding> {
        rule.check(&self.cx())
    }
}
