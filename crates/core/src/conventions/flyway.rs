//! Flyway: `V<version>__<description>.sql` versioned migrations, the version compared number by
//! number (`V1_10` = 1.10 after `V1_9` = 1.9; `_` and `.` both separate); `U<version>__…` undo
//! scripts (rollback, newest first); `R__<description>.sql` repeatable scripts, run after every
//! versioned migration, by description.

use super::path::{number, strip_suffix_ci, FilePath};
use super::{Convention, FileConvention, SortKey, GROUP_LAST};
use crate::files::Role;

/// `1_10` / `1.10` → [1, 10]; None unless digits separated by single `_` or `.`.
fn version(v: &str) -> Option<Vec<u128>> {
    let parts: Vec<&str> = v.split(['_', '.']).collect();
    parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .then(|| parts.iter().map(|p| number(p)).collect())
}

pub fn detect(p: &FilePath) -> Option<FileConvention> {
    let stem = strip_suffix_ci(p.base, ".sql")?;
    if let Some(desc) = stem.strip_prefix("R__").filter(|d| !d.is_empty()) {
        return Some(FileConvention::new(
            Convention::Flyway,
            Role::Up,
            SortKey::in_group(GROUP_LAST, Vec::new(), p.full),
            format!(
                "Flyway: {} is repeatable ({desc}): runs after every versioned migration, by name",
                p.base
            ),
        ));
    }
    let (prefix, rest) = stem.split_at_checked(1)?;
    let role = match prefix {
        "V" => Role::Up,
        "U" => Role::Rollback,
        _ => return None,
    };
    let (v, desc) = rest.split_once("__")?;
    let parts = version(v)?;
    if desc.is_empty() {
        return None;
    }
    let dotted = parts.iter().map(u128::to_string).collect::<Vec<_>>().join(".");
    let why = match role {
        Role::Up => {
            format!("Flyway: {} is version {dotted} (versions compare number by number)", p.base)
        }
        _ => format!("Flyway: {} undoes version {dotted} (undo scripts run newest first)", p.base),
    };
    Some(FileConvention::new(Convention::Flyway, role, SortKey::versioned(parts, p.full), why))
}
