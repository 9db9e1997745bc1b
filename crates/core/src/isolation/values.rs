//! Values for fixture rows: type-correct, deterministic (the same run gives the same SQL, so a
//! reproduction script replays exactly), and inside the CHECK constraints where those can be read.

// The probes' quoting is sql_text's, under the names the probes use.
pub use crate::sql_text::{ident, literal as quote, qualified_name as qualified};

/// A value as a typed SQL literal (`NULL` for none).
pub fn literal(value: Option<&str>, type_: &str) -> String {
    match value {
        None => "null".into(),
        Some(v) => format!("{}::{}", quote(v), type_),
    }
}

/// A uuid (version-4 shaped) derived from `seed`: stable across runs.
pub fn det_uuid(seed: &str) -> String {
    let h = |offset: u64| {
        let mut x = offset;
        for b in seed.bytes() {
            x ^= b as u64;
            x = x.wrapping_mul(0x0000_0100_0000_01b3);
        }
        x
    };
    let (a, b) = (h(0xcbf2_9ce4_8422_2325), h(0x8422_2325_cbf2_9ce4));
    let hex = format!("{a:016x}{b:016x}");
    format!("{}-{}-4{}-8{}-{}", &hex[0..8], &hex[8..12], &hex[13..16], &hex[17..20], &hex[20..32])
}

/// What to generate for one column.
#[derive(Debug, Clone, Copy)]
pub struct Gen<'a> {
    pub table: &'a str,
    pub column: &'a str,
    /// As `format_type` writes it: `character varying(120)`, `timestamp with time zone`, `text[]` …
    pub type_: &'a str,
    /// Whose row: `a`, `b`, a persona, `g` (a row of a lookup table) … part of every text value.
    pub tag: &'a str,
    /// A counter, unique over the run: keys stay distinct.
    pub seq: u64,
    /// Which alternative to try (a retry after a CHECK failure moves on).
    pub alt: usize,
    /// The column is a key (primary, unique, referenced): its value must be fresh.
    pub key: bool,
    /// Values the column's CHECK constraints allow (see [`check_candidates`]).
    pub candidates: &'a [String],
    /// Labels, when the column's type is an enum.
    pub enum_labels: Option<&'a [String]>,
}

fn type_len(t: &str) -> Option<usize> {
    let i = t.find('(')?;
    t[i + 1..].split([')', ',']).next()?.trim().parse().ok()
}

fn pick<T: Clone>(xs: &[T], alt: usize) -> T {
    xs[alt % xs.len()].clone()
}

/// The text of a value for `g` (cast to the column's type by [`literal`]).
pub fn generate(g: &Gen) -> String {
    if !g.candidates.is_empty() {
        return pick(g.candidates, g.alt);
    }
    if let Some(labels) = g.enum_labels.filter(|l| !l.is_empty()) {
        return pick(labels, g.alt);
    }
    let t = g.type_.to_ascii_lowercase();
    if t.ends_with(']') {
        return "{}".into();
    }
    let base = t.split('(').next().unwrap_or("").trim().to_string();
    let col = g.column.to_ascii_lowercase();
    let slug = g.table.rsplit('.').next().unwrap_or(g.table).replace('_', "-").to_ascii_lowercase();
    let n = g.seq;
    match base.as_str() {
        "uuid" => det_uuid(&format!("{}.{}.{}.{}.{}", g.table, g.column, g.tag, n, g.alt)),
        "text" | "character varying" | "varchar" | "character" | "char" | "bpchar" | "citext"
        | "name" => {
            let forms = if col.contains("email") {
                vec![
                    format!("tp-{}-{n}@example.test", g.tag),
                    format!("tp{}{n}@example.test", g.tag),
                ]
            } else if col.contains("url") || col.contains("website") || col.contains("link") {
                vec![format!("https://example.test/tp-{}-{n}", g.tag)]
            } else {
                vec![
                    format!("tp-{}-{slug}-{n}", g.tag),
                    format!("tp{}{n}", g.tag),
                    format!("Tp {} {n}", g.tag.to_ascii_uppercase()),
                    "x".into(),
                ]
            };
            let v = pick(&forms, g.alt);
            match type_len(&t) {
                // Too short for the marker: keep the counter's end, so keys stay distinct.
                Some(len) if v.chars().count() > len => {
                    let chars: Vec<char> = format!("{}{n}", g.tag).chars().collect();
                    chars[chars.len().saturating_sub(len)..].iter().collect()
                }
                _ => v,
            }
        }
        "smallint" | "int2" => {
            if g.key {
                (20000 + n % 12000).to_string()
            } else {
                pick(&["1", "0", "2", "100"], g.alt).into()
            }
        }
        "integer" | "int" | "int4" | "bigint" | "int8" => {
            if g.key {
                (900_000_000 + n).to_string()
            } else {
                pick(&["1", "0", "2", "100"], g.alt).into()
            }
        }
        "numeric" | "decimal" | "real" | "double precision" | "float4" | "float8" | "money" => {
            if g.key {
                (900_000 + n).to_string()
            } else {
                pick(&["1", "0", "2", "100"], g.alt).into()
            }
        }
        "boolean" | "bool" => {
            let truthy = ["active", "enabled", "confirmed", "verified", "visible", "public"]
                .iter()
                .any(|w| col.contains(w));
            let first = if truthy { "true" } else { "false" };
            let other = if truthy { "false" } else { "true" };
            pick(&[first, other], g.alt).into()
        }
        // A retry (alt) moves a time later: `ends_at > starts_at` is met by retrying the later one.
        "date" => {
            if g.key {
                format!("{}-01-01", 2100 + n % 7000)
            } else {
                format!("2025-01-{:02}", 1 + g.alt % 28)
            }
        }
        "timestamp with time zone" | "timestamptz" => {
            if g.key {
                format!("{}-01-01 00:00:00+00", 2100 + n % 7000)
            } else {
                format!("2025-01-{:02} 00:00:00+00", 1 + g.alt % 28)
            }
        }
        "timestamp without time zone" | "timestamp" => {
            if g.key {
                format!("{}-01-01 00:00:00", 2100 + n % 7000)
            } else {
                format!("2025-01-{:02} 00:00:00", 1 + g.alt % 28)
            }
        }
        "time without time zone" | "time with time zone" | "time" => "12:00:00".into(),
        "interval" => "1 day".into(),
        "json" | "jsonb" => pick(&["{}", "[]"], g.alt).into(),
        "bytea" => "\\x00".into(),
        "inet" => format!("10.{}.{}.1", (n / 250) % 250, n % 250),
        "cidr" => format!("10.{}.{}.0/24", (n / 250) % 250, n % 250),
        "macaddr" => format!("08:00:2b:00:{:02x}:{:02x}", (n / 256) % 256, n % 256),
        "tsvector" => "tp".into(),
        "point" => "(0,0)".into(),
        "xml" => "<tp/>".into(),
        _ => pick(&["1".to_string(), format!("tp-{}-{n}", g.tag), "{}".to_string()], g.alt),
    }
}

/// The values a CHECK constraint allows for `column`, as far as its deparsed definition says:
/// `col = ANY (ARRAY['a'::text, …])` (Postgres' form of `IN`), `col = 'x'`, and numeric bounds
/// (`col >= 1 AND col <= 4`, `BETWEEN` deparsed). Arguments of function calls
/// (`char_length(col) >= 3`) are not the column's value and are left alone.
pub fn check_candidates(definition: &str, column: &str) -> Vec<String> {
    let d = definition;
    let b = d.as_bytes();
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut list: Vec<String> = Vec::new();
    let (mut lo, mut hi): (Option<f64>, Option<f64>) = (None, None);
    let mut exact: Option<String> = None;
    let lower = d.to_ascii_lowercase();
    let needle = column.to_ascii_lowercase();
    let mut from = 0;
    while let Some(off) = lower[from..].find(&needle) {
        let i = from + off;
        let mut j = i + needle.len();
        from = j;
        // Whole identifier (possibly quoted).
        let before = if i > 0 { b[i - 1] } else { b' ' };
        if is_ident(before) || j < b.len() && is_ident(b[j]) {
            continue;
        }
        let k0 = if before == b'"' { i.saturating_sub(1) } else { i };
        if j < b.len() && b[j] == b'"' {
            j += 1;
        }
        // Inside a function call: `f(col …`.
        let mut p = k0;
        while p > 0 && b[p - 1] == b' ' {
            p -= 1;
        }
        if p > 0 && b[p - 1] == b'(' && p > 1 && is_ident(b[p - 2]) {
            continue;
        }
        // Skip `)` and casts: `(status)::text`, `::character varying`.
        loop {
            while j < b.len() && (b[j] == b')' || b[j] == b' ') {
                j += 1;
            }
            if d[j..].starts_with("::") {
                j += 2;
                while j < b.len()
                    && (is_ident(b[j]) || matches!(b[j], b' ' | b'"' | b'.' | b'[' | b']'))
                {
                    j += 1;
                }
                continue;
            }
            break;
        }
        let rest = &d[j..];
        let upper = rest.to_ascii_uppercase();
        if upper.starts_with("= ANY") || upper.starts_with("IN (") || upper.starts_with("IN(") {
            let open = rest.find(['[', '(']).unwrap_or(0);
            let close = matching(rest, open);
            list.extend(literals(&rest[open + 1..close]));
        } else if let Some(r) = upper.strip_prefix("BETWEEN ") {
            let after = &rest[rest.len() - r.len()..];
            if let Some((a, tail)) = number(after) {
                lo = Some(a);
                if let Some(t) = tail
                    .trim_start()
                    .strip_prefix("AND ")
                    .or_else(|| tail.trim_start().strip_prefix("and "))
                {
                    hi = number(t).map(|x| x.0);
                }
            }
        } else {
            for (op, strict, is_lo) in [
                (">=", false, true),
                ("<=", false, false),
                ("<>", false, false),
                ("!=", false, false),
                (">", true, true),
                ("<", true, false),
                ("=", false, false),
            ] {
                if let Some(r) = rest.strip_prefix(op) {
                    if op == "<>" || op == "!=" {
                        break;
                    }
                    if op == "=" {
                        let r = r.trim_start();
                        if r.starts_with('\'') {
                            exact = literals(r).into_iter().next();
                        } else if let Some((x, _)) = number(r) {
                            exact = Some(fmt_num(x));
                        }
                        break;
                    }
                    if let Some((x, _)) = number(r) {
                        let x = if strict {
                            if is_lo {
                                x + 1.0
                            } else {
                                x - 1.0
                            }
                        } else {
                            x
                        };
                        if is_lo {
                            lo = Some(lo.map_or(x, |l| l.max(x)));
                        } else {
                            hi = Some(hi.map_or(x, |h| h.min(x)));
                        }
                    }
                    break;
                }
            }
        }
    }
    if !list.is_empty() {
        let mut seen = Vec::new();
        for v in list {
            if !seen.contains(&v) {
                seen.push(v);
            }
        }
        return seen;
    }
    if let Some(x) = exact {
        return vec![x];
    }
    match (lo, hi) {
        (Some(l), _) => vec![fmt_num(l)],
        (None, Some(h)) => vec![fmt_num(h)],
        _ => vec![],
    }
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Index of the bracket closing the one at `open`.
fn matching(s: &str, open: usize) -> usize {
    let mut depth = 0i32;
    let mut in_str = false;
    for (i, c) in s.char_indices().skip_while(|(i, _)| *i < open) {
        match c {
            '\'' => in_str = !in_str,
            '(' | '[' if !in_str => depth += 1,
            ')' | ']' if !in_str => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    s.len()
}

/// The literals in a list: quoted strings (`''` unescaped, casts dropped) and bare numbers.
fn literals(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut after_cast = false;
    while i < cs.len() {
        let c = cs[i];
        if c == '\'' {
            let mut v = String::new();
            i += 1;
            while i < cs.len() {
                if cs[i] == '\'' {
                    if i + 1 < cs.len() && cs[i + 1] == '\'' {
                        v.push('\'');
                        i += 2;
                        continue;
                    }
                    break;
                }
                v.push(cs[i]);
                i += 1;
            }
            out.push(v);
            i += 1;
            after_cast = false;
        } else if c == ':' {
            after_cast = true;
            i += 1;
        } else if c == ',' {
            after_cast = false;
            i += 1;
        } else if (c.is_ascii_digit() || c == '-')
            && !after_cast
            && (i == 0 || !cs[i - 1].is_ascii_alphanumeric())
        {
            let start = i;
            i += 1;
            while i < cs.len() && (cs[i].is_ascii_digit() || cs[i] == '.') {
                i += 1;
            }
            let n: String = cs[start..i].iter().collect();
            if n != "-" {
                out.push(n);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// A number at the start of `s` (after spaces and opening parentheses): `4`, `(0)::numeric`, `-1.5`.
fn number(s: &str) -> Option<(f64, &str)> {
    let t = s.trim_start_matches([' ', '(']);
    let t = t.strip_prefix('\'').unwrap_or(t);
    let end = t
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (c == '-' && i == 0)))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    let x = t[..end].parse().ok()?;
    Some((x, &t[end..]))
}

/// How much a role name weighs, to find the highest role of a membership (owner over admin over
/// member over viewer) and the lowest value a fixture may hand out; unknown names sit in the middle.
pub fn role_rank(name: &str) -> i32 {
    let n = name.to_ascii_lowercase();
    let table: [(&str, i32); 27] = [
        ("root", 110),
        ("system", 108),
        ("superuser", 106),
        ("platform", 104),
        ("superadmin", 102),
        ("super_admin", 102),
        ("owner", 100),
        ("admin", 90),
        ("staff", 85),
        ("support", 80),
        ("lead", 75),
        ("manager", 70),
        ("moderator", 68),
        ("maintainer", 65),
        ("editor", 60),
        ("write", 55),
        ("member", 50),
        ("contributor", 50),
        ("user", 45),
        ("customer", 45),
        ("basic", 35),
        ("billing", 30),
        ("viewer", 20),
        ("read", 15),
        ("guest", 10),
        ("anonymous", 5),
        ("none", 0),
    ];
    table
        .iter()
        .find(|(k, _)| n == *k)
        .or_else(|| table.iter().find(|(k, _)| n.contains(k)))
        .map(|x| x.1)
        .unwrap_or(40)
}

/// A role value that stands for power over the whole platform rather than one tenant
/// (`superadmin`, `platform_admin`, `staff`, `support`, `system` …).
pub fn platform_wide(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    ["super", "platform", "staff", "support", "system", "root", "global", "site_admin", "sysadmin"]
        .iter()
        .any(|w| v.contains(w))
}

/// The regular expression a CHECK constraint matches `column` against (`col ~ '…'`,
/// `col ~* '…'`), with whether it ignores case.
pub fn check_pattern(definition: &str, column: &str) -> Option<String> {
    let lower = definition.to_ascii_lowercase();
    let needle = column.to_ascii_lowercase();
    let b = definition.as_bytes();
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    for (i, _) in lower.match_indices(&needle) {
        let j = i + needle.len();
        if i > 0 && is_ident(b[i - 1]) || j < b.len() && is_ident(b[j]) {
            continue;
        }
        let mut rest = definition[j..].trim_start_matches(['"', ')', ' ']);
        while let Some(r) = rest.strip_prefix("::") {
            let end = r
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ' '))
                .unwrap_or(r.len());
            rest = r[end..].trim_start_matches([')', ' ']);
        }
        let Some(after) = rest.strip_prefix("~*").or_else(|| rest.strip_prefix('~')) else {
            continue;
        };
        let Some(lit) = after.trim_start().trim_start_matches('(').strip_prefix('\'') else {
            continue;
        };
        let mut out = String::new();
        let mut chars = lit.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    out.push('\'');
                    chars.next();
                    continue;
                }
                return Some(out);
            }
            out.push(c);
        }
        return None;
    }
    None
}

/// Columns a CHECK compares with each other: `(a <> b)` gives (a, "<>", b); `(ends_at > starts_at)`
/// gives (ends_at, ">", starts_at). Only bare column names on both sides.
pub fn column_comparisons(definition: &str, columns: &[String]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for op in ["<>", "!=", ">=", "<=", ">", "<"] {
        for (i, _) in definition.match_indices(op) {
            // `>` inside `>=` / `<>`, `<` inside `<=` / `<>`
            let b = definition.as_bytes();
            if op.len() == 1
                && (b.get(i + 1).is_some_and(|c| *c == b'=' || *c == b'>')
                    || i > 0 && matches!(b[i - 1], b'<' | b'>' | b'!' | b'-'))
            {
                continue;
            }
            let left = definition[..i].trim_end().trim_end_matches(')');
            let l = left
                .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '"'))
                .next()
                .unwrap_or("")
                .trim_matches('"');
            let right = definition[i + op.len()..].trim_start().trim_start_matches('(');
            let r = right
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '"'))
                .next()
                .unwrap_or("")
                .trim_matches('"');
            if columns.iter().any(|c| c == l) && columns.iter().any(|c| c == r) && l != r {
                let t = (l.to_string(), op.to_string(), r.to_string());
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
    }
    out
}

/// A string that the regular expression matches, from the characters its classes allow; `seq`
/// varies the characters (from the last position backwards), so keys stay distinct. Covers
/// anchors, literals, escapes (`\d \w \s \.`), classes with ranges and negation, `.`, groups and
/// alternation (the first branch), quantifiers `? * + {n} {n,} {n,m}`. None for the rest
/// (lookaround, back-references).
pub fn regex_example(pattern: &str, seq: u64) -> Option<String> {
    let slots = regex_slots(&pattern.chars().collect::<Vec<_>>())?;
    let mut out: Vec<char> = Vec::with_capacity(slots.len());
    let mut n = seq;
    let mut picked: Vec<char> = vec![' '; slots.len()];
    for (i, s) in slots.iter().enumerate().rev() {
        let len = s.len() as u64;
        picked[i] = s[(n % len) as usize];
        n /= len.max(1);
    }
    out.extend(picked);
    Some(out.into_iter().collect())
}

/// One character class: the characters a position may hold, in a readable order.
type Slot = Vec<char>;

fn class_from(ranges: &[(char, char)], negate: bool) -> Slot {
    let pool: Vec<char> =
        ('a'..='z').chain('0'..='9').chain('A'..='Z').chain(['-', '_', '.']).collect();
    let inside = |c: char| ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi);
    let mut v: Vec<char> = if negate {
        pool.into_iter().filter(|c| !inside(*c)).collect()
    } else {
        pool.into_iter().filter(|c| inside(*c)).collect()
    };
    if v.is_empty() && !negate {
        v = ranges.iter().map(|r| r.0).collect();
    }
    v
}

fn escape_class(c: char) -> Option<Vec<(char, char)>> {
    Some(match c {
        'd' => vec![('0', '9')],
        'w' => vec![('a', 'z'), ('0', '9'), ('A', 'Z'), ('_', '_')],
        's' => vec![(' ', ' ')],
        _ => return None,
    })
}

/// The positions of a minimal match, each with its allowed characters.
fn regex_slots(p: &[char]) -> Option<Vec<Slot>> {
    let mut out: Vec<Slot> = Vec::new();
    let mut i = 0;
    // The last atom's slots, for a quantifier to repeat.
    let mut last: Vec<Slot> = Vec::new();
    while i < p.len() {
        let c = p[i];
        let atom: Option<Vec<Slot>> = match c {
            '^' | '$' => {
                i += 1;
                last.clear();
                continue;
            }
            '|' => {
                // First branch only: the rest of this group (or pattern) is skipped by the caller.
                return Some(out);
            }
            '(' => {
                let mut depth = 0;
                let mut j = i;
                while j < p.len() {
                    match p[j] {
                        '\\' => j += 1,
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let mut inner = &p[i + 1..j.min(p.len())];
                if inner.first() == Some(&'?') {
                    if inner.get(1) == Some(&':') {
                        inner = &inner[2..];
                    } else {
                        return None;
                    }
                }
                i = j + 1;
                Some(regex_slots(inner)?)
            }
            '[' => {
                let mut j = i + 1;
                let negate = p.get(j) == Some(&'^');
                if negate {
                    j += 1;
                }
                let mut ranges: Vec<(char, char)> = Vec::new();
                let mut first = true;
                while j < p.len() && (p[j] != ']' || first) {
                    first = false;
                    let mut lo = p[j];
                    if lo == '\\' && j + 1 < p.len() {
                        j += 1;
                        if let Some(r) = escape_class(p[j]) {
                            ranges.extend(r);
                            j += 1;
                            continue;
                        }
                        lo = p[j];
                    } else if lo == '[' && p.get(j + 1) == Some(&':') {
                        let end = p[j..].iter().collect::<String>().find(":]")?;
                        let name: String = p[j + 2..j + end].iter().collect();
                        ranges.extend(match name.as_str() {
                            "digit" => vec![('0', '9')],
                            "alpha" => vec![('a', 'z'), ('A', 'Z')],
                            "alnum" => vec![('a', 'z'), ('0', '9'), ('A', 'Z')],
                            "lower" => vec![('a', 'z')],
                            "upper" => vec![('A', 'Z')],
                            "space" => vec![(' ', ' ')],
                            _ => return None,
                        });
                        j += end + 2;
                        continue;
                    }
                    if p.get(j + 1) == Some(&'-') && p.get(j + 2).is_some_and(|c| *c != ']') {
                        ranges.push((lo, p[j + 2]));
                        j += 3;
                    } else {
                        ranges.push((lo, lo));
                        j += 1;
                    }
                }
                i = j + 1;
                let slot = class_from(&ranges, negate);
                if slot.is_empty() {
                    return None;
                }
                Some(vec![slot])
            }
            '\\' => {
                let e = *p.get(i + 1)?;
                i += 2;
                match escape_class(e) {
                    Some(r) => Some(vec![class_from(&r, false)]),
                    None if e.is_ascii_alphanumeric() => return None,
                    None => Some(vec![vec![e]]),
                }
            }
            '.' => {
                i += 1;
                Some(vec![class_from(&[('a', 'z'), ('0', '9')], false)])
            }
            '?' | '*' | '+' | '{' => {
                // A quantifier on the last atom: its minimal count (at least one for `+`).
                let (min, len) = match c {
                    '?' | '*' => (0, 1),
                    '+' => (1, 1),
                    _ => {
                        let close = p[i..].iter().position(|x| *x == '}')?;
                        let inner: String = p[i + 1..i + close].iter().collect();
                        let min: usize = inner.split(',').next()?.trim().parse().ok()?;
                        (min, close + 1)
                    }
                };
                i += len;
                if p.get(i) == Some(&'?') {
                    i += 1;
                }
                // `last` was pushed once already; make it `min` times.
                let once = last.len();
                let keep = out.len() - once;
                out.truncate(keep);
                for _ in 0..min {
                    out.extend(last.iter().cloned());
                }
                last.clear();
                continue;
            }
            ')' => return None,
            other => {
                i += 1;
                Some(vec![vec![other]])
            }
        };
        let atom = atom?;
        out.extend(atom.iter().cloned());
        last = atom;
    }
    Some(out)
}
