//! Platform profiles: what is pre-applied before the user's files.

use crate::files::SqlFile;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Supabase,
    Postgres,
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Supabase => "supabase",
            Profile::Postgres => "postgres",
        }
    }

    pub fn parse(s: &str) -> Option<Profile> {
        match s.to_ascii_lowercase().as_str() {
            "supabase" => Some(Profile::Supabase),
            "postgres" | "plain" | "postgresql" => Some(Profile::Postgres),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Profile::Supabase => "Supabase",
            Profile::Postgres => "Plain Postgres",
        }
    }

    /// Whether the platform owns this schema (Supabase's auth, storage, realtime, vault,
    /// extensions …): its tables are never the project's tenant tables, and the leak probes leave
    /// them out. The project's own tables live elsewhere.
    pub fn owns_schema(self, schema: &str) -> bool {
        match self {
            Profile::Supabase => SUPABASE_SCHEMAS.contains(&schema),
            Profile::Postgres => false,
        }
    }

    /// SQL run on the fresh database before the user's files.
    pub fn shim(self) -> &'static str {
        match self {
            Profile::Supabase => SUPABASE_SHIM,
            Profile::Postgres => "",
        }
    }
}

/// The schemas a Supabase database has before any migration (the shim makes the first five);
/// the splinter-style lints leave them out too (`lint::splinter::is_system_schema`).
pub const SUPABASE_SCHEMAS: [&str; 14] = [
    "auth",
    "storage",
    "realtime",
    "vault",
    "extensions",
    "graphql",
    "graphql_public",
    "pgsodium",
    "pgsodium_masks",
    "supabase_functions",
    "supabase_migrations",
    "cron",
    "net",
    "pgbouncer",
];

impl Profile {
    /// Session settings the shim makes, applied again whenever the run resets the session (after
    /// a baseline dump): Supabase finds its extensions through the search_path.
    pub fn session_setup(self) -> &'static str {
        match self {
            Profile::Supabase => "set search_path to \"$user\", public, extensions;",
            Profile::Postgres => "",
        }
    }
}

pub const SUPABASE_SHIM: &str = include_str!("shim/supabase.sql");

/// Why a profile was chosen: the first Supabase marker found, with its file and line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileChoice {
    pub profile: Profile,
    pub reason: String,
}

const SUPABASE_MARKERS: [&str; 5] =
    ["auth.uid()", "auth.users", "storage.", "authenticated", "anon"];

/// Supabase when any file mentions `auth.uid()`, `auth.users`, `storage.` or the roles
/// `authenticated` / `anon` (as whole words); plain Postgres otherwise.
pub fn detect_profile(files: &[SqlFile]) -> ProfileChoice {
    for f in files {
        for (n, line) in f.text.lines().enumerate() {
            let lower = line.to_ascii_lowercase();
            for m in SUPABASE_MARKERS {
                if find_word(&lower, m) {
                    return ProfileChoice {
                        profile: Profile::Supabase,
                        reason: format!("{}:{} mentions `{}`", f.name, n + 1, m),
                    };
                }
            }
        }
    }
    ProfileChoice {
        profile: Profile::Postgres,
        reason: "no file mentions auth.uid(), auth.users, storage., authenticated or anon".into(),
    }
}

fn find_word(hay: &str, needle: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    hay.match_indices(needle).any(|(i, m)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + m.len()..].chars().next();
        // `storage.` ends in a dot and `auth.uid()` in a paren: only the start needs a boundary.
        let end_ok = !m.ends_with(|c: char| ident(c)) || !after.is_some_and(ident);
        !before.is_some_and(|c| ident(c) || c == '.') && end_ok
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str) -> Profile {
        detect_profile(&[SqlFile::new("a.sql", text)]).profile
    }

    #[test]
    fn detects_supabase_markers_as_words() {
        assert_eq!(detect("create policy p on t using (user_id = auth.uid());"), Profile::Supabase);
        assert_eq!(detect("grant select on t to authenticated;"), Profile::Supabase);
        assert_eq!(detect("insert into storage.buckets values ('a');"), Profile::Supabase);
        assert_eq!(detect("alter table t add column is_authenticated boolean;"), Profile::Postgres);
        assert_eq!(
            detect("create table canonical (x int); select 'anonymous';"),
            Profile::Postgres
        );
        assert_eq!(detect("create table my_storage.x (id int);"), Profile::Postgres);
        let c =
            detect_profile(&[SqlFile::new("x.sql", "select 1;\ngrant usage on schema s to anon;")]);
        assert_eq!(c.reason, "x.sql:2 mentions `anon`");
    }
}
