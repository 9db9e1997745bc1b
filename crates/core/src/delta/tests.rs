//! The comparison on reports made by hand (the whole pipeline on real Postgres:
//! crates/native/tests/all/compare.rs).

use super::*;
use crate::isolation::IsolationReport;
use crate::lint::Finding;
use crate::matrix::Cell;
use crate::project::Project;
use crate::report::{CatalogSummary, TableSummary};
use crate::run_result::RunResult;

/// A report of a run of nothing, with a catalog of no tables.
fn empty() -> Report {
    let run = RunResult::empty(crate::Profile::Postgres);
    let mut r = crate::report::build(&Project::default(), &run, "pglite-oxide (native)");
    r.engine.postgres_version = "17.5".into();
    r.catalog.after_up = Some(CatalogSummary {
        tables: Default::default(),
        functions: vec![],
        views: vec![],
        index_count: 0,
        policy_count: 0,
    });
    r
}

fn table(class: &str, rls: bool, policies: &[&str]) -> TableSummary {
    TableSummary {
        columns: vec![],
        rls_enabled: rls,
        rls_forced: false,
        policies: policies.iter().map(|p| p.to_string()).collect(),
        row_count: 0,
        tenancy: class.into(),
        tenancy_path: vec![],
    }
}

fn add_table(r: &mut Report, name: &str, t: TableSummary) {
    r.catalog.after_up.as_mut().unwrap().tables.insert(name.into(), t);
}

fn cell(table: &str, command: &str, role: &str, decision: Decision, policies: &[&str]) -> Cell {
    Cell {
        table: table.into(),
        command: command.into(),
        role: role.into(),
        decision,
        reason: format!("{role} {command}"),
        policies: policies.iter().map(|p| p.to_string()).collect(),
        restrictive: vec![],
    }
}

fn finding(r: &mut Report, rule: &str, object: &str, level: Level, line: usize) {
    let mut f = Finding::new(object, level, format!("{rule} on {object}"));
    f.file = Some("002_x.sql".into());
    f.line = Some(line);
    r.lint.entry(rule.into()).or_default().push(f);
}

fn leak(table: &str, persona: &str, command: &str, rows: u64) -> Leak {
    Leak {
        table: table.into(),
        command: command.into(),
        persona: persona.into(),
        rows,
        cause: "policy \"open\" is USING (true)".into(),
        sql: format!("begin;\nselect * from {table}; -- as {persona}\nrollback;"),
        kind: "read".into(),
        severity: "high".into(),
    }
}

fn with_leaks(r: &mut Report, leaks: Vec<Leak>) {
    r.isolation = Some(IsolationReport { leaks, ..Default::default() });
    r.verdict = r.judge();
}

#[test]
fn identical_reports_have_no_delta() {
    let (b, h) = (empty(), empty());
    let d = compare(&b, &h);
    assert_eq!(d.counts, Counts::default());
    assert!(d.tables.is_empty() && d.policy_cells.is_empty() && d.warnings.is_empty());
    assert!(d.lints.is_empty() && d.leaks.is_empty() && d.errors.is_empty());
    assert_eq!(d.rollback.change, Trend::Same);
    assert_eq!(d.verdict.change, Trend::Same);
    assert_eq!(d.verdict.checks.len(), 5);
    assert!(d.headline.starts_with("No new findings"), "{}", d.headline);
}

#[test]
fn a_new_table_without_rls_is_added_with_its_cells_and_its_error() {
    let mut b = empty();
    add_table(&mut b, "public.orgs", table("root", true, &["members"]));
    b.policy_matrix.push(cell("public.orgs", "SELECT", "app", Decision::Policies, &["members"]));
    let mut h = b.clone();
    add_table(&mut h, "public.invoices", table("direct", false, &[]));
    h.policy_matrix.push(cell("public.invoices", "SELECT", "app", Decision::NoRls, &[]));
    h.policy_matrix.push(cell("public.invoices", "DELETE", "app", Decision::NoPrivilege, &[]));
    finding(&mut h, "tenant_table_without_rls", "public.invoices", Level::Error, 3);
    let d = compare(&b, &h);
    assert_eq!(d.tables.len(), 1);
    let t = &d.tables[0];
    assert_eq!((t.table.as_str(), t.change), ("public.invoices", TableChangeKind::Added));
    assert_eq!((t.class_before.as_deref(), t.class_after.as_deref()), (None, Some("direct")));
    assert_eq!((t.rls_before, t.rls_after), (None, Some(false)));
    // Only the cell that gives access is listed for a new table.
    assert_eq!(d.policy_cells.len(), 1, "{:?}", d.policy_cells);
    let c = &d.policy_cells[0];
    assert_eq!((c.command.as_str(), c.role.as_str(), c.change), ("SELECT", "app", Access::Gained));
    assert_eq!(c.after.as_ref().unwrap().decision, Decision::NoRls);
    assert_eq!(d.counts.tables_added, 1);
    assert_eq!(d.counts.new_errors, 1);
    assert_eq!(d.lints.new[0].rule, "tenant_table_without_rls");
    assert!(d.headline.starts_with("This change adds 1 error"), "{}", d.headline);
}

#[test]
fn findings_that_only_moved_are_not_new() {
    let mut b = empty();
    finding(&mut b, "unindexed_tenant_key", "public.t.org_id", Level::Warn, 3);
    let mut h = empty();
    finding(&mut h, "unindexed_tenant_key", "public.t.org_id", Level::Warn, 30);
    finding(&mut h, "unindexed_tenant_key", "public.u.org_id", Level::Warn, 31);
    let d = compare(&b, &h);
    assert_eq!(d.lints.new.len(), 1);
    assert_eq!(d.lints.new[0].object, "public.u.org_id");
    assert!(d.lints.fixed.is_empty());
    assert_eq!((d.counts.new_warnings, d.counts.new_errors), (1, 0));
    // The other way round it is fixed.
    let back = compare(&h, &b);
    assert_eq!(back.lints.fixed.len(), 1);
    assert_eq!(back.counts.fixed_warnings, 1);
    assert!(back.headline.starts_with("No new findings; this change fixes 1 warning"));
}

#[test]
fn a_suppressed_new_finding_is_listed_but_not_counted() {
    let b = empty();
    let mut h = empty();
    finding(&mut h, "rls_disabled_in_public", "public.t", Level::Error, 1);
    h.lint.get_mut("rls_disabled_in_public").unwrap()[0].suppressed = Some("internal".into());
    let d = compare(&b, &h);
    assert_eq!(d.lints.new.len(), 1);
    assert_eq!(d.counts.new_errors, 0);
}

#[test]
fn leaks_are_matched_by_table_persona_and_command() {
    let mut b = empty();
    with_leaks(&mut b, vec![leak("public.t", "outsider", "SELECT", 2)]);
    let mut h = empty();
    // Same leak, other row count: not new. Anon's is.
    with_leaks(
        &mut h,
        vec![leak("public.t", "outsider", "SELECT", 5), leak("public.t", "anon", "SELECT", 5)],
    );
    let d = compare(&b, &h);
    assert_eq!(d.leaks.new.len(), 1);
    assert_eq!(d.leaks.new[0].persona, "anon");
    assert!(d.leaks.fixed.is_empty());
    assert_eq!(d.counts.new_leaks, 1);
    assert!(d.headline.starts_with("This change opens 1 cross-tenant leak"), "{}", d.headline);
    let back = compare(&h, &b);
    assert_eq!(back.counts.fixed_leaks, 1);
    assert!(back.headline.starts_with("No new findings; this change fixes 1 cross-tenant leak"));
}

#[test]
fn cells_say_who_gained_or_lost_what() {
    let mut b = empty();
    add_table(&mut b, "public.t", table("direct", true, &["p"]));
    b.policy_matrix = vec![
        cell("public.t", "SELECT", "app", Decision::Policies, &["p"]),
        cell("public.t", "UPDATE", "app", Decision::NoRls, &[]),
        cell("public.t", "DELETE", "app", Decision::Policies, &["p"]),
    ];
    let mut h = b.clone();
    h.policy_matrix = vec![
        cell("public.t", "SELECT", "app", Decision::NoRls, &[]),
        cell("public.t", "UPDATE", "app", Decision::Denied, &[]),
        cell("public.t", "DELETE", "app", Decision::Policies, &["q"]),
    ];
    let d = compare(&b, &h);
    let got: Vec<(&str, Access)> =
        d.policy_cells.iter().map(|c| (c.command.as_str(), c.change)).collect();
    assert_eq!(
        got,
        [("SELECT", Access::Gained), ("UPDATE", Access::Lost), ("DELETE", Access::Changed)]
    );
    assert_eq!((d.counts.cells_gained, d.counts.cells_lost, d.counts.cells_changed), (1, 1, 1));
}

#[test]
fn reports_made_differently_are_said_to_be() {
    let b = empty();
    let mut h = empty();
    h.engine.name = "pglite (browser)".into();
    h.profile = "supabase".into();
    let d = compare(&b, &h);
    assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
    assert!(d.warnings[0].starts_with(
        "the comparison ran on engine pglite-oxide (native) for the base and pglite (browser) for the head"
    ));
    assert!(d.warnings[1].contains("profile postgres for the base and supabase for the head"));
}

#[test]
fn the_rollback_regression_is_counted() {
    let mut b = empty();
    b.rollback.level = crate::rollback::RollbackLevel::Clean;
    let mut h = empty();
    h.rollback.level = crate::rollback::RollbackLevel::NotClean;
    let d = compare(&b, &h);
    assert_eq!(d.rollback.change, Trend::Regressed);
    assert!(d.counts.rollback_regressed);
    assert!(d.headline.contains("makes the rollback worse (clean → not_clean)"), "{}", d.headline);
}

#[test]
fn markdown_puts_the_headline_first_and_folds_the_repro_sql() {
    let b = empty();
    let mut h = empty();
    add_table(&mut h, "public.t", table("direct", true, &["a|b"]));
    with_leaks(&mut h, vec![leak("public.t", "outsider", "SELECT", 2)]);
    let d = compare(&b, &h);
    let md = markdown(&d, Some(&Ok("https://x.test/#p=abc".into())));
    let first = md.lines().find(|l| l.starts_with("**")).unwrap();
    assert_eq!(first, format!("**{}.**", d.headline));
    assert!(md.contains("### Tables"));
    assert!(md.contains("+a\\|b"), "a pipe in a cell is escaped:\n{md}");
    assert!(md.contains("<details><summary>Reproduce in psql: SELECT on public.t as outsider"));
    assert!(md.contains("```sql\nbegin;\nselect * from public.t; -- as outsider\nrollback;\n```"));
    assert!(md.contains("[Open the head in Tenant Planner](https://x.test/#p=abc)"));
    assert!(md.contains("No change to: policy cells, lints"), "{md}");
    let none = markdown(&compare(&b, &b), Some(&Err("too large".into())));
    assert!(none.contains("**No new findings"));
    assert!(none.contains("No preview link: too large"));
}

#[test]
fn the_report_json_gets_a_delta_key() {
    let (b, mut h) = (empty(), empty());
    with_leaks(&mut h, vec![leak("public.t", "outsider", "SELECT", 2)]);
    let d = compare(&b, &h);
    let v: serde_json::Value = serde_json::from_str(&report_json(&h, &d)).unwrap();
    assert_eq!(v["delta"]["counts"]["new_leaks"], 1);
    assert_eq!(v["delta"]["leaks"]["new"][0]["table"], "public.t");
    assert_eq!(v["profile"], "postgres");
    let back: Delta = serde_json::from_value(v["delta"].clone()).unwrap();
    assert_eq!(back, d);
}
