//! A draft rollback for a project without one, written from its own run, must run clean.

use crate::support::simulate;
use std::path::Path;
use tenant_planner_core::draft::draft_rollback;
use tenant_planner_core::files::{Role, SqlFile};
use tenant_planner_native::load::load_dir;

/// Runs the project without its rollback files, then with the draft as its rollback; gives the
/// second report and the draft.
fn with_draft(example: &str) -> (tenant_planner_core::report::Report, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples").join(example);
    let mut project = load_dir(&dir).unwrap();
    project.files.retain(|f| f.role() != Role::Rollback);
    let (run, report) = simulate(&project, None, false, &mut ()).unwrap();
    assert!(!report.rollback.provided);
    let draft = draft_rollback(
        run.snapshots.after_up.as_ref().unwrap(),
        run.snapshots.after_seed.as_ref().unwrap(),
    );
    assert!(draft.starts_with("-- DRAFT ROLLBACK"));
    project.files.push(SqlFile::new("zz_draft_rollback.sql", draft.clone()));
    let (_, report) = simulate(&project, None, false, &mut ()).unwrap();
    assert_eq!(report.statements.failed, 0, "{example}: {:#?}\n{draft}", report.errors);
    (report, draft)
}

fn draft_is_clean(example: &str) {
    let (report, draft) = with_draft(example);
    assert!(report.rollback.clean, "{example}: {:#?}\n{draft}", report.rollback);
}

#[test]
fn draft_rollback_of_supabase_orgs_restores_the_schema_and_flags_the_inserted_row() {
    // The up migration inserts a storage bucket: a structural draft cannot know which row to
    // delete, so it says so, and that row is the only difference left.
    let (report, draft) = with_draft("supabase-orgs");
    assert!(report.rollback.differences.is_empty(), "{:#?}", report.rollback.differences);
    let changed: Vec<_> = report
        .rollback
        .data
        .iter()
        .filter(|d| d.verdict != "identical")
        .map(|d| (d.table.as_str(), d.verdict.as_str()))
        .collect();
    assert_eq!(changed, [("storage.buckets", "rows added")]);
    assert!(
        draft.contains("-- REVIEW: storage.buckets has 1 more rows than after seed"),
        "{draft}"
    );
}

#[test]
fn draft_rollback_of_client_id_backfill_runs_clean() {
    draft_is_clean("client-id-backfill");
}

#[test]
fn draft_rollback_of_settings_to_orgs_runs_clean() {
    draft_is_clean("settings-to-orgs");
}
