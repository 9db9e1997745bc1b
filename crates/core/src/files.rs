//! Project files, their roles, and the order they run in.
//!
//! Roles come from the file name (case-insensitive, words separated by anything that is not a
//! letter or a digit): `rollback`/`down` → rollback, `validate`/`validation`/`test`/`tests` →
//! validation, `baseline` → baseline, `seed`/`seeds` → seed, anything else → up. The user can
//! override both role and order; overrides travel with the project.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Baseline,
    Seed,
    Up,
    Validate,
    Rollback,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Baseline, Role::Seed, Role::Up, Role::Validate, Role::Rollback];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Baseline => "baseline",
            Role::Seed => "seed",
            Role::Up => "up",
            Role::Validate => "validate",
            Role::Rollback => "rollback",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Human label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Role::Baseline => "Baseline (existing schema)",
            Role::Seed => "Seed (existing data)",
            Role::Up => "Up migration",
            Role::Validate => "Validation",
            Role::Rollback => "Rollback",
        }
    }
}

/// The role a file name suggests.
pub fn detect_role(name: &str) -> Role {
    // Only the last path component counts: a folder called `tests/` says nothing of its files.
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base.strip_suffix(".sql").or_else(|| base.strip_suffix(".SQL")).unwrap_or(base);
    let lower = stem.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let has = |ws: &[&str]| words.iter().any(|w| ws.contains(w));
    if has(&["rollback", "down"]) {
        Role::Rollback
    } else if has(&["validate", "validation", "test", "tests"]) {
        Role::Validate
    } else if has(&["baseline"]) {
        Role::Baseline
    } else if has(&["seed", "seeds"]) {
        Role::Seed
    } else {
        Role::Up
    }
}

/// One file of the project, as the user loaded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlFile {
    pub name: String,
    pub text: String,
    /// The user's choice; `None` means "as detected".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_override: Option<Role>,
}

impl SqlFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SqlFile { name: name.into(), text: text.into(), role_override: None }
    }

    pub fn role(&self) -> Role {
        self.role_override.unwrap_or_else(|| detect_role(&self.name))
    }
}

/// The run plan: which files apply (in order) and which roll back (in order).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Order {
    pub apply: Vec<usize>,
    pub rollback: Vec<usize>,
}

/// Default order: baseline, seed, up, validation by byte order of the name; rollback files in
/// reverse byte order.
pub fn default_order(files: &[SqlFile]) -> Order {
    let mut apply: Vec<usize> = (0..files.len()).filter(|&i| files[i].role() != Role::Rollback).collect();
    apply.sort_by(|&a, &b| {
        (files[a].role(), files[a].name.as_bytes()).cmp(&(files[b].role(), files[b].name.as_bytes()))
    });
    let mut rollback: Vec<usize> = (0..files.len()).filter(|&i| files[i].role() == Role::Rollback).collect();
    rollback.sort_by(|&a, &b| files[b].name.as_bytes().cmp(files[a].name.as_bytes()));
    Order { apply, rollback }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(names: &[&str]) -> Vec<(String, Role)> {
        names.iter().map(|n| (n.to_string(), detect_role(n))).collect()
    }

    #[test]
    fn detects_roles_from_words() {
        let r = roles(&[
            "20250102_organizational_model_rollback.sql",
            "056_create_org_tables_down.sql",
            "rollback-002.sql",
            "validate_organizational_model.sql",
            "test.sql",
            "002_TESTING.sql",
            "000_baseline.sql",
            "seed.sql",
            "001_seeds.SQL",
            "breakdown.sql",
            "downgrade.sql",
            "20250102_organizational_model.sql",
            "tests/001_x.sql",
        ]);
        let want = [
            Role::Rollback,
            Role::Rollback,
            Role::Rollback,
            Role::Validate,
            Role::Validate,
            Role::Up, // TESTING is not the word "test"
            Role::Baseline,
            Role::Seed,
            Role::Seed,
            Role::Up, // "down" only as a whole word
            Role::Up,
            Role::Up,
            Role::Up, // folder names do not count
        ];
        for ((name, got), want) in r.iter().zip(want) {
            assert_eq!(*got, want, "{name}");
        }
    }

    #[test]
    fn orders_by_role_then_bytes_and_rollback_reversed() {
        let names = [
            "057_migrate_down.sql",
            "002_instructor.sql",
            "validate.sql",
            "002_TESTING.sql",
            "seed.sql",
            "056_tables_down.sql",
            "baseline.sql",
            "001_init.sql",
        ];
        let files: Vec<SqlFile> = names.iter().map(|n| SqlFile::new(*n, "")).collect();
        let o = default_order(&files);
        let n = |v: &[usize]| v.iter().map(|&i| files[i].name.as_str()).collect::<Vec<_>>();
        assert_eq!(
            n(&o.apply),
            ["baseline.sql", "seed.sql", "001_init.sql", "002_TESTING.sql", "002_instructor.sql", "validate.sql"]
        );
        assert_eq!(n(&o.rollback), ["057_migrate_down.sql", "056_tables_down.sql"]);
    }
}

/// Largest file the app accepts. Bigger files are refused with a message, never half-loaded.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// Turn a file's bytes into text, or say plainly why not (binary, not UTF-8, too large).
/// A UTF-8 byte-order mark is dropped.
pub fn decode(name: &str, bytes: &[u8]) -> Result<String, String> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{name} is {:.1} MB; files over {} MB are not loaded (split the seed data into smaller files)",
            bytes.len() as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ));
    }
    if let Some(at) = bytes.iter().take(64 * 1024).position(|&b| b == 0) {
        return Err(format!("{name} looks like a binary file (a NUL byte at offset {at}), not SQL text"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map(str::to_string).map_err(|e| {
        let at = e.valid_up_to();
        let before = &bytes[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = std::str::from_utf8(&before[before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1)..])
            .map(|s| s.chars().count() + 1)
            .unwrap_or(1);
        format!(
            "{name} is not UTF-8: byte 0x{:02X} at line {line}, column {col} (save the file as UTF-8)",
            bytes[at]
        )
    })
}

#[cfg(test)]
mod decode_tests {
    use super::decode;

    #[test]
    fn refuses_binary_non_utf8_and_huge_files() {
        assert_eq!(decode("a.sql", b"\xEF\xBB\xBFselect 1;").unwrap(), "select 1;");
        assert!(decode("a.sql", b"\x00\x01PK").unwrap_err().contains("binary"));
        let e = decode("l.sql", b"select 1;\nselect 'caf\xE9';").unwrap_err();
        assert_eq!(e, "l.sql is not UTF-8: byte 0xE9 at line 2, column 12 (save the file as UTF-8)");
        let big = vec![b' '; super::MAX_FILE_BYTES + 1];
        assert!(decode("big.sql", &big).unwrap_err().contains("MB"));
        assert_eq!(decode("empty.sql", b"").unwrap(), "");
    }
}
