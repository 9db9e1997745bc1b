//! golang-migrate: `<version>_<title>.up.sql` and `<version>_<title>.down.sql`, versions compared
//! as numbers (`10_x` after `9_x`, though it sorts first by name). Words in the title do not
//! change the role (`5_test_case_id_type.up.sql` is a migration).

use super::path::{leading_digits, number, strip_suffix_ci, FilePath};
use super::{Convention, FileConvention, SortKey};
use crate::files::Role;

pub fn detect(p: &FilePath) -> Option<FileConvention> {
    let (role, stem) =
        match (strip_suffix_ci(p.base, ".up.sql"), strip_suffix_ci(p.base, ".down.sql")) {
            (Some(s), _) => (Role::Up, s),
            (_, Some(s)) => (Role::Rollback, s),
            _ => return None,
        };
    let (digits, rest) = leading_digits(stem);
    if digits.is_empty() || !(rest.is_empty() || rest.starts_with('_')) {
        return None;
    }
    let v = number(digits);
    let why = match role {
        Role::Up => {
            format!("golang-migrate: {} is version {v} (numeric order, not name order)", p.base)
        }
        _ => format!("golang-migrate: {} undoes version {v} (rollbacks run newest first)", p.base),
    };
    Some(FileConvention::new(
        Convention::GolangMigrate,
        role,
        SortKey::versioned(vec![v], p.full),
        why,
    ))
}
