//! How big the migration-safety rules take a table to be when an up file runs: a per-project
//! setting kept in the project (and so in saved projects and share links) and written in the
//! report.
//!
//! A schema-only baseline, the usual way to review a migration for a production database, has no
//! rows; judging "large" by the simulated row count would then silence every rule that is about
//! large tables (an index built without CONCURRENTLY, a constraint validated under a lock …). So
//! the default assumes that every table existing before the up file is production-sized; the
//! simulated rows, or the user's own row counts per table, can be chosen instead.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum TableSizes {
    /// Every table that existed before the up file may hold production data (the default).
    #[default]
    Production,
    /// The rows the simulation had (what the baseline and seed files inserted).
    Simulated,
    /// The user's row count per table (`schema.table`); a table not listed is assumed
    /// production-sized.
    PerTable { rows: BTreeMap<String, i64> },
}

/// What a rule knows about the size of one existing table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// Assumed production-sized; `simulated` is what the run had.
    Assumed { simulated: i64 },
    /// The simulated row count (mode `simulated`).
    Simulated(i64),
    /// The user's count for this table (mode `per_table`).
    Given(i64),
}

impl TableSizes {
    pub fn is_default(&self) -> bool {
        *self == TableSizes::Production
    }

    /// The size of `table` (qualified name), which had `simulated` rows in the run.
    pub fn size(&self, table: &str, simulated: i64) -> Size {
        match self {
            TableSizes::Production => Size::Assumed { simulated },
            TableSizes::Simulated => Size::Simulated(simulated),
            TableSizes::PerTable { rows } => match rows.get(table) {
                Some(&n) => Size::Given(n),
                None => Size::Assumed { simulated },
            },
        }
    }

    /// The mode's name in the report and the UI: production | simulated | per_table.
    pub fn mode(&self) -> &'static str {
        match self {
            TableSizes::Production => "production",
            TableSizes::Simulated => "simulated",
            TableSizes::PerTable { .. } => "per_table",
        }
    }

    /// One line for the Advisor and report.md.
    pub fn describe(&self) -> String {
        match self {
            TableSizes::Production => {
                "every table that exists before an up file is assumed production-sized".into()
            }
            TableSizes::Simulated => {
                "tables are as large as the simulation made them (the baseline and seed rows)"
                    .into()
            }
            TableSizes::PerTable { rows } if rows.is_empty() => {
                "rows per table (none given: every table is assumed production-sized)".into()
            }
            TableSizes::PerTable { rows } => {
                let list: Vec<String> = rows.iter().map(|(t, n)| format!("{t} = {n}")).collect();
                format!(
                    "rows per table: {}; other tables are assumed production-sized",
                    list.join(", ")
                )
            }
        }
    }
}

impl Size {
    /// Whether the table may hold rows when the migration runs.
    pub fn has_rows(self) -> bool {
        match self {
            Size::Assumed { .. } => true,
            Size::Simulated(n) | Size::Given(n) => n > 0,
        }
    }

    /// The rows the run had (whatever the setting).
    pub fn simulated(self) -> Option<i64> {
        match self {
            Size::Assumed { simulated } | Size::Simulated(simulated) => Some(simulated),
            Size::Given(_) => None,
        }
    }

    /// For a finding's detail: "12 rows before this file", "assumed production-sized; 0 rows in
    /// the simulation", "5000000 rows by the project's table sizes".
    pub fn describe(self) -> String {
        match self {
            Size::Assumed { simulated } => {
                format!("assumed production-sized; {} in the simulation", rows(simulated))
            }
            Size::Simulated(n) => format!("{} before this file", rows(n)),
            Size::Given(n) => format!("{} by the project's table sizes", rows(n)),
        }
    }
}

/// "1 row", "12 rows".
pub fn rows(n: i64) -> String {
    format!("{n} row{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_per_mode() {
        assert!(
            TableSizes::default().size("public.t", 0).has_rows(),
            "production-sized by default"
        );
        assert!(!TableSizes::Simulated.size("public.t", 0).has_rows());
        assert!(TableSizes::Simulated.size("public.t", 3).has_rows());
        let given = TableSizes::PerTable { rows: BTreeMap::from([("public.t".to_string(), 0)]) };
        assert!(!given.size("public.t", 9).has_rows());
        assert!(
            given.size("public.u", 0).has_rows(),
            "a table not listed is assumed production-sized"
        );
        assert_eq!(
            TableSizes::default().size("public.t", 0).describe(),
            "assumed production-sized; 0 rows in the simulation"
        );
    }

    #[test]
    fn serialized_shape() {
        assert_eq!(
            serde_json::to_string(&TableSizes::Production).unwrap(),
            r#"{"mode":"production"}"#
        );
        let given = TableSizes::PerTable { rows: BTreeMap::from([("public.t".to_string(), 5)]) };
        let json = serde_json::to_string(&given).unwrap();
        assert_eq!(json, r#"{"mode":"per_table","rows":{"public.t":5}}"#);
        assert_eq!(serde_json::from_str::<TableSizes>(&json).unwrap(), given);
    }
}
