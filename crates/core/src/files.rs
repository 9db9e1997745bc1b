//! Project files, the roles a file can have, and the shape of a run order. A leaf of the core:
//! it imports nothing of the crate.
//!
//! Which role a file has and where it runs is the conventions' answer (`conventions/role.rs`:
//! [`SqlFile::role`], `conventions::detect_role`, `conventions::order`): the migration tool's
//! layout (Supabase CLI, golang-migrate, Flyway, dbmate, sqitch, Prisma, graphile-migrate,
//! drizzle, pg_dump) and, for files that follow none, the words of the name (`rollback`/`down` →
//! rollback, `test`/`testing`/`validate`/… → validation, `baseline`, `seed`/`seeds`, else up) and
//! the content (pgTAP tests and read-only PASS/FAIL checks are validation). The user can override
//! both role and order; overrides travel with the project.

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
    pub const ALL: [Role; 5] =
        [Role::Baseline, Role::Seed, Role::Up, Role::Validate, Role::Rollback];

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
}

/// The run plan: which files apply (in order) and which roll back (in order).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Order {
    pub apply: Vec<usize>,
    pub rollback: Vec<usize>,
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
        return Err(format!(
            "{name} looks like a binary file (a NUL byte at offset {at}), not SQL text"
        ));
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
        assert_eq!(
            e,
            "l.sql is not UTF-8: byte 0xE9 at line 2, column 12 (save the file as UTF-8)"
        );
        let big = vec![b' '; super::MAX_FILE_BYTES + 1];
        assert!(decode("big.sql", &big).unwrap_err().contains("MB"));
        assert_eq!(decode("empty.sql", b"").unwrap(), "");
    }
}
