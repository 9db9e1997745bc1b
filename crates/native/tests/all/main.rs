//! The native engine's tests, in one test binary: the whole pipeline on real Postgres
//! (pglite-oxide) for the bundled examples, the fixtures, the peers' cases and the corpus.
//!
//! One binary, so it is linked once and every module shares [`support::simulate`]'s cache: a
//! project is run once per `cargo test`, however many modules read its report. Run one module with
//! `cargo test -p tenant-planner-native --test all -- cli::` (a module path is a test filter).

mod support;

mod cli;
mod compare;
mod conventions;
mod corpus;
mod draft;
mod engine_gaps;
mod export;
mod graphile_placeholders;
mod isolation;
mod leaks;
mod lint_catalog;
mod lint_membership;
mod lint_migration;
mod peers;
mod pg_dump_baseline;
mod pgtap;
mod pipeline;
mod platform;
mod probe_batches;
mod probe_speed;
mod real_postgres;
mod reopen;
mod rollback_levels;
mod sql_text;
mod verdict_matrix;
mod versions;
mod volume;
