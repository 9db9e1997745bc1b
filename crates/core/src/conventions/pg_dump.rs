//! A `pg_dump` file (`-- PostgreSQL database dump` in its header, as pg_dump and `supabase db
//! dump` write it) is the existing schema: the baseline.

use super::path::FilePath;
use super::{Convention, FileConvention, SortKey};
use crate::files::Role;

pub fn detect(p: &FilePath, text: &str) -> Option<FileConvention> {
    let head: String = text.lines().take(30).collect::<Vec<_>>().join("\n");
    if !head.lines().any(|l| l.trim() == "-- PostgreSQL database dump") {
        return None;
    }
    let from = head
        .lines()
        .find_map(|l| l.trim().strip_prefix("-- Dumped from database version "))
        .map(|v| format!(" from PostgreSQL {}", v.trim()))
        .unwrap_or_default();
    Some(FileConvention::new(
        Convention::PgDump,
        Role::Baseline,
        SortKey::by_name(p.full),
        format!("pg_dump: {} starts with the \"-- PostgreSQL database dump\" header (dumped{from}): the existing schema, run as the baseline", p.base),
    ))
}
