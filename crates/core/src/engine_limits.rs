//! Limits of the engines here (PGlite in the browser, pglite-oxide natively) that a real server
//! does not have: the error a statement gets from such a limit carries one clear note naming it,
//! so nobody takes it for a bug in the migration. A single-user, embedded Postgres runs with
//! `wal_level` below `logical` and cannot be restarted with another one: replication slots for
//! logical decoding (what CDC tools such as Debezium, Sequin or Supabase Realtime create) fail.

/// The note for an error that comes from an engine limit, if it does.
pub fn note(sqlstate: &str, message: &str) -> Option<&'static str> {
    // 55000 object_not_in_prerequisite_state: "logical decoding requires "wal_level" >= "logical""
    // (PostgreSQL 16+: "logical decoding requires \"wal_level\" >= \"logical\""; 15: wal_level >= logical).
    (sqlstate == "55000"
        && message.contains("logical decoding requires")
        && message.contains("wal_level"))
    .then_some(WAL_LEVEL)
}

pub const WAL_LEVEL: &str = "Engine limit: this embedded PostgreSQL runs with wal_level below logical and cannot be \
restarted with another, so logical replication slots cannot be created here. A real server started with \
wal_level = logical runs this statement; the rest of the project is checked without the slot.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_wal_level_limit_only_for_logical_decoding() {
        assert_eq!(
            note("55000", "logical decoding requires \"wal_level\" >= \"logical\""),
            Some(WAL_LEVEL)
        );
        assert_eq!(
            note("55000", "logical decoding requires wal_level >= logical"),
            Some(WAL_LEVEL)
        );
        assert_eq!(note("55000", "cannot drop the currently open database"), None);
        assert_eq!(note("42P01", "relation \"wal_level\" does not exist"), None);
    }
}
