//! drizzle-kit: `NNNN_adjective_name.sql` with `--> statement-breakpoint` between statements,
//! applied in number order.

use super::path::{leading_digits, number, FilePath};
use super::{Convention, FileConvention, SortKey};
use crate::files::Role;

pub fn detect(p: &FilePath, text: &str) -> Option<FileConvention> {
    let (digits, _) = leading_digits(p.stem());
    if digits.is_empty() || !text.contains("--> statement-breakpoint") {
        return None;
    }
    let n = number(digits);
    Some(FileConvention::new(
        Convention::Drizzle,
        Role::Up,
        SortKey::versioned(vec![n], p.full),
        format!("drizzle-kit: {} (statement-breakpoint markers) is migration {n}", p.base),
    ))
}
