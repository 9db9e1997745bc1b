//! graphile-migrate: `afterReset.sql` (run after every reset, before the migrations),
//! `committed/000001[-name].sql` in number order, then the work in progress: `current.sql` or
//! the files of `current/` (`1-current.sql`, …).

use super::path::{leading_digits, number, FilePath};
use super::{Convention, FileConvention, SortKey, GROUP_FIRST, GROUP_LAST};
use crate::files::Role;

pub fn detect(p: &FilePath) -> Option<FileConvention> {
    let g = |key: SortKey, why: String| Some(FileConvention::new(Convention::GraphileMigrate, Role::Up, key, why));
    if p.base == "afterReset.sql" {
        return g(SortKey::in_group(GROUP_FIRST, Vec::new(), p.full), "graphile-migrate: afterReset.sql runs first, right after the database is reset".into());
    }
    let parent = p.dirs.last().copied();
    let (digits, rest) = leading_digits(p.stem());
    if parent == Some("committed") && !digits.is_empty() && (rest.is_empty() || rest.starts_with('-')) {
        let n = number(digits);
        return g(SortKey::versioned(vec![n], p.full), format!("graphile-migrate: committed/{} is committed migration {n}", p.base));
    }
    if (parent == Some("current") && !digits.is_empty() && rest.starts_with('-')) || (p.base == "current.sql" && p.dirs.last().is_none_or(|d| *d == "migrations")) {
        let v = if digits.is_empty() { Vec::new() } else { vec![number(digits)] };
        return g(SortKey::in_group(GROUP_LAST, v, p.full), format!("graphile-migrate: {} is the work in progress, after the committed migrations", p.full));
    }
    None
}
