//! The statement splitter: cuts a file into the statements Postgres will run one by one.
//!
//! It understands what psql understands when it looks for the `;` that ends a statement:
//! single quotes (`''` inside), `E''` strings (backslash escapes), double-quoted identifiers,
//! dollar quoting (`$$`, `$tag$` with `$$` inside), `--` and nested `/* */` comments, the
//! `BEGIN ATOMIC … END` bodies of SQL-standard functions, and psql meta-commands (`\i`, `\set`,
//! …) which are kept as skipped entries, never sent. Every statement keeps its byte range, so
//! Postgres error positions map back to file:line:column.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Piece {
    /// SQL to send to the database.
    Sql,
    /// A psql meta-command: listed, never sent.
    Meta { command: String, reason: String },
}

/// What the splitter noticed about a statement that ran to the end of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unterminated {
    /// e.g. "dollar-quoted string $body$", "quoted string", "block comment".
    pub what: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// The text sent to Postgres (from the first token to the terminating `;`, inclusive).
    pub sql: String,
    /// Byte range in the file.
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub piece: Piece,
    /// Set when a quote, dollar quote or comment opened in this statement never closes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unterminated: Option<Unterminated>,
}

impl Statement {
    pub fn is_sql(&self) -> bool {
        matches!(self.piece, Piece::Sql)
    }
}

/// Maps byte offsets of a text to 1-based line and (character) column.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        let col = text.get(line_start..offset).map(|s| s.chars().count()).unwrap_or(0) + 1;
        (line, col)
    }
}

/// Byte offset in `text` of the 1-based character position `pos` inside the statement that
/// starts at byte `start`: how a Postgres error `position` maps back to the file.
pub fn char_position_to_offset(text: &str, start: usize, pos: usize) -> usize {
    let tail = &text[start.min(text.len())..];
    tail.char_indices().nth(pos.saturating_sub(1)).map(|(i, _)| start + i).unwrap_or(text.len())
}

/// What a statement does to the transaction block, read from its first words (`BEGIN ATOMIC`
/// bodies and `ROLLBACK TO SAVEPOINT` are not transaction control).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxControl {
    Begin,
    Commit,
    Rollback,
}

pub fn transaction_control(sql: &str) -> Option<TxControl> {
    let words: Vec<String> = sql
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .take(2)
        .map(|w| w.to_ascii_uppercase())
        .collect();
    match words.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["BEGIN"]
        | ["BEGIN", "TRANSACTION" | "WORK" | "ISOLATION" | "READ"]
        | ["START", "TRANSACTION"] => Some(TxControl::Begin),
        ["COMMIT" | "END", ..] => Some(TxControl::Commit),
        ["ABORT", ..] | ["ROLLBACK"] | ["ROLLBACK", "TRANSACTION" | "WORK" | "AND"] => {
            Some(TxControl::Rollback)
        }
        _ => None,
    }
}

pub fn split(text: &str) -> Vec<Statement> {
    Splitter { text, bytes: text.as_bytes(), index: LineIndex::new(text), out: Vec::new() }.run()
}

struct Splitter<'a> {
    text: &'a str,
    bytes: &'a [u8],
    index: LineIndex,
    out: Vec<Statement>,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident_char(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit() || b == b'$'
}

impl<'a> Splitter<'a> {
    fn run(mut self) -> Vec<Statement> {
        let n = self.bytes.len();
        let mut i = 0;
        // State of the statement being read.
        let mut start: Option<usize> = None;
        let mut words: Vec<String> = Vec::new(); // first words, to recognise CREATE FUNCTION
        let mut routine_body = false;
        let mut atomic_depth = 0usize;
        let mut unterminated: Option<Unterminated> = None;

        while i < n {
            let b = self.bytes[i];
            // Whitespace between statements.
            if start.is_none() && b.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            // Comments (between statements they are not part of any statement).
            if b == b'-' && self.bytes.get(i + 1) == Some(&b'-') {
                while i < n && self.bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            if b == b'/' && self.bytes.get(i + 1) == Some(&b'*') {
                let open = i;
                match self.block_comment_end(i) {
                    Some(e) => i = e,
                    None => {
                        if start.is_some() {
                            unterminated = Some(self.unterminated("block comment /* */", open));
                        }
                        i = n;
                    }
                }
                continue;
            }
            // psql meta-command at the start of a statement: the rest of the line.
            if start.is_none() && b == b'\\' {
                let eol = self.text[i..].find('\n').map(|e| i + e).unwrap_or(n);
                let line_text = self.text[i..eol].trim_end();
                let command = line_text.split_whitespace().next().unwrap_or("\\").to_string();
                let reason = meta_reason(&command);
                self.push(i, i + line_text.len(), Piece::Meta { command, reason }, None);
                i = eol;
                continue;
            }
            if start.is_none() {
                start = Some(i);
                words.clear();
                routine_body = false;
                atomic_depth = 0;
                unterminated = None;
            }
            match b {
                b';' => {
                    i += 1;
                    if atomic_depth == 0 {
                        let s = start.take().unwrap();
                        // `COPY … FROM stdin;` is followed by its data rows up to a `\.` line: they
                        // belong to the statement (psql sends them as the COPY's input).
                        if let Some(end) = copy_data_end(self.text, s, i, &words) {
                            i = end;
                        }
                        self.push(s, i, Piece::Sql, None);
                    }
                }
                b'\'' => {
                    let escapes = i > 0
                        && matches!(self.bytes[i - 1], b'e' | b'E')
                        && (i < 2 || !is_ident_char(self.bytes[i - 2]));
                    match self.quote_end(i, b'\'', escapes) {
                        Some(e) => i = e,
                        None => {
                            unterminated = Some(self.unterminated("quoted string '…'", i));
                            i = n;
                        }
                    }
                }
                b'"' => match self.quote_end(i, b'"', false) {
                    Some(e) => i = e,
                    None => {
                        unterminated = Some(self.unterminated("quoted identifier \"…\"", i));
                        i = n;
                    }
                },
                b'$' if i == 0 || !is_ident_char(self.bytes[i - 1]) => match self.dollar_tag(i) {
                    Some(tag) => {
                        let body = i + tag.len();
                        match self.text[body..].find(tag) {
                            Some(e) => i = body + e + tag.len(),
                            None => {
                                unterminated = Some(
                                    self.unterminated(&format!("dollar-quoted string {tag}"), i),
                                );
                                i = n;
                            }
                        }
                    }
                    None => i += 1,
                },
                _ if is_ident_start(b) => {
                    let s = i;
                    while i < n && is_ident_char(self.bytes[i]) {
                        i += 1;
                    }
                    let word = self.text[s..i].to_ascii_uppercase();
                    if words.len() < 4 {
                        words.push(word.clone());
                        routine_body = starts_routine(&words);
                    }
                    if routine_body {
                        match word.as_str() {
                            "BEGIN" => atomic_depth += 1,
                            "CASE" if atomic_depth > 0 => atomic_depth += 1,
                            "END" if atomic_depth > 0 => atomic_depth -= 1,
                            _ => {}
                        }
                    }
                }
                _ => i += 1,
            }
        }
        if let Some(s) = start {
            // Text after the last `;`: a statement without terminator (or one that never closed).
            let end = self.text[s..].trim_end().len() + s;
            self.push(s, end, Piece::Sql, unterminated);
        }
        self.out
    }

    fn push(&mut self, start: usize, end: usize, piece: Piece, unterminated: Option<Unterminated>) {
        let (line, column) = self.index.locate(self.text, start);
        let (end_line, end_column) = self.index.locate(self.text, end.saturating_sub(1).max(start));
        self.out.push(Statement {
            sql: self.text[start..end].to_string(),
            start,
            end,
            line,
            column,
            end_line,
            end_column,
            piece,
            unterminated,
        });
    }

    fn unterminated(&self, what: &str, at: usize) -> Unterminated {
        let (line, column) = self.index.locate(self.text, at);
        Unterminated { what: what.to_string(), line, column }
    }

    /// End (exclusive) of a nested block comment starting at `i`.
    fn block_comment_end(&self, mut i: usize) -> Option<usize> {
        let mut depth = 0;
        while i + 1 < self.bytes.len() {
            match (self.bytes[i], self.bytes[i + 1]) {
                (b'/', b'*') => {
                    depth += 1;
                    i += 2;
                }
                (b'*', b'/') => {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => i += 1,
            }
        }
        None
    }

    /// End (exclusive) of a quoted run starting at `i` with quote `q` (doubled quote = literal).
    fn quote_end(&self, i: usize, q: u8, backslash_escapes: bool) -> Option<usize> {
        let mut j = i + 1;
        while j < self.bytes.len() {
            let c = self.bytes[j];
            if backslash_escapes && c == b'\\' {
                j += 2;
                continue;
            }
            if c == q {
                if self.bytes.get(j + 1) == Some(&q) {
                    j += 2;
                    continue;
                }
                return Some(j + 1);
            }
            j += 1;
        }
        None
    }

    /// `$tag$` starting at `i`, if this `$` opens a dollar quote (not `$1`).
    fn dollar_tag(&self, i: usize) -> Option<&'a str> {
        let rest = &self.bytes[i + 1..];
        if rest.first() == Some(&b'$') {
            return Some(&self.text[i..i + 2]);
        }
        if !rest.first().is_some_and(|&b| is_ident_start(b)) {
            return None;
        }
        let len = rest.iter().take_while(|&&b| is_ident_start(b) || b.is_ascii_digit()).count();
        (rest.get(len) == Some(&b'$')).then(|| &self.text[i..i + len + 2])
    }
}

/// `COPY … FROM STDIN` (psql's inline data), read from the statement's words.
pub fn is_copy_from_stdin(sql: &str) -> bool {
    let mut words =
        sql.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|w| !w.is_empty());
    if !words.next().is_some_and(|w| w.eq_ignore_ascii_case("copy")) {
        return false;
    }
    let rest: Vec<&str> = words.collect();
    rest.windows(2).any(|w| w[0].eq_ignore_ascii_case("from") && w[1].eq_ignore_ascii_case("stdin"))
}

/// For a `COPY … FROM stdin;` ending at `stmt_end`, the end (exclusive) of its data block: the
/// lines after the statement's line up to and including the `\.` line, or the end of the file.
fn copy_data_end(text: &str, start: usize, stmt_end: usize, words: &[String]) -> Option<usize> {
    if words.first().map(String::as_str) != Some("COPY")
        || !is_copy_from_stdin(&text[start..stmt_end])
    {
        return None;
    }
    let data_start = match text[stmt_end..].find('\n') {
        Some(nl) => stmt_end + nl + 1,
        None => return Some(text.len()),
    };
    let mut pos = data_start;
    while pos < text.len() {
        let eol = text[pos..].find('\n').map(|e| pos + e).unwrap_or(text.len());
        if text[pos..eol].trim_end_matches('\r') == "\\." {
            return Some(pos + 2);
        }
        pos = eol + 1;
    }
    Some(text.len())
}

fn starts_routine(words: &[String]) -> bool {
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    matches!(
        w.as_slice(),
        ["CREATE", "FUNCTION" | "PROCEDURE", ..]
            | ["CREATE", "OR", "REPLACE", "FUNCTION" | "PROCEDURE"]
    )
}

fn meta_reason(command: &str) -> String {
    let what = match command {
        "\\i" | "\\ir" | "\\include" | "\\include_relative" => "includes another file, which the browser cannot read: load that file into the project instead",
        "\\set" | "\\unset" => "sets a psql variable; the app does not expand :variables",
        "\\echo" | "\\qecho" | "\\warn" => "prints text in psql only",
        "\\c" | "\\connect" => "changes connection; the simulation runs in one database",
        "\\timing" | "\\pset" | "\\x" | "\\o" | "\\q" => "changes psql output only",
        "\\restrict" | "\\unrestrict" => "is pg_dump's guard that keeps psql from running meta-commands hidden in the dump's data (pg_dump since the August 2025 minor releases); nothing here runs the dump through psql",
        "\\encoding" => "sets psql's client encoding; the simulation is UTF-8 throughout",
        _ => "is a psql meta-command, not SQL",
    };
    format!("{command} {what}; skipped, never sent to Postgres")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqls(text: &str) -> Vec<String> {
        split(text).into_iter().filter(|s| s.is_sql()).map(|s| s.sql).collect()
    }

    #[test]
    fn simple_statements_and_positions() {
        let t = "select 1;\n  select 2;\nselect\n  3";
        let s = split(t);
        assert_eq!(s.len(), 3);
        assert_eq!((s[0].line, s[0].column), (1, 1));
        assert_eq!((s[1].line, s[1].column, s[1].sql.as_str()), (2, 3, "select 2;"));
        assert_eq!((s[2].line, s[2].end_line, s[2].end_column), (3, 4, 3));
        assert_eq!(s[2].sql, "select\n  3");
    }

    #[test]
    fn semicolons_inside_strings_and_comments() {
        let t =
            "select 'a;b', \"we;ird\" -- c;omment\n from t /* x; /* nested; */ y; */;\nselect 2;";
        assert_eq!(sqls(t).len(), 2);
        assert!(sqls(t)[0].ends_with("*/;"));
    }

    #[test]
    fn doubled_quotes_and_e_strings() {
        assert_eq!(sqls("select 'it''s;'; select E'a\\';b'; select 'c\\'; select 3;").len(), 4);
        // `note'…'`: the e ends an identifier, so this is a plain string and `\` is not special.
        assert_eq!(sqls("select note'\\'; select 2;").len(), 2);
    }

    #[test]
    fn dollar_quotes() {
        let t = "create function f() returns int language plpgsql as $body$\nbegin\n  perform $$ ; $$;\n  return 1;\nend $body$;\nselect $1, a$b$c from t;\ndo $$ begin raise notice 'x;'; end $$;";
        let s = sqls(t);
        assert_eq!(s.len(), 3, "{s:#?}");
        assert!(s[0].ends_with("$body$;"));
        assert!(s[2].starts_with("do $$"));
    }

    #[test]
    fn begin_atomic_bodies() {
        let t = "CREATE OR REPLACE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN a END;\n  SELECT a + b;\nEND;\nselect 1;\nbegin;\ncommit;";
        let s = sqls(t);
        assert_eq!(s.len(), 4, "{s:#?}");
        assert!(s[0].ends_with("END;"));
        assert_eq!(s[2], "begin;");
    }

    #[test]
    fn meta_commands_are_listed_not_sent() {
        let t = "\\set ON_ERROR_STOP on\nselect 1;\n  \\i other.sql\n\\echo done\nselect 2;";
        let s = split(t);
        assert_eq!(s.len(), 5);
        assert!(matches!(&s[0].piece, Piece::Meta { command, .. } if command == "\\set"));
        assert!(
            matches!(&s[2].piece, Piece::Meta { command, reason } if command == "\\i" && reason.contains("load that file"))
        );
        assert_eq!((s[2].line, s[2].column), (3, 3));
        assert_eq!(s.iter().filter(|s| s.is_sql()).count(), 2);
    }

    #[test]
    fn unterminated_quote_reports_where_it_opened() {
        let t = "select 1;\nselect 'oops;\nselect 3;";
        let s = split(t);
        assert_eq!(s.len(), 2);
        let u = s[1].unterminated.as_ref().unwrap();
        assert_eq!((u.line, u.column), (2, 8));
        assert!(u.what.contains("quoted string"));
        let d = split("do $x$ begin end $y$;");
        assert_eq!(d[0].unterminated.as_ref().unwrap().what, "dollar-quoted string $x$");
        let c = split("select 1 /* never closed; select 2;");
        assert!(c[0].unterminated.as_ref().unwrap().what.contains("block comment"));
    }

    #[test]
    fn comments_only_and_empty_files_have_no_statements() {
        assert!(split("").is_empty());
        assert!(split("-- nothing\n/* here */\n\n").is_empty());
    }

    #[test]
    fn error_position_maps_to_line_and_column() {
        let t = "select 1;\n\nselect\n  é, bogus(;";
        let s = split(t);
        // Postgres reports position 15 (1-based, characters) for "bogus" in "select\n  é, bogus(;"
        let stmt = &s[1];
        let pos = stmt.sql.chars().take_while(|_| true).collect::<String>().find("bogus").unwrap();
        let char_pos = stmt.sql[..pos].chars().count() + 1;
        let off = char_position_to_offset(t, stmt.start, char_pos);
        assert_eq!(LineIndex::new(t).locate(t, off), (4, 6));
    }

    #[test]
    fn transaction_control_words() {
        assert_eq!(transaction_control("begin;"), Some(TxControl::Begin));
        assert_eq!(
            transaction_control("START TRANSACTION ISOLATION LEVEL SERIALIZABLE;"),
            Some(TxControl::Begin)
        );
        assert_eq!(transaction_control("commit;"), Some(TxControl::Commit));
        assert_eq!(transaction_control("rollback;"), Some(TxControl::Rollback));
        assert_eq!(transaction_control("rollback to savepoint a;"), None);
        assert_eq!(transaction_control("begin atomic select 1; end"), None);
        assert_eq!(transaction_control("do $$ begin commit; end $$;"), None);
    }

    #[test]
    fn copy_from_stdin_keeps_its_data_block() {
        // Data rows contain `;`, quotes, `$$` and a `\\.`-looking value that is not alone on its line.
        let t = "SET x = 1;\nCOPY public.t (id, note) FROM stdin;\n1\ta;b 'q' $$\n2\t\\N\n3\tx\\.y\n\\.\n\nselect 2;\n";
        let s = split(t);
        assert_eq!(s.len(), 3, "{s:#?}");
        assert!(s[1].sql.starts_with("COPY public.t"));
        assert!(s[1].sql.ends_with("3\tx\\.y\n\\."), "{:?}", s[1].sql);
        assert_eq!((s[1].line, s[1].end_line), (2, 6));
        assert_eq!(s[2].sql, "select 2;");
        // Windows line endings, and a block that runs to the end of the file without `\.`.
        let w = split("copy t from stdin;\r\n1\r\n\\.\r\nselect 1;");
        assert_eq!(w.len(), 2);
        assert!(w[0].sql.ends_with("1\r\n\\."));
        let open = split("copy t (a) from STDIN;\n1\n2\n");
        assert_eq!(open.len(), 1);
        assert!(open[0].sql.ends_with("2\n") || open[0].sql.ends_with('2'));
        // COPY TO stdout and COPY FROM a file have no data block.
        assert_eq!(sqls("copy t to stdout;\nselect 1;").len(), 2);
        assert!(is_copy_from_stdin("COPY \"T\" (a) FROM stdin WITH (FORMAT text);"));
        assert!(!is_copy_from_stdin("copy t from '/tmp/x';"));
    }

    #[test]
    fn dollar_signs_inside_strings_and_backslash_literals() {
        // A real dump's `'statistics$executions$total'` and a one-backslash literal `'\\'`.
        let t = "insert into t values ('statistics$executions$total');\nselect replace(x, '\\', '/');\nselect 3;";
        assert_eq!(sqls(t).len(), 3);
        let m = split("\\restrict abc123\nselect 1;\n\\unrestrict abc123\n");
        assert!(matches!(&m[0].piece, Piece::Meta { reason, .. } if reason.contains("pg_dump")));
        assert_eq!(m.iter().filter(|s| s.is_sql()).count(), 1);
    }

    #[test]
    fn windows_line_endings_and_unicode() {
        let t = "select 'ü;';\r\nselect 2;\r\n";
        let s = sqls(t);
        assert_eq!(s, ["select 'ü;';", "select 2;"]);
    }
}
