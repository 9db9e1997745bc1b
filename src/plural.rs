//! Counts in words: "1 statement", "2 statements", "0 policies". One helper, used wherever the
//! page shows a count with its noun, so "1 statements" cannot come back in one place.

use std::fmt::Display;

/// `n` and the noun in the number it takes: `one` for exactly 1, `many` otherwise.
pub fn plural<N: Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    let word = if n == N::from(1) { one } else { many };
    format!("{n} {word}")
}

/// `n` and a noun whose plural adds an s ("statement" → "statements").
pub fn count<N: Display + PartialEq + From<u8>>(n: N, noun: &str) -> String {
    if n == N::from(1) {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::{count, plural};

    #[test]
    fn one_takes_the_singular_and_every_other_number_the_plural() {
        assert_eq!(count(1, "statement"), "1 statement");
        assert_eq!(count(2, "statement"), "2 statements");
        assert_eq!(count(0, "error"), "0 errors");
        assert_eq!(plural(1, "policy", "policies"), "1 policy");
        assert_eq!(plural(0, "policy", "policies"), "0 policies");
        assert_eq!(plural(27usize, "file", "files"), "27 files");
        assert_eq!(count(1u64, "row"), "1 row");
        assert_eq!(count(3u64, "row"), "3 rows");
    }
}
