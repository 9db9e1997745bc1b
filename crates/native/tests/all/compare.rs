//! Base vs head on real Postgres: each pair under tests/fixtures/compare/ runs both versions
//! (once per test binary) and its delta is checked against its expected.md — in the head's report
//! JSON (`delta` key), in the pull-request Markdown, and in the `--fail-on new-…` exit codes.
//! One subprocess checks the command line end to end. `--nocapture` prints each Markdown.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use tenant_planner_core::delta::{self, Access, TableChangeKind, Trend};
use tenant_planner_core::lint::Level;
use tenant_planner_core::matrix::Decision;
use tenant_planner_core::verdict::{CheckId, State};
use tenant_planner_native::compare::gate::{self, Condition, NewFailOn};
use tenant_planner_native::compare::{compare_dirs, Compared, Options};

const BIN: &str = env!("CARGO_BIN_EXE_tenant-planner");
const PAIRS: [&str; 4] = ["opens-leak", "fixes-leak", "table-without-rls", "index-only"];

fn dir(pair: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/compare").join(pair)
}

fn options(pair: &str) -> Options {
    let d = dir(pair);
    Options::new(&d.join("base").to_string_lossy(), &d.join("head").to_string_lossy())
}

/// Each pair run once: both versions simulated, compared.
fn pair(name: &str) -> &'static Compared {
    static CACHE: [OnceLock<Compared>; 4] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = PAIRS.iter().position(|p| *p == name).expect("a known pair");
    CACHE[i].get_or_init(|| compare_dirs(&options(name)).unwrap_or_else(|e| panic!("{name}: {e}")))
}

/// The head's report JSON with its delta, read back.
fn json(c: &Compared) -> Value {
    serde_json::from_str(&delta::report_json(&c.head, &c.delta)).unwrap()
}

fn markdown(name: &str, c: &Compared) -> String {
    let md = delta::markdown(&c.delta, None);
    println!("----- {name} -----\n{md}");
    md
}

/// The exit code of `--fail-on` with these words.
fn exit(c: &Compared, words: &str) -> u8 {
    gate::judge(&c.delta, &c.base, &c.head, &gate::parse(words).unwrap()).exit_code()
}

fn check(c: &Compared, id: CheckId) -> (State, State) {
    let ch = c.delta.verdict.checks.iter().find(|x| x.id == id).unwrap();
    (ch.before, ch.after)
}

fn leak_keys(v: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let s = |k: &str| l[k].as_str().unwrap().to_string();
            (s("table"), s("command"), s("persona"))
        })
        .collect();
    out.sort();
    out
}

fn file_names(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap()).collect()
}

/// What the pair's head added: the change and its rollback (the same in every pair).
fn assert_files(name: &str, d: &Value, change: &str) {
    let mut added = file_names(&d["files"]["added"]);
    added.sort();
    assert_eq!(added, [format!("{change}.sql"), format!("{change}_rollback.sql")], "{name}");
    assert!(d["files"]["removed"].as_array().unwrap().is_empty(), "{name}");
}

/// The lint findings new (or fixed) that count, as (rule, level).
fn counted(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("suppressed").is_none() && f.get("same_as").is_none())
        .map(|f| (f["rule"].as_str().unwrap().into(), f["level"].as_str().unwrap().into()))
        .collect()
}

fn both_sides_alike(name: &str, c: &Compared) {
    assert!(c.delta.warnings.is_empty(), "{name}: {:?}", c.delta.warnings);
    assert_eq!(c.delta.base.profile, "supabase", "{name}");
    assert_eq!(c.delta.head.profile, "supabase", "{name}");
    assert_eq!(c.delta.rollback.change, Trend::Same, "{name}: {:?}", c.delta.rollback);
    assert!(c.delta.errors.is_empty() && c.delta.validation.is_empty(), "{name}");
}

#[test]
fn opens_leak() {
    let name = "opens-leak";
    let c = pair(name);
    let j = json(c);
    let d = &j["delta"];
    assert_eq!(
        d["headline"],
        "This change opens 2 cross-tenant leaks and adds 1 warning (the verdict went from passed to failed)"
    );
    assert_files(name, d, "002_documents_read_all");
    both_sides_alike(name, c);
    // Tables: documents changed its SELECT policy.
    let t = &c.delta.tables;
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!((t[0].table.as_str(), t[0].change), ("public.documents", TableChangeKind::Changed));
    assert_eq!(
        (t[0].class_before.as_deref(), t[0].class_after.as_deref()),
        (Some("direct"), Some("direct"))
    );
    assert_eq!(t[0].policies_added, ["signed-in users read documents"]);
    assert_eq!(t[0].policies_removed, ["members read documents"]);
    // One policy cell, same level of access, other policy.
    let cells = &c.delta.policy_cells;
    assert_eq!(cells.len(), 1, "{cells:#?}");
    let cell = &cells[0];
    assert_eq!(
        (cell.table.as_str(), cell.command.as_str(), cell.role.as_str(), cell.change),
        ("public.documents", "SELECT", "authenticated", Access::Changed)
    );
    assert_eq!(cell.before.as_ref().unwrap().policies, ["members read documents"]);
    assert_eq!(cell.after.as_ref().unwrap().policies, ["signed-in users read documents"]);
    assert_eq!(cell.after.as_ref().unwrap().decision, Decision::Policies);
    // Leaks: two new, none fixed.
    let key = |p: &str| ("public.documents".to_string(), "SELECT".to_string(), p.to_string());
    assert_eq!(leak_keys(&d["leaks"]["new"]), [key("member"), key("outsider")]);
    assert!(d["leaks"]["fixed"].as_array().unwrap().is_empty());
    assert!(d["leaks"]["new"][0]["sql"].as_str().unwrap().contains("public.documents"));
    // Lints: one new warning, the lock DROP / CREATE POLICY take on an existing table (no lint
    // sees the leak itself: the policy names auth.uid()).
    assert_eq!(
        counted(&d["lints"]["new"]),
        [("access_exclusive_lock".to_string(), "WARN".to_string())]
    );
    assert_eq!(d["lints"]["new"][0]["object"], "public.documents");
    assert!(counted(&d["lints"]["fixed"]).is_empty());
    assert_eq!((c.delta.verdict.before, c.delta.verdict.after), (State::Passed, State::Failed));
    assert_eq!(check(c, CheckId::Leaks), (State::Passed, State::Failed));
    // The Markdown.
    let md = markdown(name, c);
    let first = md.lines().find(|l| !l.is_empty() && !l.starts_with('#')).unwrap();
    assert_eq!(first, format!("**{}.**", c.delta.headline));
    for part in ["### Tables", "### Policy cells", "### Lints", "### Cross-tenant leaks"] {
        assert!(md.contains(part), "{part} missing");
    }
    assert_eq!(
        md.matches("<details><summary>Reproduce in psql: SELECT on public.documents as ").count(),
        2
    );
    assert!(md.contains("```sql\n"));
    assert!(md.contains("No change to: failed statements or checks."));
    // Exit codes.
    assert_eq!(exit(c, "new-leak"), 1);
    assert_eq!(exit(c, "new-error"), 0);
    assert_eq!(exit(c, "new-warn"), 1);
    assert_eq!(exit(c, "rollback-regressed"), 0);
}

#[test]
fn fixes_leak() {
    let name = "fixes-leak";
    let c = pair(name);
    let j = json(c);
    let d = &j["delta"];
    assert_eq!(
        d["headline"],
        "This change adds 1 warning; it also fixes 2 cross-tenant leaks (the verdict went from failed to passed)"
    );
    assert_files(name, d, "002_documents_members_only");
    both_sides_alike(name, c);
    let t = &c.delta.tables;
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(t[0].policies_added, ["members read documents"]);
    assert_eq!(t[0].policies_removed, ["signed-in users read documents"]);
    assert_eq!(c.delta.policy_cells.len(), 1);
    assert_eq!(c.delta.policy_cells[0].change, Access::Changed);
    let key = |p: &str| ("public.documents".to_string(), "SELECT".to_string(), p.to_string());
    assert!(d["leaks"]["new"].as_array().unwrap().is_empty());
    assert_eq!(leak_keys(&d["leaks"]["fixed"]), [key("member"), key("outsider")]);
    assert_eq!(
        counted(&d["lints"]["new"]),
        [("access_exclusive_lock".to_string(), "WARN".to_string())]
    );
    assert!(counted(&d["lints"]["fixed"]).is_empty());
    assert_eq!(c.delta.verdict.change, Trend::Fixed);
    assert_eq!(check(c, CheckId::Leaks), (State::Failed, State::Passed));
    let md = markdown(name, c);
    assert!(md.contains(&format!("**{}.**", c.delta.headline)));
    assert_eq!(md.matches("| fixed | read |").count(), 2, "{md}");
    assert!(!md.contains("<details>"), "no repro fold for a fixed leak");
    // The base's leaks block nothing: only what the change introduced counts …
    assert_eq!(exit(c, "new-leak,new-error,rollback-regressed"), 0);
    assert_eq!(exit(c, "new-warn"), 1);
    // … while the head judged whole would still pass too (its leaks are gone).
    assert_eq!(exit(c, "leak"), 0);
}

#[test]
fn table_without_rls() {
    let name = "table-without-rls";
    let c = pair(name);
    let j = json(c);
    let d = &j["delta"];
    let headline = c.delta.headline.as_str();
    assert!(headline.starts_with("This change opens "), "{headline}");
    assert!(headline.ends_with("(the verdict went from passed to failed)"), "{headline}");
    assert!(
        c.delta.counts.new_leaks >= 3 && c.delta.counts.new_errors >= 1,
        "{:?}",
        c.delta.counts
    );
    assert_files(name, d, "002_invoices");
    both_sides_alike(name, c);
    let t = &c.delta.tables;
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!((t[0].table.as_str(), t[0].change), ("public.invoices", TableChangeKind::Added));
    assert_eq!((t[0].class_after.as_deref(), t[0].rls_after), (Some("direct"), Some(false)));
    assert_eq!(t[0].columns_added, ["id", "workspace_id", "amount_cents"]);
    assert!(t[0].policies_added.is_empty());
    let k = &c.delta.catalog;
    assert_eq!((k.tables_before, k.tables_after), (3, 4));
    assert_eq!(k.indexes_after, k.indexes_before + 2);
    // Twelve cells gained on invoices: anon and authenticated without RLS, service_role bypass.
    let cells = &c.delta.policy_cells;
    assert_eq!(cells.len(), 12, "{cells:#?}");
    for cell in cells {
        assert_eq!((cell.table.as_str(), cell.change), ("public.invoices", Access::Gained));
        let want = if cell.role == "service_role" { Decision::Bypass } else { Decision::NoRls };
        assert_eq!(cell.after.as_ref().unwrap().decision, want, "{cell:?}");
    }
    // A new ERROR lint on the table; nothing fixed.
    let new = &c.delta.lints.new;
    assert!(
        new.iter().any(|f| f.rule == "tenant_table_without_rls"
            && f.object == "public.invoices"
            && f.level == Level::Error
            && f.counted()),
        "{new:#?}"
    );
    assert!(counted(&d["lints"]["fixed"]).is_empty());
    // Leaks: all on invoices, and anon, an outsider and a member read it.
    let leaks = leak_keys(&d["leaks"]["new"]);
    assert!(leaks.iter().all(|(t, _, _)| t == "public.invoices"), "{leaks:?}");
    for p in ["anon", "outsider", "member"] {
        let k = ("public.invoices".to_string(), "SELECT".to_string(), p.to_string());
        assert!(leaks.contains(&k), "{p} does not read invoices: {leaks:?}");
    }
    assert!(d["leaks"]["fixed"].as_array().unwrap().is_empty());
    assert_eq!(check(c, CheckId::Leaks), (State::Passed, State::Failed));
    assert_eq!(check(c, CheckId::Lints), (State::Passed, State::Failed));
    let md = markdown(name, c);
    assert!(md.contains("| `public.invoices` | added | direct | **off** |"), "{md}");
    assert_eq!(exit(c, "new-leak"), 1);
    assert_eq!(exit(c, "new-error"), 1);
    assert_eq!(exit(c, "rollback-regressed"), 0);
}

#[test]
fn index_only() {
    let name = "index-only";
    let c = pair(name);
    let j = json(c);
    let d = &j["delta"];
    assert_eq!(d["headline"], "No new findings; this change fixes 1 warning");
    assert_files(name, d, "002_documents_workspace_idx");
    both_sides_alike(name, c);
    assert!(c.delta.tables.is_empty(), "{:#?}", c.delta.tables);
    assert!(c.delta.policy_cells.is_empty(), "{:#?}", c.delta.policy_cells);
    assert!(c.delta.leaks.is_empty());
    let k = &c.delta.catalog;
    assert_eq!(k.indexes_after, k.indexes_before + 1);
    assert_eq!((k.tables_before, k.policies_before), (k.tables_after, k.policies_after));
    assert!(c.delta.lints.new.is_empty(), "{:#?}", c.delta.lints.new);
    let fixed = &c.delta.lints.fixed;
    assert_eq!(
        counted(&d["lints"]["fixed"]),
        [("tenant_key_without_index".to_string(), "WARN".to_string())]
    );
    assert!(fixed.iter().all(|f| f.object.starts_with("public.documents")), "{fixed:#?}");
    assert_eq!((c.delta.verdict.before, c.delta.verdict.after), (State::Passed, State::Passed));
    let md = markdown(name, c);
    assert!(md.contains("### Lints"));
    assert!(md.contains("No change to: tables, policy cells, leaks, failed statements or checks."));
    assert_eq!(exit(c, "new-leak,new-error,new-warn,rollback-regressed"), 0);
}

#[test]
fn fail_on_words_are_checked() {
    assert_eq!(
        gate::parse("new-leak, rollback-regressed").unwrap(),
        [Condition::New(NewFailOn::NewLeak), Condition::New(NewFailOn::RollbackRegressed)]
    );
    assert!(gate::parse("new-leek").unwrap_err().contains("\"new-leek\""));
    // The head as a whole can be judged beside the change: opens-leak's head leaks.
    assert_eq!(exit(pair("opens-leak"), "leak"), 1);
}

/// The command line end to end: `check HEAD --base BASE --format markdown --fail-on new-leak`
/// exits 1 on opens-leak and prints the comment; bad usage exits 2 before running anything.
#[test]
fn command_line() {
    let d = dir("opens-leak");
    let o = Command::new(BIN)
        .arg("check")
        .arg(d.join("head"))
        .arg("--base")
        .arg(d.join("base"))
        .args(["--format", "markdown", "--fail-on", "new-leak", "--link-base", "https://tp.test/"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}\n{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        out.starts_with(
            "## Tenant Planner: base → head\n\n**This change opens 2 cross-tenant leaks"
        ),
        "{out}"
    );
    assert!(out.contains("[Open the head in Tenant Planner](https://tp.test/#"), "{out}");
    let bad = Command::new(BIN).args(["diff", "only-one-folder"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("which folders?"));
    let fmt = Command::new(BIN).args(["diff", "a", "b", "--format", "sarif"]).output().unwrap();
    assert_eq!(fmt.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&fmt.stderr).contains("expected text, json or markdown"));
}
