//! The corpus of real migration sets (tests/corpus/, README there): for each manifest whose git
//! mirror is on this machine, the selected files are extracted at the manifest's commit (`git
//! ls-tree` + `git show` per file; nothing of them is kept), loaded as `tenant-planner check
//! <root>` loads a folder, and checked against what the manifest's author wrote before anything
//! ran: the roles of the non-up files and the first files of the apply order. Then the whole
//! pipeline runs (past failures) and a table per project lists files, statements and each failed
//! statement with file:line, SQLSTATE and whether the manifest expects it.
//!
//! Environment:
//! - `TP_CORPUS_MIRRORS` — where the mirrors are (default `/work/.mirror`); a project whose
//!   mirror is absent is listed as "not present" and does not fail the test.
//! - `TP_CORPUS_STRICT=1` — every failed statement must be an expected one (off for now: the
//!   platform work on extensions and roles is still landing). Roles and order are always checked.
//! - `TP_CORPUS_ALL=1` — also run projects marked `"slow": true` (more than 1000 files).
//! - `TP_CORPUS_ONLY=name[,name]` — only these projects.
//! - `TP_CORPUS_RUN=0` — roles and order only, no pipeline run.
//!
//! The table is printed (run with `--nocapture` to see it when the test passes) and written to
//! `$CARGO_TARGET_TMPDIR/corpus.txt`.

use crate::support::{repo, simulate};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use tenant_planner_core::conventions::Convention;
use tenant_planner_core::files::Role;
use tenant_planner_core::profile::Profile;
use tenant_planner_core::project::Project;
use tenant_planner_core::run::{RunResult, Status};
use tenant_planner_core::split::split;
use tenant_planner_native::load::load_entries;

fn flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// `*` matches within one folder, a `**` segment spans zero or more folders.
fn glob(pattern: &[&str], path: &[&str]) -> bool {
    match (pattern.first(), path.first()) {
        (None, None) => true,
        (Some(&"**"), _) => {
            glob(&pattern[1..], path) || (!path.is_empty() && glob(pattern, &path[1..]))
        }
        (Some(p), Some(s)) => {
            segment(p.as_bytes(), s.as_bytes()) && glob(&pattern[1..], &path[1..])
        }
        _ => false,
    }
}

fn segment(p: &[u8], s: &[u8]) -> bool {
    match (p.first(), s.first()) {
        (None, None) => true,
        (Some(b'*'), _) => segment(&p[1..], s) || (!s.is_empty() && segment(p, &s[1..])),
        (Some(a), Some(b)) => a == b && segment(&p[1..], &s[1..]),
        _ => false,
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let o = Command::new("git")
        .arg("--git-dir")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("git: {e}"))?;
    if !o.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&o.stderr).trim()
        ));
    }
    Ok(o.stdout)
}

/// The manifest's files at its commit, as (path relative to the root, bytes).
fn extract(m: &Value, mirror: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let commit = m["commit"].as_str().unwrap();
    let root = m["root"].as_str().unwrap().trim_end_matches('/');
    let include: Vec<Vec<&str>> = m["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap().split('/').collect())
        .collect();
    let listing =
        String::from_utf8(git(mirror, &["ls-tree", "-r", "--name-only", commit, "--", root])?)
            .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for path in listing.lines() {
        let Some(rel) = path.strip_prefix(root).and_then(|r| r.strip_prefix('/')) else { continue };
        let segs: Vec<&str> = rel.split('/').collect();
        if include.iter().any(|g| glob(g, &segs)) {
            out.push((rel.to_string(), git(mirror, &["show", &format!("{commit}:{path}")])?));
        }
    }
    Ok(out)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().filter_map(|s| s.as_str().map(String::from)).collect())
        .unwrap_or_default()
}

/// Roles and order against `expected`: problems, and notes (unlisted files sqitch never runs).
fn check_roles(m: &Value, project: &Project) -> (Vec<String>, Vec<String>) {
    let (mut problems, mut notes) = (Vec::new(), Vec::new());
    let e = &m["expected"];
    let det = project.conventions();
    let order = project.order();
    let name = |i: usize| project.files[i].name.clone();
    let apply: Vec<String> = order.apply.iter().map(|&i| name(i)).collect();
    let first = strings(&e["apply_order_first"]);
    if apply.iter().take(first.len()).collect::<Vec<_>>() != first.iter().collect::<Vec<_>>() {
        problems.push(format!(
            "apply order starts {:?}, expected {first:?}",
            &apply[..first.len().min(apply.len())]
        ));
    }
    let mut listed = std::collections::BTreeMap::new();
    for role in ["seed", "validate", "rollback", "baseline"] {
        for f in strings(&e["roles"][role]) {
            listed.insert(f, role);
        }
    }
    let pg_dump = m["convention"] == "pg_dump";
    for (i, f) in project.files.iter().enumerate() {
        let got = f.role();
        // The down section of a dbmate file (not a file of its own in the manifests) rolls back.
        if f.name.ends_with("#down") {
            if got != Role::Rollback {
                problems.push(format!(
                    "{} is {} (a dbmate down section rolls back): {}",
                    f.name,
                    got.as_str(),
                    det.files[i].reason
                ));
            }
            continue;
        }
        match listed.get(&f.name) {
            Some(&want) if got.as_str() != want => problems.push(format!(
                "{} is {} (expected {want}): {}",
                f.name,
                got.as_str(),
                det.files[i].reason
            )),
            Some(_) => {}
            None if got == Role::Up || (pg_dump && got == Role::Baseline) => {}
            None if det.files[i].convention == Convention::Sqitch
                && det.files[i].reason.contains("sqitch never runs it") =>
            {
                notes.push(format!("{} ({}): {}", f.name, got.as_str(), det.files[i].reason));
            }
            None => problems.push(format!(
                "{} is {} (expected up): {}",
                f.name,
                got.as_str(),
                det.files[i].reason
            )),
        }
    }
    for f in listed.keys() {
        if !project.files.iter().any(|p| &p.name == f) {
            problems.push(format!("{f} is listed in expected.roles but was not loaded"));
        }
    }
    let want_rb = strings(&e["roles"]["rollback"]);
    let got_rb: Vec<String> =
        order.rollback.iter().map(|&i| name(i)).filter(|n| want_rb.contains(n)).collect();
    if got_rb != want_rb {
        let at = got_rb.iter().zip(&want_rb).position(|(a, b)| a != b).unwrap_or(0);
        problems.push(format!(
            "rollback order differs from position {at}: {:?} … (expected {:?} …)",
            &got_rb[at..(at + 3).min(got_rb.len())],
            &want_rb[at..(at + 3).min(want_rb.len())]
        ));
    }
    (problems, notes)
}

/// One failed statement, and what the manifest says of it.
struct Failure {
    at: String,
    sqlstate: String,
    message: String,
    kind: &'static str,
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn failures(m: &Value, project: &Project, run: &RunResult) -> Vec<Failure> {
    let expected = m["expected"]["expected_failures"].as_array().cloned().unwrap_or_default();
    let gaps = m["engine_gaps"].as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    let mut aborted_since: Option<String> = None;
    for fr in &run.files {
        let pieces = split(&project.files[fr.file].text);
        for st in fr.statements.iter().filter(|s| s.status == Status::Failed) {
            let Some(err) = &st.error else { continue };
            let sql = pieces.get(st.index).map(|p| normalize(&p.sql)).unwrap_or_default();
            let listed = expected.iter().any(|x| {
                x["file"] == fr.name.as_str()
                    && x["sqlstate"] == err.sqlstate.as_str()
                    && x["statement_starts"]
                        .as_str()
                        .is_some_and(|s| sql.starts_with(&normalize(s)))
            });
            let gap = err
                .hint
                .as_deref()
                .is_some_and(|h| h.contains(tenant_planner_native::ESCAPED_HANDLER_NOTE));
            // The manifest's engine_gaps (README.md): limits of an engine here a real server does not have.
            let listed_gap = gaps.iter().any(|x| {
                x["engine"] != "browser"
                    && x["file"] == fr.name.as_str()
                    && x["sqlstate"] == err.sqlstate.as_str()
                    && x["statement_starts"]
                        .as_str()
                        .is_some_and(|s| sql.starts_with(&normalize(s)))
            });
            let browser_only = tenant_planner_native::BROWSER_ONLY_EXTENSIONS.iter().any(|x| {
                err.hint
                    .as_deref()
                    .is_some_and(|h| h.ends_with(&tenant_planner_native::browser_only_note(x)))
                    || err.message == format!("extension \"{x}\" is not available")
            });
            let kind = if listed {
                "expected"
            } else if gap {
                "engine gap (EXCEPTION handler)"
            } else if listed_gap {
                "engine gap (listed)"
            } else if browser_only {
                "engine gap (browser-only extension)"
            } else if err.sqlstate == "25P02" && aborted_since.is_some() {
                "aborted transaction"
            } else {
                "UNEXPECTED"
            };
            let at = format!("{}:{}", fr.name, st.line);
            if err.sqlstate != "25P02" {
                aborted_since = Some(at.clone());
            }
            out.push(Failure {
                at,
                sqlstate: err.sqlstate.clone(),
                message: err.message.lines().next().unwrap_or("").chars().take(90).collect(),
                kind,
            });
        }
    }
    out
}

#[test]
fn corpus_projects_load_with_their_roles_and_order_and_run() {
    let mirrors = std::env::var("TP_CORPUS_MIRRORS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("/work/.mirror"));
    let only: Vec<String> = std::env::var("TP_CORPUS_ONLY")
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect())
        .unwrap_or_default();
    let mut manifests: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path().join("manifest.json"))
        .filter(|p| p.is_file())
        .collect();
    manifests.sort();
    assert!(manifests.len() >= 8, "tests/corpus has {} manifests", manifests.len());
    let mut table = String::new();
    let mut problems = Vec::new();
    let mut unexpected = 0;
    let _ = writeln!(
        table,
        "{:<26} {:<16} {:>5} {:>6} {:>6} {:>8} {:>8}  outcome",
        "project", "convention", "files", "stmts", "failed", "expected", "seconds"
    );
    for path in manifests {
        let m: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let name = m["name"].as_str().unwrap().to_string();
        if !only.is_empty() && !only.contains(&name) {
            continue;
        }
        let mirror = mirrors.join(m["repo"].as_str().unwrap().replace('/', "+")).join("repo");
        if !mirror.is_dir() {
            let _ = writeln!(
                table,
                "{name:<26} not present ({} has no mirror at {})",
                m["repo"].as_str().unwrap(),
                mirror.display()
            );
            continue;
        }
        if m["slow"] == true && !flag("TP_CORPUS_ALL") {
            let _ = writeln!(
                table,
                "{name:<26} slow ({} files): skipped, set TP_CORPUS_ALL=1 to run it",
                m["files"]
            );
            continue;
        }
        let t = Instant::now();
        let entries = match extract(&m, &mirror) {
            Ok(e) => e,
            Err(e) => {
                problems.push(format!("{name}: could not extract: {e}"));
                continue;
            }
        };
        if Some(entries.len() as u64) != m["files"].as_u64() {
            problems.push(format!(
                "{name}: the include globs select {} files at the commit, the manifest says {}",
                entries.len(),
                m["files"]
            ));
        }
        let project = match load_entries(entries) {
            Ok(p) => p,
            Err(e) => {
                problems.push(format!("{name}: could not load: {e}"));
                continue;
            }
        };
        let (role_problems, notes) = check_roles(&m, &project);
        problems.extend(role_problems.iter().map(|p| format!("{name}: {p}")));
        // The manifests group graphile-migrate, drizzle and plain files under "numbered".
        let convention = project.conventions().convention;
        let family = match convention {
            Convention::GraphileMigrate | Convention::Drizzle | Convention::Plain => "numbered",
            c => c.id(),
        };
        if family != m["convention"].as_str().unwrap() {
            problems.push(format!(
                "{name}: detected {} (manifest: {})",
                convention.id(),
                m["convention"]
            ));
        }
        if std::env::var("TP_CORPUS_RUN").is_ok_and(|v| v == "0") {
            let _ = writeln!(
                table,
                "{name:<26} {:<16} {:>5}  roles and order only (TP_CORPUS_RUN=0)",
                convention.id(),
                project.files.len()
            );
            for n in &notes {
                let _ = writeln!(table, "    note: {n}");
            }
            for p in &role_problems {
                let _ = writeln!(table, "    ROLE/ORDER: {p}");
            }
            continue;
        }
        let profile = Profile::parse(m["profile"].as_str().unwrap());
        let (run, report) = match simulate(&project, profile, true, &mut ()) {
            Ok(x) => x,
            Err(e) => {
                problems.push(format!("{name}: could not run: {e}"));
                continue;
            }
        };
        let fails = failures(&m, &project, &run);
        let n_expected = fails.iter().filter(|f| f.kind == "expected").count();
        // Engine gaps are listed apart: neither expected of the project nor unexpected.
        unexpected += fails
            .iter()
            .filter(|f| {
                f.kind != "expected"
                    && !f.kind.starts_with("engine gap")
                    && f.kind != "aborted transaction"
            })
            .count();
        let outcome = format!(
            "{:?}{}",
            report.outcome,
            report.abort_reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default()
        );
        let _ = writeln!(
            table,
            "{name:<26} {:<16} {:>5} {:>6} {:>6} {:>8} {:>8.1}  {outcome}",
            convention.id(),
            project.files.len(),
            report.statements.total,
            report.statements.failed,
            n_expected,
            t.elapsed().as_secs_f64()
        );
        if !fails.is_empty() {
            let mut by: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
            for f in &fails {
                *by.entry(f.sqlstate.as_str()).or_default() += 1;
            }
            let list: Vec<String> = by.iter().map(|(k, v)| format!("{k} ×{v}")).collect();
            let _ = writeln!(
                table,
                "    by SQLSTATE: {}; first: {} {} {}",
                list.join(", "),
                fails[0].at,
                fails[0].sqlstate,
                fails[0].message
            );
        }
        // A failure inside a transaction block makes every later statement of it fail with
        // 25P02: those are counted on one line under the failure that caused them.
        let mut k = 0;
        while k < fails.len() {
            let f = &fails[k];
            let _ = writeln!(table, "    {} {} [{}] {}", f.at, f.sqlstate, f.kind, f.message);
            let n = fails[k + 1..].iter().take_while(|g| g.kind == "aborted transaction").count();
            if n > 0 {
                let _ = writeln!(table, "      … then {n} statement(s) failed with 25P02 in that aborted transaction (last at {})", fails[k + n].at);
            }
            k += 1 + n;
        }
        for n in &notes {
            let _ = writeln!(table, "    note: {n}");
        }
        for p in &role_problems {
            let _ = writeln!(table, "    ROLE/ORDER: {p}");
        }
    }
    println!("{table}");
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("corpus.txt");
    let _ = std::fs::write(&out, &table);
    assert!(problems.is_empty(), "{}\n\n{table}", problems.join("\n"));
    if flag("TP_CORPUS_STRICT") {
        assert_eq!(
            unexpected, 0,
            "failed statements the manifests do not expect (TP_CORPUS_STRICT=1):\n{table}"
        );
    }
}

#[test]
fn globs_as_the_corpus_readme_defines_them() {
    let g = |p: &str, s: &str| {
        glob(&p.split('/').collect::<Vec<_>>(), &s.split('/').collect::<Vec<_>>())
    };
    assert!(g("migrations/*.sql", "migrations/2024_x.sql"));
    assert!(!g("migrations/*.sql", "migrations/a/x.sql"));
    assert!(g("deploy/**/*.sql", "deploy/x.sql"));
    assert!(g("deploy/**/*.sql", "deploy/a/b/x.sql"));
    assert!(g("migrations/*/migration.sql", "migrations/2023_init/migration.sql"));
    assert!(g("V*.sql", "V1_1__x.sql") && !g("V*.sql", "R__x.sql"));
    assert!(g("*.up.sql", "1_x.up.sql") && !g("*.up.sql", "1_x.down.sql"));
}
