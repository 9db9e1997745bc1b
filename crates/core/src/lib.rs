//! Tenant Planner's core: pure Rust, no IO, no browser types. It reaches Postgres only through
//! the [`engine::Engine`] trait.

pub mod bundle;
pub mod catalog;
pub mod conventions;
pub mod delta;
pub mod diff;
pub mod draft;
pub mod dump;
pub mod engine;
pub mod engine_limits;
pub mod erd;
pub mod export;
pub mod extensions;
pub mod files;
pub mod isolation;
pub mod lint;
pub mod matrix;
pub mod observer;
pub mod pgtap;
pub mod pipeline;
pub mod platform;
pub mod profile;
pub mod project;
pub mod reopen;
pub mod report;
pub mod rollback;
pub mod run;
pub mod run_result;
pub mod share;
pub mod split;
pub mod sql_text;
pub mod tenancy;
pub mod tenant_context;
pub mod validation;
pub mod verdict;
pub mod volume;

pub use engine::{DbError, Engine, EngineFailure, ExecOutcome, Notice};
pub use files::{Role, SqlFile};
pub use profile::Profile;
pub use project::Project;
