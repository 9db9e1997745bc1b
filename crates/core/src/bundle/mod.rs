//! The validated bundle: every file in apply order with a header (role, position, statements,
//! result, sha256 of the original text), report.json, report.md, erd.svg and the psql scripts,
//! zipped in memory. A set that failed, leaked or did not roll back cleanly is marked
//! NOT VALIDATED at the top of the README, of report.md and of every file header.

mod layout;
mod markdown;
mod zip_file;

pub use layout::{file_paths, Layout};
pub use markdown::report_md;
pub use zip_file::zip;

use crate::export::psql_script;
use crate::files::Role;
use crate::project::Project;
use crate::report::Report;
use crate::verdict::State;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Prefix file names with their position (`01_`, `02_` …).
    pub order_prefix: bool,
    pub layout: Layout,
    /// `YYYYMMDD`: the date used for Supabase timestamps of files that carry none.
    pub date: String,
}

/// One file of the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub text: String,
}

/// The banner line on top of every file and of the README, when the run is not validated
/// (`None` when it is): the verdict's title and every reason.
pub fn banner(r: &Report) -> Option<String> {
    let v = &r.verdict;
    (v.state != State::Passed).then(|| format!("{}: {}", v.title(), v.reasons().join("; ")))
}

/// A line per check: its state and what it rests on.
pub fn checks_md(r: &Report) -> String {
    let mut s = String::new();
    for c in &r.verdict.checks {
        let mark = match c.state {
            State::Passed => "passed",
            State::Failed => "FAILED",
            State::Inconclusive => "inconclusive",
            State::NotChecked | State::Partial => "not checked",
        };
        s += &format!("- {} — {mark}: {}", c.id.label(), c.summary);
        if !c.reasons.is_empty() {
            s += &format!(" ({})", c.reasons.join("; "));
        }
        s += "\n";
    }
    s
}

pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The header comment put on top of a file in the bundle.
fn header(
    project: &Project,
    r: &Report,
    i: usize,
    position: usize,
    of: usize,
    banner: Option<&str>,
) -> String {
    let f = &project.files[i];
    let entry = r.files.iter().find(|e| e.file == f.name);
    let result = match entry {
        Some(e) if e.failed > 0 => format!("{} of {} statements failed", e.failed, e.statements),
        Some(e) if e.not_run > 0 => {
            format!("{} of {} statements did not run", e.not_run, e.statements)
        }
        Some(e) => format!("all {} statements ran without error", e.statements),
        None => "not run".into(),
    };
    let mut h = String::new();
    if let Some(b) = banner {
        h += &format!("-- {b}\n");
    }
    h += &format!(
        "-- Tenant Planner: {} ({} file, {position} of {of} in run order)\n",
        f.name,
        f.role().as_str()
    );
    h +=
        &format!("-- statements: {}; result: {result}\n", entry.map(|e| e.statements).unwrap_or(0));
    h += &format!(
        "-- simulated on PostgreSQL {} ({}), profile {}\n",
        r.engine.postgres_version, r.engine.name, r.profile
    );
    h += &format!(
        "-- sha256 of the original text (without this header): {}\n\n",
        sha256_hex(&f.text)
    );
    h
}

/// Every file of the bundle, README first.
pub fn entries(
    project: &Project,
    r: &Report,
    erd_svg: &str,
    mermaid: &str,
    opts: &Options,
) -> Vec<Entry> {
    let banner = banner(r);
    let order = project.order();
    let run_order: Vec<usize> = order.apply.iter().chain(order.rollback.iter()).copied().collect();
    let paths = file_paths(project, opts);
    let mut out = vec![Entry { path: "README.md".into(), text: readme(project, r, &paths, opts) }];
    for (k, &i) in run_order.iter().enumerate() {
        let text = format!(
            "{}{}",
            header(project, r, i, k + 1, run_order.len(), banner.as_deref()),
            project.files[i].text
        );
        out.push(Entry { path: paths[&i].clone(), text });
    }
    out.push(Entry { path: "psql/up.sql".into(), text: psql_script(project, Role::Up) });
    if !order.rollback.is_empty() {
        out.push(Entry {
            path: "psql/rollback.sql".into(),
            text: psql_script(project, Role::Rollback),
        });
    }
    out.push(Entry { path: "report.json".into(), text: crate::report::to_json(r) });
    out.push(Entry { path: "report.md".into(), text: report_md(r, mermaid) });
    if !erd_svg.is_empty() {
        out.push(Entry { path: "erd.svg".into(), text: erd_svg.to_string() });
    }
    out
}

fn readme(
    project: &Project,
    r: &Report,
    paths: &std::collections::BTreeMap<usize, String>,
    opts: &Options,
) -> String {
    let v = &r.verdict;
    let mut s = match v.state {
        State::Passed => "# Validated migration bundle\n\n".to_string(),
        _ => format!("# {}\n\nThis bundle is exported for review only.\n\n", v.title()),
    };
    s += &format!(
        "{}\n\nSimulated on PostgreSQL {} ({}). What was checked:\n\n",
        v.headline, r.engine.postgres_version, r.engine.name
    );
    s += &checks_md(r);
    s += "\nSee report.md for where and why.\n\n";
    s += "## Contents\n\n";
    let order = project.order();
    for &i in order.apply.iter().chain(order.rollback.iter()) {
        s += &format!(
            "- `{}`: {} ({})\n",
            paths[&i],
            project.files[i].name,
            project.files[i].role().as_str()
        );
    }
    s += "- `psql/up.sql`: the up migrations as one script, each file in a transaction unless it manages its own\n";
    if !order.rollback.is_empty() {
        s += "- `psql/rollback.sql`: the rollback files as one script\n";
    }
    s += "- `report.json`: the full report (format in Tenant Planner's docs/report.md)\n- `report.md`: the same, for people\n- `erd.svg`: the tenant ERD after the up migrations\n\n";
    s += "Each SQL file starts with a header comment: its role, position, result and the sha256 of the original text (the text after the header).\n\n";
    s += "## Apply\n\n```sh\npsql -v ON_ERROR_STOP=1 -f psql/up.sql\n```\n";
    if opts.layout == Layout::Supabase {
        s += "\nor, with the Supabase CLI, copy `supabase/migrations/` into your project and run `supabase db push`.\n";
    }
    s
}

/// The bundle's erd.svg and Mermaid text: the ERD of the user's schema after the up files (or
/// where the run stopped), every class shown, new objects marked against baseline + seed.
pub fn erd_files(
    run: &crate::run::RunResult,
    overrides: &crate::tenancy::Overrides,
) -> (String, String) {
    use crate::erd;
    let snaps = &run.snapshots;
    let Some(full) = snaps.after_up.as_ref().or(snaps.at_stop.as_ref()) else {
        return (String::new(), String::new());
    };
    let base = snaps.base.as_ref();
    let tenancy = crate::tenancy::classify(full, run.profile, overrides);
    let shown = erd::drawable(full, base);
    let tables = erd::select_tables(&shown, &tenancy, &erd::Filter::default());
    let layout = erd::layout(&shown, &tenancy, &tables);
    let marks = snaps
        .after_seed
        .as_ref()
        .map(|seed| erd::marks(&erd::drawable(seed, base), &shown))
        .unwrap_or_default();
    (erd::svg(&shown, &tenancy, &layout, &marks), erd::mermaid(&shown, &tenancy, &tables))
}

#[cfg(test)]
mod tests;
