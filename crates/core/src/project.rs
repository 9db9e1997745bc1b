//! The project: its files, the user's order and role choices, and the settings that travel with
//! it (profile, tenancy corrections, suppressions, shared tables). It sits above `files` (roles and
//! default order), `lint`, `tenancy` and `profile`, whose settings it holds.

use crate::files::{Order, Role, SqlFile};
use serde::{Deserialize, Serialize};

/// A project: files plus an optional manual order (file names). Names not in the manual order
/// (files added later) take their default place after it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Project {
    pub files: Vec<SqlFile>,
    /// File names in the user's chosen order, if they moved anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual_order: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<crate::profile::Profile>,
    /// The user's corrections to the detected tenant roots and user tables.
    #[serde(default, skip_serializing_if = "crate::tenancy::Overrides::is_empty")]
    pub tenancy: crate::tenancy::Overrides,
    /// Lint findings the user silenced, each with their reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<crate::lint::Suppression>,
    /// Tables every tenant may read (directories, lookups): the leak probes do not count them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_tables: Vec<String>,
    /// Why each shared table is shared, in the user's words (keyed by table; a table marked
    /// before reasons were asked for has none). Shown next to the leak count and in the report.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub shared_reasons: std::collections::BTreeMap<String, String>,
    /// Files that are not run but set the order of the others (`sqitch.plan`), as loaded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan_files: Vec<SqlFile>,
    /// Create documented stand-ins (an empty schema, no-op versions of the most used functions)
    /// for extensions the engine cannot load, instead of failing their CREATE EXTENSION.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stand_in_extensions: bool,
    /// How large the migration-safety rules take existing tables to be (default: production-sized).
    #[serde(default, skip_serializing_if = "crate::lint::TableSizes::is_default")]
    pub table_sizes: crate::lint::TableSizes,
}

impl Project {
    /// Files in the order they will run: the apply sequence, then the rollback sequence.
    pub fn order(&self) -> Order {
        let default = crate::conventions::order(&self.files, &self.plan_files);
        let Some(manual) = &self.manual_order else { return default };
        let rank =
            |i: usize| manual.iter().position(|n| *n == self.files[i].name).unwrap_or(usize::MAX);
        let reorder = |v: Vec<usize>| {
            let mut v: Vec<(usize, usize)> = v.into_iter().enumerate().collect();
            // Stable: manual rank first, default position for files the user never placed.
            v.sort_by_key(|&(pos, i)| (rank(i), pos));
            v.into_iter().map(|(_, i)| i).collect()
        };
        Order { apply: reorder(default.apply), rollback: reorder(default.rollback) }
    }

    /// All files in display order (apply then rollback).
    pub fn display_order(&self) -> Vec<usize> {
        let o = self.order();
        o.apply.into_iter().chain(o.rollback).collect()
    }

    /// Move a file one place up (`delta = -1`) or down (`+1`) within its sequence.
    pub fn move_file(&mut self, name: &str, delta: i32) {
        let o = self.order();
        let names = |v: &[usize]| v.iter().map(|&i| self.files[i].name.clone()).collect::<Vec<_>>();
        let mut apply = names(&o.apply);
        let mut rollback = names(&o.rollback);
        for seq in [&mut apply, &mut rollback] {
            if let Some(p) = seq.iter().position(|n| n == name) {
                let q = p as i64 + delta as i64;
                if q >= 0 && (q as usize) < seq.len() {
                    seq.swap(p, q as usize);
                }
            }
        }
        apply.extend(rollback);
        self.manual_order = Some(apply);
    }

    /// Add or replace a file by name.
    pub fn upsert(&mut self, file: SqlFile) {
        match self.files.iter_mut().find(|f| f.name == file.name) {
            Some(existing) => {
                existing.text = file.text;
            }
            None => self.files.push(file),
        }
    }

    pub fn remove(&mut self, name: &str) {
        self.files.retain(|f| f.name != name);
        if let Some(m) = &mut self.manual_order {
            m.retain(|n| n != name);
        }
    }

    pub fn set_role(&mut self, name: &str, role: Role) {
        if let Some(f) = self.files.iter_mut().find(|f| f.name == name) {
            f.role_override = if f.detected_role() == role { None } else { Some(role) };
        }
    }

    /// What the conventions say about every file (roles, order, reasons) and the project.
    pub fn conventions(&self) -> crate::conventions::Detection {
        crate::conventions::detect(&self.files, &self.plan_files)
    }

    /// Every file's statements, split once (indexed like `files`): what the lints read.
    pub fn statements(&self) -> Vec<Vec<crate::split::Statement>> {
        self.files.iter().map(|f| crate::split::split(&f.text)).collect()
    }

    /// Mark `table` shared (every tenant may read it) for `reason`, replacing an earlier mark.
    pub fn mark_shared(&mut self, table: &str, reason: &str) {
        self.unmark_shared(table);
        self.shared_tables.push(table.to_string());
        self.shared_reasons.insert(table.to_string(), reason.trim().to_string());
    }

    /// Undo `mark_shared`: the table's reads count as leaks again.
    pub fn unmark_shared(&mut self, table: &str) {
        self.shared_tables.retain(|t| t != table);
        self.shared_reasons.remove(table);
    }

    /// Add or replace a plan file (`sqitch.plan`) by name.
    pub fn upsert_plan(&mut self, file: SqlFile) {
        match self.plan_files.iter_mut().find(|f| f.name == file.name) {
            Some(existing) => existing.text = file.text,
            None => self.plan_files.push(file),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_moves_and_role_overrides() {
        let mut p = Project {
            files: ["a.sql", "b.sql", "c.sql"].iter().map(|n| SqlFile::new(*n, "")).collect(),
            ..Default::default()
        };
        p.move_file("c.sql", -1);
        let names = |p: &Project| {
            p.display_order().iter().map(|&i| p.files[i].name.clone()).collect::<Vec<_>>()
        };
        assert_eq!(names(&p), ["a.sql", "c.sql", "b.sql"]);
        p.move_file("a.sql", -1); // already first: no-op
        assert_eq!(names(&p), ["a.sql", "c.sql", "b.sql"]);
        p.set_role("a.sql", Role::Rollback);
        assert_eq!(p.order().rollback.len(), 1);
        assert_eq!(names(&p), ["c.sql", "b.sql", "a.sql"]);
        p.set_role("a.sql", Role::Up);
        assert_eq!(p.files[0].role_override, None);
        // A file added later takes its default place after the manual ones.
        p.upsert(SqlFile::new("0.sql", ""));
        assert_eq!(names(&p), ["a.sql", "c.sql", "b.sql", "0.sql"]);
    }
}
