//! The advisor's lints: one rule per file, grouped as Supabase's splinter rules (same ids),
//! tenant rules of our own, and migration safety of the up files. Each rule carries its own docs
//! ([`RuleDoc`]): the UI shows exactly what the code declares.
//!
//! Rules read the catalog Postgres reported (never a guess from SQL text where the catalog knows)
//! and, for migration safety, the up statements with what the run measured about them.

use crate::catalog::Snapshot;
use crate::project::Project;
use crate::profile::Profile;
use crate::run::RunResult;
use crate::tenancy::Tenancy;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod migration;
pub mod splinter;
pub mod tenant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Level {
    Error,
    Warn,
    Info,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "ERROR",
            Level::Warn => "WARN",
            Level::Info => "INFO",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Category {
    #[serde(rename = "SECURITY")]
    Security,
    #[serde(rename = "PERFORMANCE")]
    Performance,
    #[serde(rename = "TENANCY")]
    Tenancy,
    #[serde(rename = "MIGRATION SAFETY")]
    MigrationSafety,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "SECURITY",
            Category::Performance => "PERFORMANCE",
            Category::Tenancy => "TENANCY",
            Category::MigrationSafety => "MIGRATION SAFETY",
        }
    }
}

/// What a rule is, for the UI's rule docs and the report. Declared next to the rule's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleDoc {
    pub id: &'static str,
    pub title: &'static str,
    /// The usual level; a finding may carry another (tenant_table_without_rls is ERROR or WARN).
    pub level: Level,
    pub categories: &'static [Category],
    /// One line: what the rule looks for.
    pub description: &'static str,
    /// How to fix it, in words.
    pub remediation: &'static str,
    /// A corrected example (SQL).
    pub example: &'static str,
}

/// One thing a rule found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The exact object: `public.projects`, `public.projects.tenant_id`, `policy p on public.x`,
    /// `public.f(uuid)`, or for migration rules the statement's object.
    pub object: String,
    /// The message naming the object and what is wrong with it.
    pub detail: String,
    pub level: Level,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The user's reason, when they suppressed this finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<String>,
}

impl Finding {
    pub fn new(object: impl Into<String>, level: Level, detail: impl Into<String>) -> Finding {
        Finding { object: object.into(), detail: detail.into(), level, file: None, line: None, suppressed: None }
    }
    pub fn at(mut self, file: impl Into<String>, line: usize) -> Finding {
        self.file = Some(file.into());
        self.line = Some(line);
        self
    }
}

/// A finding the user chose to silence, with their reason. Stored with the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub rule: String,
    pub object: String,
    pub reason: String,
}

/// Everything a rule may read.
pub struct Context<'a> {
    /// The whole catalog after the up migrations (or where the run stopped): shim objects included
    /// (auth.users, the anon/authenticated roles …).
    pub catalog: &'a Snapshot,
    /// Only what the user's files made or changed (`catalog.user_view(base)`): rules report on these.
    pub user: Snapshot,
    pub tenancy: &'a Tenancy,
    pub profile: Profile,
    pub project: &'a Project,
    /// The run: statements with file/line, rows, what each touched; the per-file snapshots.
    pub run: &'a RunResult,
}

impl<'a> Context<'a> {
    /// The roles a client reaches the database as: anon and authenticated under Supabase, PUBLIC
    /// plus every non-superuser login-less/login role the user created under plain Postgres.
    pub fn api_roles(&self) -> Vec<String> {
        match self.profile {
            Profile::Supabase => vec!["anon".into(), "authenticated".into()],
            _ => self.user.roles.iter().filter(|r| !r.superuser && !r.bypassrls).map(|r| r.name.clone()).collect(),
        }
    }
}

pub trait Rule: Sync {
    fn doc(&self) -> &'static RuleDoc;
    fn check(&self, cx: &Context) -> Vec<Finding>;
}

/// Every rule, in the order the UI lists them.
pub fn rules() -> Vec<&'static dyn Rule> {
    let mut all = splinter::rules();
    all.extend(tenant::rules());
    all.extend(migration::rules());
    all
}

pub fn docs() -> Vec<&'static RuleDoc> {
    rules().into_iter().map(|r| r.doc()).collect()
}

/// Run every rule. Every rule id is a key, even when it found nothing; suppressed findings stay,
/// marked with the user's reason.
pub fn run_all(cx: &Context, suppressions: &[Suppression]) -> BTreeMap<String, Vec<Finding>> {
    let mut out = BTreeMap::new();
    for rule in rules() {
        let mut found = rule.check(cx);
        for f in &mut found {
            if let Some(s) = suppressions.iter().find(|s| s.rule == rule.doc().id && s.object == f.object) {
                f.suppressed = Some(s.reason.clone());
            }
        }
        found.sort_by(|a, b| (a.level, &a.file, a.line, &a.object).cmp(&(b.level, &b.file, b.line, &b.object)));
        out.insert(rule.doc().id.to_string(), found);
    }
    out
}

/// How many unsuppressed findings of `level` a report's `lint` map holds.
pub fn count_active(lint: &BTreeMap<String, Vec<Finding>>, level: Level) -> usize {
    lint.values().flatten().filter(|f| f.suppressed.is_none() && f.level == level).count()
}

#[cfg(test)]
pub mod testing;
