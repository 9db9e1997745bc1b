//! The advisor's lints: one rule per file, grouped as Supabase's splinter rules (same ids),
//! tenant rules of our own, and migration safety of the up files. Each rule carries its own docs
//! ([`RuleDoc`]): the UI shows exactly what the code declares.
//!
//! Rules read the catalog Postgres reported (never a guess from SQL text where the catalog knows)
//! and, for migration safety, the up statements with what the run measured about them. They get
//! what they read in a [`Context`]: the files' statements split once, and the settings they need
//! (never the whole project, which sits above the lints and holds their settings).

use crate::catalog::Snapshot;
use crate::profile::Profile;
use crate::run_result::RunResult;
use crate::split::Statement;
use crate::tenancy::Tenancy;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod migration;
mod not_covered;
pub mod splinter;
pub mod table_sizes;
pub mod tenant;

pub use not_covered::not_covered;
pub use table_sizes::TableSizes;

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
    /// The example for a plain-Postgres project, where `example` relies on Supabase (auth.uid(),
    /// the anon / authenticated roles); empty when `example` fits both.
    pub example_postgres: &'static str,
    /// Where the rule answers differently from its counterpart in a peer linter (splinter,
    /// squawk) on purpose, each with the Postgres behaviour that justifies it. The Advisor shows
    /// them with the rule's docs; `tests/peers` cases that differ name one by its id.
    pub differences: &'static [PeerDifference],
}

impl RuleDoc {
    /// The example that fits the project's profile.
    pub fn example_for(&self, profile: Profile) -> &'static str {
        match profile {
            Profile::Postgres if !self.example_postgres.is_empty() => self.example_postgres,
            _ => self.example,
        }
    }
}

/// A documented decision to answer differently from a peer linter's rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeerDifference {
    /// Named by the `our_decision.difference` of the peer cases it covers.
    pub id: &'static str,
    /// splinter | squawk
    pub peer: &'static str,
    pub peer_rule: &'static str,
    /// What the peer says, what we say, and why (the Postgres behaviour, as checked).
    pub text: &'static str,
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
    /// The id of another rule that reports the same object at a higher level (splinter's
    /// unindexed_foreign_keys and our tenant_key_without_index on one column): the finding stays,
    /// linked to that one, and is counted once, there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
    /// A group of similar findings of the rule that the Advisor lists collapsed, after the
    /// ungrouped ones (function_search_path_mutable's trigger functions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

impl Finding {
    pub fn new(object: impl Into<String>, level: Level, detail: impl Into<String>) -> Finding {
        Finding {
            object: object.into(),
            detail: detail.into(),
            level,
            file: None,
            line: None,
            suppressed: None,
            same_as: None,
            group: None,
        }
    }
    pub fn in_group(mut self, group: impl Into<String>) -> Finding {
        self.group = Some(group.into());
        self
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
    /// Every project file's statements, split once for all rules, indexed like the project's
    /// files (`FileRun::file`).
    pub statements: &'a [Vec<Statement>],
    /// How large existing tables are taken to be (the project's setting).
    pub table_sizes: &'a TableSizes,
    /// The run: statements with file/line, rows, what each touched; the per-file snapshots.
    pub run: &'a RunResult,
}

impl<'a> Context<'a> {
    /// The roles a client reaches the database as: anon and authenticated under Supabase, PUBLIC
    /// plus every non-superuser login-less/login role the user created under plain Postgres.
    pub fn api_roles(&self) -> Vec<String> {
        match self.profile {
            Profile::Supabase => vec!["anon".into(), "authenticated".into()],
            _ => self
                .user
                .roles
                .iter()
                .filter(|r| !r.superuser && !r.bypassrls)
                .map(|r| r.name.clone())
                .collect(),
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
            if let Some(s) =
                suppressions.iter().find(|s| s.rule == rule.doc().id && s.object == f.object)
            {
                f.suppressed = Some(s.reason.clone());
            }
        }
        // Ungrouped findings first (what matters most), then each group.
        found.sort_by(|a, b| {
            (a.level, &a.group, &a.file, a.line, &a.object)
                .cmp(&(b.level, &b.group, &b.file, b.line, &b.object))
        });
        out.insert(rule.doc().id.to_string(), found);
    }
    link_duplicates(&mut out);
    out
}

/// Rules that report the same object under another id: (the lower-level rule, the one it defers to).
const DUPLICATES: [(&str, &str); 1] = [("unindexed_foreign_keys", "tenant_key_without_index")];

/// Marks a finding `same_as` the other rule's finding on the same object (see [`DUPLICATES`]).
fn link_duplicates(lint: &mut BTreeMap<String, Vec<Finding>>) {
    for (lower, higher) in DUPLICATES {
        let objects: Vec<String> = lint
            .get(higher)
            .map(|v| v.iter().map(|f| f.object.clone()).collect())
            .unwrap_or_default();
        for f in lint.get_mut(lower).into_iter().flatten() {
            if objects.contains(&f.object) {
                f.same_as = Some(higher.to_string());
            }
        }
    }
}

/// How many unsuppressed findings of `level` a report's `lint` map holds (a finding `same_as`
/// another rule's is counted there, once).
pub fn count_active(lint: &BTreeMap<String, Vec<Finding>>, level: Level) -> usize {
    lint.values()
        .flatten()
        .filter(|f| f.suppressed.is_none() && f.same_as.is_none() && f.level == level)
        .count()
}

#[cfg(test)]
pub mod testing;

#[cfg(test)]
mod tests {
    use super::*;

    /// Rules that only apply to Supabase projects (auth.users, auth.jwt(), the anon and
    /// authenticated roles).
    const SUPABASE_ONLY: [&str; 5] = [
        "auth_users_exposed",
        "rls_references_user_metadata",
        "anon_security_definer_function_executable",
        "authenticated_security_definer_function_executable",
        "fkey_to_auth_unique",
    ];

    #[test]
    fn plain_postgres_examples_do_not_rely_on_supabase() {
        for d in docs().into_iter().filter(|d| !SUPABASE_ONLY.contains(&d.id)) {
            let ex = d.example_for(Profile::Postgres);
            for word in ["auth.", "authenticated", "anon"] {
                assert!(
                    !ex.contains(word),
                    "{}: the plain-Postgres example uses {word}: {ex}",
                    d.id
                );
            }
        }
    }

    #[test]
    fn a_duplicate_is_linked_and_counted_once() {
        let mut lint = BTreeMap::from([
            (
                "unindexed_foreign_keys".to_string(),
                vec![
                    Finding::new("public.t.org_id", Level::Info, "x"),
                    Finding::new("public.t.owner_id", Level::Info, "y"),
                ],
            ),
            (
                "tenant_key_without_index".to_string(),
                vec![Finding::new("public.t.org_id", Level::Warn, "z")],
            ),
        ]);
        link_duplicates(&mut lint);
        assert_eq!(
            lint["unindexed_foreign_keys"][0].same_as.as_deref(),
            Some("tenant_key_without_index")
        );
        assert_eq!(lint["unindexed_foreign_keys"][1].same_as, None);
        assert_eq!((count_active(&lint, Level::Info), count_active(&lint, Level::Warn)), (1, 1));
    }

    #[test]
    fn documented_differences_name_their_peer() {
        for d in docs() {
            for x in d.differences {
                assert!(
                    matches!(x.peer, "splinter" | "squawk") && !x.text.is_empty(),
                    "{}: {x:?}",
                    d.id
                );
            }
        }
        for x in not_covered() {
            assert!(
                docs().iter().all(|d| d.id != x.peer_rule),
                "{} has a counterpart after all",
                x.peer_rule
            );
        }
    }
}
