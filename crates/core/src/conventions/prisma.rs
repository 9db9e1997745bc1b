//! Prisma Migrate: `migrations/<timestamp>_name/migration.sql`, one folder per migration, in
//! timestamp order. Every file has the same base name, so the folder names it.

use super::path::{leading_digits, number, FilePath};
use super::{Convention, FileConvention, SortKey};
use crate::files::Role;

pub fn detect(p: &FilePath) -> Option<FileConvention> {
    if !p.base.eq_ignore_ascii_case("migration.sql") {
        return None;
    }
    let folder = *p.dirs.last()?;
    let (digits, rest) = leading_digits(folder);
    if digits.is_empty() || !(rest.is_empty() || rest.starts_with('_')) {
        return None;
    }
    Some(FileConvention::new(
        Convention::Prisma,
        Role::Up,
        SortKey::versioned(vec![number(digits)], p.full),
        format!(
            "Prisma: {folder}/migration.sql is migration {digits} (timestamp order of the folders)"
        ),
    ))
}
