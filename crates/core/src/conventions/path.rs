//! A file's relative path as the conventions read it: folders, base name, the leading number of
//! the base name and the words of the rest.

/// `supabase/migrations/20240101000000_orgs.sql` → dirs `["supabase", "migrations"]`, base
/// `20240101000000_orgs.sql`. A `#down` suffix (the down section of a dbmate file, split off
/// when loaded) is kept apart in `section`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePath<'a> {
    pub full: &'a str,
    pub dirs: Vec<&'a str>,
    pub base: &'a str,
    pub section: Option<&'a str>,
}

impl<'a> FilePath<'a> {
    pub fn new(name: &'a str) -> Self {
        // Only the sections the loader makes: a `#` elsewhere is part of the name.
        let (path, section) = match name.rsplit_once('#') {
            Some((p, s)) if s == super::dbmate::DOWN => (p, Some(s)),
            _ => (name, None),
        };
        let mut parts: Vec<&str> =
            path.split(['/', '\\']).filter(|p| !p.is_empty() && *p != ".").collect();
        let base = parts.pop().unwrap_or("");
        FilePath { full: name, dirs: parts, base, section }
    }

    /// The path without the section suffix: the file on disk.
    pub fn file(&self) -> &'a str {
        match self.section {
            Some(s) => &self.full[..self.full.len() - s.len() - 1],
            None => self.full,
        }
    }

    /// The base name without `.sql` (any case).
    pub fn stem(&self) -> &'a str {
        strip_suffix_ci(self.base, ".sql").unwrap_or(self.base)
    }

    /// The folder holding the file (`a/b` for `a/b/c.sql`), empty at the top.
    pub fn dir(&self) -> String {
        self.dirs.join("/")
    }

    /// Index of the last folder named `name` (case-insensitive).
    pub fn dir_index(&self, name: &str) -> Option<usize> {
        self.dirs.iter().rposition(|d| d.eq_ignore_ascii_case(name))
    }
}

pub fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    (s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(suffix)).then(|| &s[..cut])
}

/// The ASCII digits a string starts with, and the rest.
pub fn leading_digits(s: &str) -> (&str, &str) {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    (&s[..n], &s[n..])
}

/// A run of digits as a number (saturating: 40 digits and more compare as equal, which no real
/// migration name reaches).
pub fn number(digits: &str) -> u128 {
    digits.bytes().fold(0u128, |n, d| n.saturating_mul(10).saturating_add(u128::from(d - b'0')))
}

/// A leading number that reads as a point in time rather than a counter: ten digits or more
/// (epoch seconds or milliseconds, `YYYYMMDDHHMM[SS]`), or an eight-digit date `YYYYMMDD`.
pub fn is_timestamp(digits: &str) -> bool {
    match digits.len() {
        0..=7 | 9 => false,
        8 => {
            let (y, m, d) = (number(&digits[..4]), number(&digits[4..6]), number(&digits[6..]));
            (1900..=2099).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
        }
        _ => true,
    }
}

/// Lower-case words of a name: split on anything that is not an ASCII letter or digit.
pub fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Case-insensitive (ASCII) substring test.
pub fn contains_ci(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_numbers_and_timestamps() {
        let p = FilePath::new("supabase/migrations/20240101000000_orgs.sql");
        assert_eq!(
            (p.dirs.clone(), p.base, p.stem(), p.section),
            (
                vec!["supabase", "migrations"],
                "20240101000000_orgs.sql",
                "20240101000000_orgs",
                None
            )
        );
        let d = FilePath::new("db/migrations/1_x.sql#down");
        assert_eq!(
            (d.base, d.section, d.file()),
            ("1_x.sql", Some("down"), "db/migrations/1_x.sql")
        );
        assert_eq!(FilePath::new("a#b.sql").file(), "a#b.sql");
        assert_eq!(FilePath::new("a.SQL").stem(), "a");
        assert_eq!(leading_digits("010_x"), ("010", "_x"));
        assert_eq!(number("010"), 10);
        assert!(
            is_timestamp("20250102")
                && is_timestamp("1627205500879")
                && is_timestamp("20240101120000")
        );
        assert!(!is_timestamp("001") && !is_timestamp("00000001") && !is_timestamp("20251302"));
        assert_eq!(words("002_TESTING-x"), ["002", "testing", "x"]);
        assert!(contains_ci("select PLAN(1)", "plan("));
    }
}
