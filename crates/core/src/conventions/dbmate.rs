//! dbmate: one file per migration (`db/migrations/20240101120000_create_orgs.sql`) holding a
//! `-- migrate:up` section and a `-- migrate:down` section. Running the whole file would undo
//! what it just did, so a loaded file is split in two: its up part keeps the name, its down part
//! is `<name>#down` and runs as a rollback. Each part is the whole file with the other section's
//! lines blanked, so every line keeps its number and an error points at the real line of the
//! original file.

use super::path::{leading_digits, line_of, number, FilePath};
use super::{Convention, FileConvention, SortKey};
use crate::files::{Role, SqlFile};

/// The suffix of a dbmate file's down part.
pub const DOWN: &str = "down";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Up,
    Down,
}

/// `-- migrate:up` / `-- migrate:down` lines (options such as `transaction:false` may follow),
/// with their byte offsets.
fn markers(text: &str) -> Vec<(usize, Marker)> {
    if !text.contains("migrate:") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix("--") {
            let rest = rest.trim_start();
            let found = match (rest.strip_prefix("migrate:up"), rest.strip_prefix("migrate:down")) {
                (Some(after), _) => Some((Marker::Up, after)),
                (_, Some(after)) => Some((Marker::Down, after)),
                _ => None,
            };
            // `-- migrate:upgrade notes` is a comment, not a marker.
            if let Some((m, _)) =
                found.filter(|(_, after)| after.chars().next().is_none_or(|c| !c.is_alphanumeric()))
            {
                out.push((at, m));
            }
        }
        at += line.len();
    }
    out
}

pub fn detect(p: &FilePath, text: &str) -> Option<FileConvention> {
    let ms = markers(text);
    let up = ms.iter().find(|m| m.1 == Marker::Up).map(|m| line_of(text, m.0));
    let down = ms.iter().find(|m| m.1 == Marker::Down).map(|m| line_of(text, m.0));
    if up.is_none() && down.is_none() {
        return None;
    }
    let (digits, _) = leading_digits(p.stem());
    let key = if digits.is_empty() {
        SortKey::by_name(p.file())
    } else {
        SortKey::versioned(vec![number(digits)], p.file())
    };
    let version = if digits.is_empty() { String::new() } else { format!(", version {digits}") };
    let base = p.base;
    let (role, why) = match (up, down) {
        (Some(u), Some(d)) => (
            Role::Up,
            format!("dbmate: {base} holds -- migrate:up (line {u}) and -- migrate:down (line {d}); loading splits off the down section as {base}#{DOWN}{version}"),
        ),
        (Some(u), None) => (Role::Up, format!("dbmate: the -- migrate:up section of {base} (from line {u}){version}")),
        (None, Some(d)) => (Role::Rollback, format!("dbmate: the -- migrate:down section of {base} (from line {d}), run as its rollback{version}")),
        (None, None) => unreachable!(),
    };
    Some(FileConvention::new(Convention::Dbmate, role, key, why))
}

/// A dbmate file with both sections → its up part and its down part (`name#down`); any other
/// file unchanged. Lines outside a part are blanked (emptied, line breaks kept).
pub fn split_sections(file: SqlFile) -> Vec<SqlFile> {
    let ms = markers(&file.text);
    if !(ms.iter().any(|m| m.1 == Marker::Up) && ms.iter().any(|m| m.1 == Marker::Down))
        || FilePath::new(&file.name).section.is_some()
    {
        return vec![file];
    }
    // Byte ranges of the down sections: from a down marker to the next up marker (or the end).
    let mut down_ranges = Vec::new();
    for (k, &(at, m)) in ms.iter().enumerate() {
        if m == Marker::Down {
            let end =
                ms[k + 1..].iter().find(|n| n.1 == Marker::Up).map_or(file.text.len(), |n| n.0);
            down_ranges.push(at..end);
        }
    }
    let in_down = |i: usize| down_ranges.iter().any(|r| r.contains(&i));
    let keep = |want_down: bool| -> String {
        file.text
            .char_indices()
            .filter(|&(i, c)| c == '\n' || in_down(i) == want_down)
            .map(|(_, c)| c)
            .collect()
    };
    let up =
        SqlFile { name: file.name.clone(), text: keep(false), role_override: file.role_override };
    let down = SqlFile::new(format!("{}#{DOWN}", file.name), keep(true));
    vec![up, down]
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str =
        "-- migrate:up\ncreate table orgs (id int);\n\n-- migrate:down\ndrop table orgs;\n";

    #[test]
    fn splits_into_parts_with_the_same_lines() {
        let parts = split_sections(SqlFile::new("db/migrations/20240101120000_orgs.sql", FILE));
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "db/migrations/20240101120000_orgs.sql");
        assert_eq!(parts[0].text, "-- migrate:up\ncreate table orgs (id int);\n\n\n\n");
        assert_eq!(parts[1].name, "db/migrations/20240101120000_orgs.sql#down");
        assert_eq!(parts[1].text, "\n\n\n-- migrate:down\ndrop table orgs;\n");
        assert_eq!(parts[1].text.lines().count(), FILE.lines().count());
        // Parts are not split again.
        assert_eq!(split_sections(parts[0].clone()), vec![parts[0].clone()]);
        assert_eq!(split_sections(parts[1].clone()), vec![parts[1].clone()]);
        let up = detect(&FilePath::new(&parts[0].name), &parts[0].text).unwrap();
        let down = detect(&FilePath::new(&parts[1].name), &parts[1].text).unwrap();
        assert_eq!((up.role, down.role), (Role::Up, Role::Rollback));
        assert_eq!(up.key, down.key);
        assert_eq!(down.reason, "dbmate: the -- migrate:down section of 20240101120000_orgs.sql (from line 4), run as its rollback, version 20240101120000");
    }

    #[test]
    fn markers_need_the_exact_words() {
        assert!(markers("-- migrate:upgrade later\nselect 1;").is_empty());
        assert_eq!(
            markers("--migrate:up transaction:false\nselect 1;\n-- migrate:down\n").len(),
            2
        );
        assert!(detect(&FilePath::new("a.sql"), "select 'migrate:up';").is_none());
    }
}
