pub mod run_base;
pub mod use_address_link;
pub mod use_persistence;
pub mod use_runner;
pub mod use_stable_callback;

pub use run_base::use_base_runner;
pub use use_address_link::use_address_link;
pub use use_persistence::use_persistence;
pub use use_runner::use_runner;
pub use use_stable_callback::use_stable_callback;
