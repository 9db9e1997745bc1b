//! The version matrix printed: one block per version (text), or one JSON document with each
//! version's engine, its differences and the whole delta (json).

use super::{Matrix, VersionRun};
use tenant_planner_core::report::Report;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line on a run: outcome, statements, leaks, rollback, verdict.
fn summary(r: &Report) -> String {
    let leaks = match &r.isolation {
        Some(i) => plural(i.leaks.len(), "leak", "leaks"),
        None => "leak probes did not run".into(),
    };
    format!(
        "{} · {} · {} failed · {} · rollback {} · verdict {}",
        outcome(r),
        plural(r.statements.total, "statement", "statements"),
        r.statements.failed,
        leaks,
        r.rollback.level.as_str(),
        r.verdict.state.as_str()
    )
}

fn outcome(r: &Report) -> String {
    serde_json::to_value(r.outcome)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{:?}", r.outcome))
}

fn engine(r: &Report) -> String {
    format!("{} {}", r.engine.name, r.engine.postgres_version)
}

pub fn render(m: &Matrix) -> String {
    let mut out = format!("Versions: {}\n", m.dir);
    out += &format!("  reference  {}: {}\n", engine(&m.reference), summary(&m.reference));
    for v in &m.versions {
        match v {
            VersionRun::Ran { major, report, .. } => {
                let diffs = v.differences().unwrap_or_default();
                out += &format!("  {major:<9}  {}: {}\n", engine(report), summary(report));
                if diffs.is_empty() {
                    out += "             the same as PGlite: statements, validation, lints, leaks, tables, policy cells, rollback and verdict\n";
                } else {
                    out += &format!(
                        "             {} from PGlite:\n",
                        plural(diffs.len(), "difference", "differences")
                    );
                    for d in diffs {
                        out += &format!("               - {d}\n");
                    }
                }
            }
            VersionRun::NotRun { major, why } => {
                out += &format!("  {major:<9}  NOT RUN, nothing compared: {why}\n");
            }
        }
    }
    let differing: Vec<String> = m
        .versions
        .iter()
        .filter(|v| v.differences().is_some_and(|d| !d.is_empty()))
        .map(|v| v.major().to_string())
        .collect();
    let not_run: Vec<String> = m
        .versions
        .iter()
        .filter(|v| v.differences().is_none())
        .map(|v| v.major().to_string())
        .collect();
    out += &match (differing.is_empty(), not_run.is_empty()) {
        (true, true) => "Every version gives PGlite's result.\n".to_string(),
        (false, true) => format!("Differs from PGlite on PostgreSQL {}.\n", differing.join(", ")),
        (true, false) => format!(
            "Not checked on PostgreSQL {} (did not run); the others give PGlite's result.\n",
            not_run.join(", ")
        ),
        (false, false) => format!(
            "Differs from PGlite on PostgreSQL {}; not checked on {} (did not run).\n",
            differing.join(", "),
            not_run.join(", ")
        ),
    };
    out
}

pub fn json(m: &Matrix) -> String {
    let versions: Vec<serde_json::Value> = m
        .versions
        .iter()
        .map(|v| match v {
            VersionRun::Ran { major, report, delta } => serde_json::json!({
                "postgres": major,
                "engine": report.engine,
                "ran": true,
                "same": v.differences().is_some_and(|d| d.is_empty()),
                "differences": v.differences().unwrap_or_default(),
                "outcome": report.outcome,
                "verdict": report.verdict.state,
                "delta": delta,
            }),
            VersionRun::NotRun { major, why } => serde_json::json!({
                "postgres": major,
                "ran": false,
                "same": false,
                "why": why,
            }),
        })
        .collect();
    let doc = serde_json::json!({
        "dir": m.dir,
        "reference": {
            "engine": m.reference.engine,
            "outcome": m.reference.outcome,
            "verdict": m.reference.verdict.state,
        },
        "versions": versions,
    });
    serde_json::to_string_pretty(&doc).expect("the matrix serializes") + "\n"
}
