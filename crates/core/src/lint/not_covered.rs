//! The peers' rules that have no counterpart here, each with the reason. The Advisor lists them
//! under "Not checked here", so a clean Advisor never reads as "splinter and squawk found nothing";
//! `tests/peers` counts their cases as not covered (and fails on a peer rule missing here).

use super::PeerDifference;

static NOT_COVERED: &[PeerDifference] = &[
    PeerDifference {
        id: "unused_index",
        peer: "splinter",
        peer_rule: "unused_index",
        text: "Needs the production database's statistics (pg_stat_user_indexes.idx_scan): in a fresh simulated database every index is unused.",
    },
    PeerDifference {
        id: "extension_in_public",
        peer: "splinter",
        peer_rule: "extension_in_public",
        text: "Not checked: extensions installed in the public schema. Our catalog snapshot does not read pg_extension yet.",
    },
    PeerDifference {
        id: "foreign_table_in_api",
        peer: "splinter",
        peer_rule: "foreign_table_in_api",
        text: "Not checked: foreign tables readable through the API. The in-browser engine has no foreign-data wrappers, so such a project does not run here.",
    },
    PeerDifference {
        id: "unsupported_reg_types",
        peer: "splinter",
        peer_rule: "unsupported_reg_types",
        text: "Not checked: columns of reg* types (regproc, regclass …) that block pg_upgrade. An upgrade concern, not one of migrating a schema to tenants.",
    },
    PeerDifference {
        id: "insecure_queue_exposed_in_api",
        peer: "splinter",
        peer_rule: "insecure_queue_exposed_in_api",
        text: "Not checked: pgmq queue tables exposed without RLS. pgmq is a Supabase extension the simulation does not provide; a table the user creates is covered by rls_disabled_in_public and tenant_table_without_rls.",
    },
    PeerDifference {
        id: "extension_versions_outdated",
        peer: "splinter",
        peer_rule: "extension_versions_outdated",
        text: "Not checked: extensions older than the default version. The versions available in the simulation are not those of the production server.",
    },
    PeerDifference {
        id: "sensitive_columns_exposed",
        peer: "splinter",
        peer_rule: "sensitive_columns_exposed",
        text: "Not checked by column name (ssn, card_number …). What an API role can read is checked for real: the policy matrix and the leak probes show which rows each role reaches.",
    },
    PeerDifference {
        id: "public_bucket_allows_listing",
        peer: "splinter",
        peer_rule: "public_bucket_allows_listing",
        text: "Not checked: public Storage buckets whose SELECT policy lets clients list every file. Buckets are rows of storage.buckets, which the catalog snapshot does not read.",
    },
    PeerDifference {
        id: "ban-drop-database",
        peer: "squawk",
        peer_rule: "ban-drop-database",
        text: "Not checked: DROP DATABASE in a migration. The simulation runs inside one database and PGlite cannot create or drop others, so such a file fails to run here (the error shows it).",
    },
];

/// The peer rules not carried here, with why.
pub fn not_covered() -> &'static [PeerDifference] {
    NOT_COVERED
}
