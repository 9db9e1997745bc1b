//! The splinter rules, one per file.

use super::Rule;

pub fn rules() -> Vec<&'static dyn Rule> {
    vec![]
}
