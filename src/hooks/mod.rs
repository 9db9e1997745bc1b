pub mod use_persistence;
pub mod use_runner;

pub use use_persistence::use_persistence;
pub use use_runner::use_runner;
