//! Does the rollback bring the database back? The catalog after the rollback files against the
//! catalog after baseline + seed (every object, by identity), and each seeded table's data by
//! row count and content fingerprint. Three levels: clean; clean except columns that triggers
//! maintain (an `updated_at` a BEFORE UPDATE trigger set while the up or rollback file updated
//! rows: named with the trigger and those statements); not clean.

mod maintained;
pub use maintained::{MaintainedColumn, UpdateRun};

use crate::catalog::{Snapshot, Table};
use crate::diff::{diff, Difference};
use crate::project::Project;
use crate::run_result::RunResult;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataVerdict {
    pub table: String,
    /// identical | identical except columns | columns lost | rows lost | rows added | rows changed | table lost
    pub verdict: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<String>>,
    pub rows_before: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows_after: Option<i64>,
    /// The data did not come back: an error-level finding.
    pub data_loss: bool,
    /// Of `columns` (verdict "identical except columns"), those a trigger maintains, with the
    /// trigger and the UPDATE statements that fired it. All of them: the rollback is clean except
    /// for these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub maintained: Vec<MaintainedColumn>,
}

/// How clean the rollback is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RollbackLevel {
    /// Schema and data are as they were after baseline + seed.
    Clean,
    /// The same, except values of columns that triggers maintain (see `DataVerdict::maintained`).
    CleanExceptTriggers,
    /// Schema differences, lost or changed data.
    NotClean,
    /// No rollback file, or it did not run to its end: nothing was checked.
    NotVerified,
}

impl RollbackLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RollbackLevel::Clean => "clean",
            RollbackLevel::CleanExceptTriggers => "clean_except_triggers",
            RollbackLevel::NotClean => "not_clean",
            RollbackLevel::NotVerified => "not_verified",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RollbackReport {
    /// The project has rollback files.
    pub provided: bool,
    /// They ran to the end (the run did not stop before or inside them).
    pub ran: bool,
    /// Catalog and data are as they were after baseline + seed (strictly: `level` is `clean`).
    pub clean: bool,
    /// clean | clean_except_triggers | not_clean | not_verified.
    pub level: RollbackLevel,
    pub differences: Vec<Difference>,
    pub data: Vec<DataVerdict>,
    /// Plain words for the UI and the report.
    pub verdict: String,
    /// With no rollback file: a draft written from the after-up → after-seed difference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
}

fn compare(before: &Table, after: Option<&Table>) -> DataVerdict {
    let mut v = DataVerdict {
        table: before.qualified(),
        verdict: "identical".into(),
        columns: None,
        rows_before: before.row_count,
        rows_after: after.map(|a| a.row_count),
        data_loss: false,
        maintained: Vec::new(),
    };
    let Some(after) = after else {
        v.verdict = "table lost".into();
        v.data_loss = before.row_count > 0;
        return v;
    };
    if after.row_count < before.row_count {
        v.verdict = "rows lost".into();
        v.data_loss = true;
        return v;
    }
    if after.row_count > before.row_count {
        v.verdict = "rows added".into();
        return v;
    }
    let (Some(fb), Some(fa)) = (&before.fingerprint, &after.fingerprint) else { return v };
    // Columns that held data and are gone, then columns whose values differ.
    let lost: Vec<String> =
        fb.columns.keys().filter(|c| !fa.columns.contains_key(*c)).cloned().collect();
    let changed: Vec<String> = fb
        .columns
        .iter()
        .filter(|(c, h)| fa.columns.get(*c).is_some_and(|x| x != *h))
        .map(|(c, _)| c.clone())
        .collect();
    if !lost.is_empty() {
        v.verdict = "columns lost".into();
        v.data_loss = before.row_count > 0;
        v.columns = Some(lost.into_iter().chain(changed).collect());
    } else if !changed.is_empty() {
        v.verdict = "identical except columns".into();
        v.columns = Some(changed);
    } else if fb.rows != fa.rows {
        // Same columns, same values column by column, yet rows differ: a column was added back
        // in another position, or rows were reordered under a new key.
        v.verdict = "rows changed".into();
    }
    v
}

/// Data verdicts for every table that existed after seed (the user's and the shim's).
pub fn data_verdicts(after_seed: &Snapshot, after_rollback: &Snapshot) -> Vec<DataVerdict> {
    after_seed.tables.iter().map(|t| compare(t, after_rollback.table(&t.qualified()))).collect()
}

/// Marks, in each "identical except columns" verdict, the columns a trigger maintains.
fn explain_by_triggers(project: &Project, run: &RunResult, data: &mut [DataVerdict]) {
    let s = &run.snapshots;
    let snaps: Vec<&Snapshot> =
        [&s.after_seed, &s.after_up, &s.after_rollback].into_iter().flatten().collect();
    let Some(seed) = s.after_seed.as_ref() else { return };
    for d in data.iter_mut().filter(|d| d.verdict == "identical except columns") {
        let columns = d.columns.clone().unwrap_or_default();
        let found: Vec<MaintainedColumn> = columns
            .iter()
            .filter_map(|c| {
                let (trigger, function, fires) =
                    maintained::maintaining_trigger(&snaps, &d.table, c)?;
                Some(MaintainedColumn {
                    column: c.clone(),
                    trigger,
                    function,
                    fires,
                    updates: maintained::updates_of(project, run, seed, &d.table),
                })
            })
            .collect();
        // Only when every changed column is explained: otherwise the data did change.
        if !found.is_empty() && found.len() == columns.len() {
            d.maintained = found;
        }
    }
}

pub fn verify(project: &Project, run: &RunResult, provided: bool) -> RollbackReport {
    let s = &run.snapshots;
    let (differences, mut data, ran) = match (&s.after_seed, &s.after_rollback) {
        (Some(seed), Some(back)) if provided => (diff(seed, back), data_verdicts(seed, back), true),
        _ => (vec![], vec![], false),
    };
    explain_by_triggers(project, run, &mut data);
    let lost = data.iter().filter(|d| d.data_loss).count();
    let touched = data.iter().filter(|d| d.verdict != "identical").count();
    let by_triggers: Vec<&DataVerdict> = data.iter().filter(|d| !d.maintained.is_empty()).collect();
    let clean = ran && differences.is_empty() && touched == 0;
    let level = if !ran {
        RollbackLevel::NotVerified
    } else if clean {
        RollbackLevel::Clean
    } else if differences.is_empty() && touched == by_triggers.len() {
        RollbackLevel::CleanExceptTriggers
    } else {
        RollbackLevel::NotClean
    };
    let verdict = if !provided {
        "no rollback file: nothing verifies that this migration can be undone (a draft is offered)"
            .to_string()
    } else if !ran {
        "the rollback did not run (the run stopped before it ended)".to_string()
    } else if clean {
        "clean: schema and data are as they were after baseline and seed".to_string()
    } else if level == RollbackLevel::CleanExceptTriggers {
        let cols: Vec<String> = by_triggers
            .iter()
            .flat_map(|d| d.maintained.iter().map(move |m| format!("{}.{}", d.table, m.describe())))
            .collect();
        format!("clean except columns maintained by triggers: schema and data are as they were after baseline and seed, except {}", cols.join("; "))
    } else {
        let mut parts = Vec::new();
        if !differences.is_empty() {
            parts.push(format!(
                "{} schema difference{}",
                differences.len(),
                if differences.len() == 1 { "" } else { "s" }
            ));
        }
        if lost > 0 {
            parts.push(format!("data lost in {lost} table{}", if lost == 1 { "" } else { "s" }));
        }
        let changed = touched - lost - by_triggers.len();
        if changed > 0 {
            parts.push(format!(
                "data changed in {changed} table{}",
                if changed == 1 { "" } else { "s" }
            ));
        }
        if !by_triggers.is_empty() {
            parts.push(format!(
                "columns maintained by triggers changed in {} table{}",
                by_triggers.len(),
                if by_triggers.len() == 1 { "" } else { "s" }
            ));
        }
        format!("not clean: {}", parts.join(", "))
    };
    let draft = match (&s.after_up, &s.after_seed) {
        (Some(up), Some(seed)) if !provided => Some(crate::draft::draft_rollback(up, seed)),
        _ => None,
    };
    RollbackReport { provided, ran, clean, level, differences, data, verdict, draft }
}

/// One change an up file made, with the line of the statement that made it (when the DDL log
/// names the object: exactly, or through its table; a new object at its creation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileChange {
    #[serde(flatten)]
    pub diff: Difference,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// What each up file changed: the diff from the snapshot before it to the one after it, each
/// change placed at its statement.
pub fn changes_by_file(run: &RunResult) -> Vec<(String, Vec<FileChange>)> {
    file_steps(run)
        .map(|(file, before, after)| {
            let statements: Vec<&crate::run_result::StatementRun> = run
                .files
                .iter()
                .filter(|f| f.name == file)
                .flat_map(|f| f.statements.iter())
                .collect();
            let changes = diff(before, after)
                .into_iter()
                .map(|d| FileChange { line: statement_line(&d, &statements), diff: d })
                .collect();
            (file.to_string(), changes)
        })
        .collect()
}

/// Each up file with the snapshot before it (after seed, or after the previous up file) and after it.
fn file_steps(run: &RunResult) -> impl Iterator<Item = (&str, &Snapshot, &Snapshot)> {
    let s = &run.snapshots;
    // Up files only run after the after-seed snapshot: without it there is nothing to pair.
    let files = if s.after_seed.is_some() { &s.after_file[..] } else { &[] };
    let befores = s.after_seed.iter().chain(s.after_file.iter().map(|(_, snap)| snap));
    befores.zip(files).map(|(before, (file, after))| (file.as_str(), before, after))
}

/// Keys a logged identity answers to: `x on s.t` → `s.t.x` and `s.t`; `s.f(args)` → `s.f`.
fn keys(object_type: &str, identity: &str) -> Vec<String> {
    let mut k = vec![identity.to_string()];
    if let Some((name, table)) = identity.rsplit_once(" on ") {
        k.push(format!("{table}.{name}"));
        k.push(table.to_string());
    }
    if let Some((f, _)) = identity.split_once('(') {
        k.push(f.to_string());
    }
    if object_type == "index" {
        k.push(format!("index:{identity}"));
    }
    k
}

fn statement_line(
    d: &Difference,
    statements: &[&crate::run_result::StatementRun],
) -> Option<usize> {
    // Quoting differs (Postgres quotes reserved words such as "user"): compare without quotes.
    let unquoted = d.object.replace('"', "");
    let object = unquoted.as_str();
    let func = object.split_once('(').map(|(f, _)| f);
    // An index object is schema.table.name; the log names it schema.name.
    let index_key = (d.kind == "index").then(|| {
        let mut parts = object.splitn(3, '.');
        let (s, _t, n) = (parts.next().unwrap_or(""), parts.next(), parts.next().unwrap_or(""));
        format!("index:{s}.{n}")
    });
    let exact =
        |k: &String| k == object || Some(k.as_str()) == func || index_key.as_ref() == Some(k);
    let parent = |k: &String| object.starts_with(&format!("{k}."));
    // A new object is placed where it was created (the first statement naming it); a changed or
    // removed one where that last happened.
    let first = matches!(d.change, crate::diff::Change::Extra);
    let find = |pred: &dyn Fn(&String) -> bool| {
        let hit = |s: &&&crate::run_result::StatementRun| {
            s.touched.iter().any(|(t, i)| keys(t, &i.replace('"', "")).iter().any(pred))
        };
        if first { statements.iter().find(hit) } else { statements.iter().rev().find(hit) }
            .map(|s| s.line)
    };
    find(&exact).or_else(|| find(&parent))
}

/// Row counts an up file changed, per table: (table, rows before, rows after). A table the file
/// created counts from 0; one it dropped ends at 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowChange {
    pub table: String,
    pub before: i64,
    pub after: i64,
}

pub fn rows_by_file(run: &RunResult) -> Vec<(String, Vec<RowChange>)> {
    file_steps(run)
        .map(|(file, p, snap)| {
            let mut changes: Vec<RowChange> =
                snap.tables
                    .iter()
                    .map(|t| RowChange {
                        table: t.qualified(),
                        before: p.table(&t.qualified()).map_or(0, |x| x.row_count),
                        after: t.row_count,
                    })
                    .chain(
                        p.tables.iter().filter(|t| snap.table(&t.qualified()).is_none()).map(|t| {
                            RowChange { table: t.qualified(), before: t.row_count, after: 0 }
                        }),
                    )
                    .filter(|c| c.before != c.after)
                    .collect();
            changes.sort_by(|a, b| a.table.cmp(&b.table));
            (file.to_string(), changes)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{fixture::Fixture, Fingerprint};

    fn fp(rows: &str, cols: &[(&str, &str)]) -> Option<Fingerprint> {
        Some(Fingerprint {
            rows: rows.into(),
            columns: cols.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
        })
    }

    fn with(mut s: Snapshot, table: &str, rows: i64, f: Option<Fingerprint>) -> Snapshot {
        let t = s.tables.iter_mut().find(|t| t.qualified() == table).unwrap();
        t.row_count = rows;
        t.fingerprint = f;
        s
    }

    #[test]
    fn data_verdicts_name_what_changed() {
        let seed = Fixture::new()
            .table("public.a", &["id", "name", "updated_at"])
            .table("public.b", &["id", "x"])
            .table("public.c", &["id"])
            .table("public.d", &["id", "note"])
            .build();
        let seed = with(
            seed,
            "public.a",
            3,
            fp("r1", &[("id", "i"), ("name", "n"), ("updated_at", "u1")]),
        );
        let seed = with(seed, "public.b", 5, fp("r2", &[("id", "i"), ("x", "x")]));
        let seed = with(seed, "public.c", 2, fp("r3", &[("id", "i")]));
        let seed = with(seed, "public.d", 4, fp("r4", &[("id", "i"), ("note", "n")]));
        let back = Fixture::new()
            .table("public.a", &["id", "name", "updated_at"])
            .table("public.b", &["id", "x"])
            .table("public.d", &["id"])
            .build();
        let back = with(
            back,
            "public.a",
            3,
            fp("r1x", &[("id", "i"), ("name", "n"), ("updated_at", "u2")]),
        );
        let back = with(back, "public.b", 4, fp("r2x", &[("id", "i"), ("x", "x")]));
        let back = with(back, "public.d", 4, fp("r4x", &[("id", "i")]));
        let v = data_verdicts(&seed, &back);
        let get = |t: &str| v.iter().find(|d| d.table == t).unwrap();
        assert_eq!(get("public.a").verdict, "identical except columns");
        assert_eq!(get("public.a").columns.as_deref(), Some(&["updated_at".to_string()][..]));
        assert!(!get("public.a").data_loss);
        assert_eq!(
            (get("public.b").verdict.as_str(), get("public.b").data_loss),
            ("rows lost", true)
        );
        assert_eq!(
            (get("public.c").verdict.as_str(), get("public.c").data_loss),
            ("table lost", true)
        );
        assert_eq!(get("public.d").verdict, "columns lost");
        assert_eq!(get("public.d").columns.as_deref(), Some(&["note".to_string()][..]));
        assert!(get("public.d").data_loss);
        let same = data_verdicts(&seed, &seed);
        assert!(same.iter().all(|d| d.verdict == "identical"));
    }
}
