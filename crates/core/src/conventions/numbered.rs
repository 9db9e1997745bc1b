//! No tool's layout: numbered files (`001_orgs.sql`, `20250102_orgs.sql`) or plain names. Roles
//! come from words in the name (case-insensitive, split on anything not a letter or digit) and,
//! for validation, from the content; order from the leading number, then the name.
//!
//! - `rollback`, `rollbacks`, `down` anywhere → rollback.
//! - `test`, `tests`, `testing`, `validate`, `validation`, `validations` anywhere, or `check`,
//!   `checks`, `verify`, `verification`, `spec`, `specs` as the first or last word → validation
//!   (`002_TESTING.sql`, `check_tenancy.sql`; not `add_check_constraint.sql`).
//! - `baseline` → baseline, `seed`/`seeds` → seed — except in a timestamped sequence
//!   (`20240101120000_roles-seed.sql`): such a file is applied at its place in the sequence.
//! - otherwise a file that only reads and reports PASS/FAIL, or a pgTAP test → validation.
//! - anything else → up.

use super::content;
use super::path::{is_timestamp, leading_digits, number, words, FilePath};
use super::{Convention, FileConvention, SortKey};
use crate::files::Role;

const ROLLBACK: [&str; 3] = ["rollback", "rollbacks", "down"];
const VALIDATE_ANYWHERE: [&str; 6] =
    ["test", "tests", "testing", "validate", "validation", "validations"];
const VALIDATE_AT_ENDS: [&str; 6] = ["check", "checks", "verify", "verification", "spec", "specs"];

/// Role and key from the name (and content for validation); never fails.
pub fn detect(p: &FilePath, text: &str) -> FileConvention {
    let stem = p.stem();
    let (digits, rest) = leading_digits(stem);
    let ws = words(rest);
    let (convention, key, place) = if digits.is_empty() {
        (Convention::Plain, SortKey::by_name(p.full), "ordered by name".to_string())
    } else {
        let n = number(digits);
        (Convention::Numbered, SortKey::versioned(vec![n], p.full), format!("number {n}"))
    };
    let timestamped = is_timestamp(digits);
    let base = p.base;
    let found = |list: &[&str]| ws.iter().find(|w| list.contains(&w.as_str())).cloned();
    let at_ends = || {
        [ws.first(), ws.last()]
            .into_iter()
            .flatten()
            .find(|w| VALIDATE_AT_ENDS.contains(&w.as_str()))
            .cloned()
    };
    let (role, why) = if let Some(w) = found(&ROLLBACK) {
        (Role::Rollback, format!("the word \"{w}\" in {base}: a rollback file ({place})"))
    } else if let Some(w) = found(&VALIDATE_ANYWHERE).or_else(at_ends) {
        (Role::Validate, format!("the word \"{w}\" in {base}: a validation file ({place})"))
    } else if let Some(w) = found(&["baseline", "seed", "seeds"]).filter(|_| timestamped) {
        (
            Role::Up,
            format!("{base} is migration {digits} of a timestamped sequence: applied at its place, the word \"{w}\" does not hoist it"),
        )
    } else if found(&["baseline"]).is_some() {
        (
            Role::Baseline,
            format!("the word \"baseline\" in {base}: the existing schema, run first ({place})"),
        )
    } else if let Some(w) = found(&["seed", "seeds"]) {
        (
            Role::Seed,
            format!(
                "the word \"{w}\" in {base}: existing data, run before the up migrations ({place})"
            ),
        )
    } else if let Some(why) = content::validation(text) {
        (Role::Validate, format!("{base} {why}: a validation file ({place})"))
    } else if digits.is_empty() {
        (
            Role::Up,
            format!(
                "no tool's layout and no role word in {base}: an up migration, ordered by name"
            ),
        )
    } else if timestamped {
        (
            Role::Up,
            format!("{base} is migration {digits} of a timestamped sequence (numeric order)"),
        )
    } else {
        (Role::Up, format!("{base} is number {} (numeric order: 10 after 9)", number(digits)))
    };
    FileConvention::new(convention, role, key, why)
}
