//! One statement's record: what the DDL log saw it touch, lock and rewrite, its one-line summary
//! for the timeline, and a Postgres error placed in its file.

use crate::catalog::DDL_LOG_READ;
use crate::engine::{DbError, Engine};
use crate::run_result::{LocatedError, StatementRun, Status};
use crate::split::{char_position_to_offset, LineIndex, Statement};

/// What the last statement touched, from the event-trigger log (the app's own temp objects left
/// out), and the tables it held ACCESS EXCLUSIVE locks on and rewrote (rows 'lock' and 'rewrite').
pub(super) async fn read_ddl_log<E: Engine>(
    engine: &mut E,
) -> (Vec<(String, String)>, Vec<String>, Vec<String>) {
    let Ok(Ok(text)) = engine.query_text(DDL_LOG_READ).await else { return Default::default() };
    let rows: Vec<(String, String)> = serde_json::from_str(&text).unwrap_or_default();
    let (mut out, mut locks, mut rewrites): (Vec<(String, String)>, Vec<String>, Vec<String>) =
        Default::default();
    for r in rows {
        let list = match r.0.as_str() {
            "lock" => &mut locks,
            "rewrite" => &mut rewrites,
            _ => {
                if !r.1.starts_with("pg_temp") && !out.contains(&r) {
                    out.push(r);
                }
                continue;
            }
        };
        if !list.contains(&r.1) {
            list.push(r.1);
        }
    }
    (out, locks, rewrites)
}

/// Statement `si` of file `fi` as the timeline lists it before it runs: not run yet.
pub(super) fn listed(fi: usize, si: usize, st: &Statement) -> StatementRun {
    StatementRun {
        file: fi,
        index: si,
        line: st.line,
        column: st.column,
        end_line: st.end_line,
        end_column: st.end_column,
        status: Status::NotRun,
        duration_ms: 0.0,
        notices: Vec::new(),
        rows: None,
        error: None,
        skip_reason: None,
        summary: summary(&st.sql),
        touched: Vec::new(),
        locks: Vec::new(),
        rewrites: Vec::new(),
    }
}

fn summary(sql: &str) -> String {
    let first =
        sql.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with("--")).unwrap_or("");
    let mut s: String = first.chars().take(120).collect();
    if first.chars().count() > 120 || sql.trim().lines().count() > 1 {
        s.push_str(" …");
    }
    s
}

/// Place a Postgres error in the file: its `position` when given; else, inside a function or
/// DO body, the body line from the error context ("… line 7 at RAISE"); else the statement.
pub fn locate(
    file: &str,
    text: &str,
    index: &LineIndex,
    st: &Statement,
    e: DbError,
) -> LocatedError {
    let (mut line, mut column, mut how) = (st.line, st.column, "statement");
    if let Some(p) = e.position {
        let off = char_position_to_offset(text, st.start, p);
        (line, column) = index.locate(text, off);
        how = "position";
    } else if let Some(body_line) = e.where_.as_deref().and_then(body_line_from_context) {
        if let Some(body_start) = dollar_body_start(&st.sql) {
            let off = st.start + body_start;
            let (l0, _) = index.locate(text, off);
            let target = l0 + body_line - 1;
            if target <= st.end_line {
                line = target;
                column = text
                    .lines()
                    .nth(target - 1)
                    .map(|l| l.len() - l.trim_start().len() + 1)
                    .unwrap_or(1);
                how = "body line";
            }
        }
    }
    let splitter_note = st.unterminated.as_ref().map(|u| {
        format!("the {} opened at line {}, column {} is never closed", u.what, u.line, u.column)
    });
    LocatedError {
        file: file.to_string(),
        line,
        column,
        sqlstate: e.sqlstate,
        message: e.message,
        detail: e.detail,
        hint: e.hint,
        where_: e.where_,
        located_by: how.into(),
        splitter_note,
    }
}

/// "PL/pgSQL function inline_code_block line 7 at RAISE" → 7 (the first frame only).
fn body_line_from_context(ctx: &str) -> Option<usize> {
    let first = ctx.lines().next()?;
    if !first.starts_with("PL/pgSQL function") {
        return None;
    }
    let i = first.find(" line ")?;
    first[i + 6..].split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// Byte offset (in the statement) where the first dollar-quoted body starts: just after `$tag$`.
fn dollar_body_start(sql: &str) -> Option<usize> {
    let i = sql.find('$')?;
    let rest = &sql[i + 1..];
    let j = rest.find('$')?;
    rest[..j].chars().all(|c| c.is_ascii_alphanumeric() || c == '_').then_some(i + j + 2)
}
