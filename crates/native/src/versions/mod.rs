//! `tenant-planner versions DIR`: the version matrix of issue 16. The project runs on PGlite (the
//! reference: what the app shows) and on throwaway local clusters of PostgreSQL 15, 16 and 17, and
//! each version's report is compared with PGlite's by the core's `delta` — the same matching a
//! reviewer's `diff` uses (a failed statement by file, SQLSTATE and message; a lint finding by
//! rule, object and level; a leak by table, persona and command). What differs is what a migration
//! would do differently in production on that version: a statement that fails only there, a lint
//! or a leak found only there, another rollback or verdict.
//!
//! A version whose cluster could not start is said so and never counted as "the same".

pub mod text;

use crate::args::Args;
use crate::load::load_dir;
use crate::server::{self, Server};
use std::path::Path;
use tenant_planner_core::delta::{compare, Delta};
use tenant_planner_core::profile::Profile;
use tenant_planner_core::report::Report;

/// `--format` of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub dir: String,
    pub profile: Option<Profile>,
    /// The major versions, in the order asked (default: all of [`server::VERSIONS`]).
    pub versions: Vec<u32>,
    pub format: MatrixFormat,
    pub continue_on_error: bool,
    pub stand_in_extensions: bool,
}

/// `versions`' arguments.
pub fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        dir: String::new(),
        profile: None,
        versions: Vec::new(),
        format: MatrixFormat::Text,
        continue_on_error: false,
        stand_in_extensions: false,
    };
    let mut dir: Option<String> = None;
    let mut it = Args::new(args);
    while let Some(arg) = it.next() {
        let (name, a) = (arg.name, arg.text);
        match name {
            "--profile" => {
                let v = it.value(&arg)?;
                o.profile = Some(Profile::parse(&v).ok_or_else(|| {
                    format!("unknown profile {v:?} (expected supabase or postgres)")
                })?);
            }
            "--format" => {
                o.format = match it.value(&arg)?.to_ascii_lowercase().as_str() {
                    "text" => MatrixFormat::Text,
                    "json" => MatrixFormat::Json,
                    v => return Err(format!("unknown format {v:?} (expected text or json)")),
                }
            }
            "--postgres-version" => {
                for v in it.value(&arg)?.split(',').map(str::trim).filter(|v| !v.is_empty()) {
                    match v.parse::<u32>().ok().filter(|n| server::VERSIONS.contains(n)) {
                        Some(n) if !o.versions.contains(&n) => o.versions.push(n),
                        Some(_) => {}
                        None => {
                            return Err(format!(
                                "unknown --postgres-version {v:?} (expected 15, 16 or 17, or a list: 15,17)"
                            ))
                        }
                    }
                }
            }
            "--continue" if arg.bare() => o.continue_on_error = true,
            "--stand-in-extensions" if arg.bare() => o.stand_in_extensions = true,
            _ if arg.is_option() => return Err(format!("unknown option {a:?}")),
            _ if dir.is_none() => dir = Some(a.to_string()),
            _ => {
                return Err(format!(
                    "one folder only (got {:?} and {a:?})",
                    dir.unwrap_or_default()
                ))
            }
        }
    }
    if o.versions.is_empty() {
        o.versions = server::VERSIONS.to_vec();
    }
    o.dir = dir.ok_or("which folder? (tenant-planner versions DIR)")?;
    Ok(o)
}

/// One version's run, compared with the reference.
#[derive(Debug, Clone)]
pub enum VersionRun {
    Ran {
        major: u32,
        report: Box<Report>,
        delta: Box<Delta>,
    },
    /// The cluster did not start (or the run could not be made): nothing was compared.
    NotRun {
        major: u32,
        why: String,
    },
}

impl VersionRun {
    pub fn major(&self) -> u32 {
        match self {
            VersionRun::Ran { major, .. } | VersionRun::NotRun { major, .. } => *major,
        }
    }

    /// What differs from the reference, one line each; empty when nothing does (and `None` when
    /// the version did not run).
    pub fn differences(&self) -> Option<Vec<String>> {
        match self {
            VersionRun::Ran { delta, .. } => Some(differences(delta)),
            VersionRun::NotRun { .. } => None,
        }
    }
}

/// The reference run and every version's.
#[derive(Debug, Clone)]
pub struct Matrix {
    pub dir: String,
    pub reference: Report,
    pub versions: Vec<VersionRun>,
}

impl Matrix {
    /// 0: every version ran and none differs; 1: some version differs; 2: some did not run.
    pub fn exit_code(&self) -> u8 {
        let diffs: Vec<Option<Vec<String>>> =
            self.versions.iter().map(VersionRun::differences).collect();
        if diffs.iter().any(Option::is_none) {
            2
        } else if diffs.iter().flatten().any(|d| !d.is_empty()) {
            1
        } else {
            0
        }
    }
}

/// Run the folder on PGlite, then on each version asked, and compare. `Err` only when the folder
/// cannot be read or the reference engine does not start.
pub fn run(o: &Options) -> Result<Matrix, String> {
    let mut project = load_dir(Path::new(&o.dir))?;
    project.stand_in_extensions |= o.stand_in_extensions;
    let (_, reference) = crate::simulate(&project, o.profile, o.continue_on_error, &mut ())?;
    // Every version runs with the profile the reference used (detected or asked), so a
    // difference is the server's, not the detection's.
    let profile = o.profile.or(Profile::parse(&reference.profile));
    let versions = o
        .versions
        .iter()
        .map(|&major| {
            match server::simulate(
                &Server::Version(major),
                &project,
                profile,
                o.continue_on_error,
                &mut (),
            ) {
                Ok((_, report)) => {
                    let delta = compare(&reference, &report);
                    VersionRun::Ran { major, report: Box::new(report), delta: Box::new(delta) }
                }
                Err(why) => VersionRun::NotRun { major, why },
            }
        })
        .collect();
    Ok(Matrix { dir: o.dir.clone(), reference, versions })
}

/// What a version's report has that PGlite's has not and the other way round, as the delta
/// matched them. Engine, version and timing differences are not differences of the migration.
pub fn differences(d: &Delta) -> Vec<String> {
    let mut out = Vec::new();
    let here = "only here";
    let there = "only on PGlite";
    for (list, side) in [(&d.errors.new, here), (&d.errors.fixed, there)] {
        for e in list {
            out.push(format!(
                "statement fails {side}: {}:{}:{} {} {}",
                e.file, e.line, e.column, e.sqlstate, e.message
            ));
        }
    }
    for (list, side) in [(&d.validation.new, here), (&d.validation.fixed, there)] {
        for v in list {
            out.push(format!("validation check fails {side}: {}:{} {}", v.file, v.line, v.check));
        }
    }
    for (list, side) in [(&d.lints.new, here), (&d.lints.fixed, there)] {
        for l in list {
            out.push(format!(
                "lint {} {} found {side}: {} ({})",
                l.level.as_str(),
                l.rule,
                l.object,
                l.detail
            ));
        }
    }
    for (list, side) in [(&d.leaks.new, here), (&d.leaks.fixed, there)] {
        for l in list {
            out.push(format!(
                "leak {side}: {} can {} {} rows of tenant A",
                l.persona, l.command, l.table
            ));
        }
    }
    for t in &d.tables {
        out.push(format!("table {} {} here", t.table, t.change.as_str()));
    }
    for c in &d.policy_cells {
        out.push(format!(
            "policy cell {} {} for {}: {} here",
            c.table,
            c.command,
            c.role,
            c.change.as_str()
        ));
    }
    if d.rollback.before != d.rollback.after {
        out.push(format!(
            "rollback: {} here, {} on PGlite",
            d.rollback.after.as_str(),
            d.rollback.before.as_str()
        ));
    }
    // A check that ran on one side only (the leak probes after a stop) or judged otherwise.
    for c in d.verdict.checks.iter().filter(|c| c.before != c.after) {
        out.push(format!(
            "{} check: {} here ({}), {} on PGlite ({})",
            c.id.as_str(),
            c.after.as_str(),
            c.after_summary,
            c.before.as_str(),
            c.before_summary
        ));
    }
    if d.verdict.before != d.verdict.after {
        out.push(format!(
            "verdict: {} here, {} on PGlite",
            d.verdict.after.as_str(),
            d.verdict.before.as_str()
        ));
    }
    out
}
