//! What the policies compare a row's tenant (or user) with: a custom setting
//! (`current_setting('app.tenant_id')`), a JWT claim (`auth.jwt() ->> 'tenant_id'`, a claim in
//! `app_metadata`), or a helper function whose body reads one of those.
//!
//! Read from the text the catalog gives (policies deparsed by `pg_get_expr`, function bodies
//! from `prosrc`). These are hints — which column is a tenant key without a foreign key, which
//! claims a persona's JWT must carry — never a verdict: the leak probes run the real policies.

use crate::catalog::Snapshot;
use crate::profile::Profile;

/// Where a request's tenant or user comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// `current_setting('app.tenant_id')`
    Setting(String),
    /// A JWT claim, as a path: `["tenant_id"]`, `["app_metadata", "org_id"]`.
    Claim(Vec<String>),
}

impl Source {
    pub fn describe(&self) -> String {
        match self {
            Source::Setting(n) => format!("current_setting('{n}')"),
            Source::Claim(p) => format!("the JWT claim {}", p.join(".")),
        }
    }

    /// The last name: what says what the value stands for.
    pub fn leaf(&self) -> &str {
        match self {
            Source::Setting(n) => n.rsplit('.').next().unwrap_or(n),
            Source::Claim(p) => p.last().map(String::as_str).unwrap_or(""),
        }
    }

    /// tenant | user | other (see [`kind_of`]).
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Claim(p) if p.len() == 1 && matches!(p[0].as_str(), "sub") => "user",
            Source::Claim(p)
                if p.len() == 1
                    && matches!(
                        p[0].as_str(),
                        "role"
                            | "email"
                            | "aud"
                            | "exp"
                            | "iat"
                            | "iss"
                            | "phone"
                            | "aal"
                            | "session_id"
                    ) =>
            {
                "other"
            }
            _ => kind_of(self.leaf()),
        }
    }
}

/// What a setting or claim named `name` stands for, by its last word: the user (`user_id`,
/// `uid`, `sub` …), the tenant (`tenant_id`, `org`, `account` …), or something else.
pub fn kind_of(name: &str) -> &'static str {
    let n = name.to_ascii_lowercase();
    let last = n.rsplit('.').next().unwrap_or(&n);
    let user = ["user", "uid", "sub", "member", "person", "actor"];
    let tenant = ["tenant", "org", "account", "workspace", "team", "client", "company"];
    if user.iter().any(|w| last.contains(w)) && !tenant.iter().any(|w| last.starts_with(w)) {
        "user"
    } else if tenant.iter().any(|w| last.contains(w)) {
        "tenant"
    } else {
        "other"
    }
}

/// Names passed to `current_setting(…)` (custom ones: they have a dot).
pub fn setting_names(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("current_setting") {
        let start = from + i + "current_setting".len();
        from = start;
        let rest = text[start..].trim_start().strip_prefix('(').map(str::trim_start);
        let Some(rest) = rest.and_then(|r| r.strip_prefix('\'')) else { continue };
        let Some(end) = rest.find('\'') else { continue };
        let name = rest[..end].to_string();
        if name.contains('.') && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Skip what may sit between two steps of a JSON path in deparsed text: spaces, closing
/// parentheses, casts (`::text`, `::jsonb`).
fn skip_glue(s: &str) -> &str {
    let mut r = s;
    loop {
        let t = r.trim_start().trim_start_matches(')').trim_start();
        if let Some(after) = t.strip_prefix("::") {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ' ' || c == '"'))
                .unwrap_or(after.len());
            // A cast ends at the operator that follows (`->`, `->>`): trim the spaces it swallowed.
            let word = after[..end].trim_end();
            r = &after[word.len()..];
            continue;
        }
        if t.len() == r.len() {
            return r;
        }
        r = t;
    }
}

/// One `-> 'key'` / `->> 'key'` step at the start of `s`: the key and the rest.
fn path_step(s: &str) -> Option<(String, &str)> {
    let t = skip_glue(s).trim_start();
    let t = t.strip_prefix("->>").or_else(|| t.strip_prefix("->"))?;
    let t = t.trim_start().trim_start_matches('(').trim_start();
    let t = t.strip_prefix('\'')?;
    let end = t.find('\'')?;
    Some((t[..end].to_string(), &t[end + 1..]))
}

/// The JWT claims the text reads: after `auth.jwt()` or after the claims setting
/// (`current_setting('request.jwt.claims', true)::jsonb`), each `->` / `->>` step; and the old
/// per-claim settings `request.jwt.claim.<name>`.
pub fn claim_paths(text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut starts: Vec<usize> = Vec::new();
    for pat in ["auth.jwt()", "'request.jwt.claims'"] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(pat) {
            let mut at = from + i + pat.len();
            if pat.starts_with('\'') {
                // past the call's closing parenthesis
                match text[at..].find(')') {
                    Some(j) => at += j + 1,
                    None => break,
                }
            }
            starts.push(at);
            from = from + i + pat.len();
        }
    }
    for at in starts {
        let mut path = Vec::new();
        let mut rest = &text[at..];
        while let Some((key, r)) = path_step(rest) {
            path.push(key);
            rest = r;
        }
        if !path.is_empty() && !out.contains(&path) {
            out.push(path);
        }
    }
    for name in setting_names(text) {
        if let Some(claim) = name.strip_prefix("request.jwt.claim.") {
            let p = vec![claim.to_string()];
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// Every setting and claim read by `text`, settings of PostgREST's own (`request.jwt.*`) left out.
pub fn sources(text: &str) -> Vec<Source> {
    let mut out: Vec<Source> = setting_names(text)
        .into_iter()
        .filter(|n| !n.starts_with("request.jwt."))
        .map(Source::Setting)
        .collect();
    out.extend(claim_paths(text).into_iter().map(Source::Claim));
    out
}

/// The policies' and the schema's functions' texts (Supabase's own auth/storage functions left out).
pub fn texts(s: &Snapshot, profile: Profile) -> Vec<&str> {
    let mut texts: Vec<&str> = Vec::new();
    for p in &s.policies {
        texts.extend(p.using.as_deref());
        texts.extend(p.with_check.as_deref());
    }
    for f in &s.functions {
        if !profile.owns_schema(&f.schema) && !f.schema.starts_with("pg_") {
            texts.extend(f.source.as_deref());
        }
    }
    texts
}

/// Every setting and claim the policies and functions read, sorted, each once.
pub fn all_sources(s: &Snapshot, profile: Profile) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for t in texts(s, profile) {
        for x in sources(t) {
            if !out.contains(&x) {
                out.push(x);
            }
        }
    }
    out.sort();
    out
}

/// Functions (`schema.name`) whose body reads a tenant setting or claim, directly or through
/// another such function: a policy calling one compares with the tenant.
pub fn tenant_functions(s: &Snapshot, profile: Profile) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    loop {
        let before = found.len();
        for f in &s.functions {
            if profile.owns_schema(&f.schema) || f.schema.starts_with("pg_") {
                continue;
            }
            let name = format!("{}.{}", f.schema, f.name);
            if found.contains(&name) {
                continue;
            }
            let Some(src) = f.source.as_deref() else { continue };
            // A function returning a boolean checks something (membership …); one returning the key is the key.
            let returns_key = !f.result.as_deref().unwrap_or("").eq_ignore_ascii_case("boolean");
            let reads = sources(src).iter().any(|x| x.kind() == "tenant")
                || found.iter().any(|g| calls(src, g));
            if reads && returns_key {
                found.push(name);
            }
        }
        if found.len() == before {
            return found;
        }
    }
}

/// `text` calls function `qualified` (`public.current_tenant`), with or without its schema.
fn calls(text: &str, qualified: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let bare = qualified.rsplit('.').next().unwrap_or(qualified).to_ascii_lowercase();
    let b = lower.as_bytes();
    lower.match_indices(&bare).any(|(i, _)| {
        let before_ok = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        let after = lower[i + bare.len()..].trim_start();
        before_ok && after.starts_with('(')
    })
}

/// The text of the innermost parenthesised group around byte `at`.
fn enclosing(text: &str, at: usize) -> &str {
    let b = text.as_bytes();
    let mut depth = 0i32;
    let mut start = 0;
    let mut i = at;
    while i > 0 {
        i -= 1;
        match b[i] {
            b')' => depth += 1,
            b'(' if depth == 0 => {
                start = i + 1;
                break;
            }
            b'(' => depth -= 1,
            _ => {}
        }
    }
    let mut depth = 0i32;
    let mut end = text.len();
    for (j, &c) in b.iter().enumerate().skip(at) {
        match c {
            b'(' => depth += 1,
            b')' if depth == 0 => {
                end = j;
                break;
            }
            b')' => depth -= 1,
            _ => {}
        }
    }
    &text[start..end]
}

/// `(tenant_id)::text`, `t.tenant_id`, `"tenant_id"` → `tenant_id`, when the side is a bare column.
fn bare_column(side: &str) -> Option<String> {
    let mut t = side.trim();
    loop {
        let before = t.len();
        t = t.trim_start_matches('(').trim_end_matches(')').trim();
        if let Some(i) = t.find("::") {
            t = t[..i].trim_end_matches(')').trim();
        }
        if t.len() == before {
            break;
        }
    }
    let t = t.rsplit('.').next().unwrap_or(t).trim_matches('"');
    (!t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| t.to_string())
}

/// The columns (of `columns`) that `expr` compares with `=` to a tenant setting or claim, or to
/// a call of one of `tenant_fns`.
pub fn compared_columns(
    expr: &str,
    columns: &[String],
    tenant_fns: &[String],
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let b = expr.as_bytes();
    for (i, _) in expr.match_indices('=') {
        let prev = if i > 0 { b[i - 1] } else { b' ' };
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        if matches!(prev, b'<' | b'>' | b'!' | b'=' | b':') || matches!(next, b'>' | b'=') {
            continue;
        }
        let group = enclosing(expr, i);
        let group_start = group.as_ptr() as usize - expr.as_ptr() as usize;
        let split = i - group_start;
        let (lhs, rhs) = (&group[..split], &group[split + 1..]);
        for (col_side, other) in [(lhs, rhs), (rhs, lhs)] {
            let Some(col) = bare_column(col_side) else { continue };
            if !columns.contains(&col) {
                continue;
            }
            let context = sources(other)
                .into_iter()
                .find(|x| x.kind() == "tenant")
                .map(|x| x.describe())
                .or_else(|| tenant_fns.iter().find(|f| calls(other, f)).map(|f| format!("{f}()")));
            if let Some(c) = context {
                if !out.iter().any(|(x, _)| *x == col) {
                    out.push((col, c));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_and_claims_as_postgres_deparses_them() {
        let e = "(tenant_id = (current_setting('app.tenant_id'::text))::uuid)";
        assert_eq!(sources(e), [Source::Setting("app.tenant_id".into())]);
        let j = "(tenant_id = ((auth.jwt() ->> 'tenant_id'::text))::uuid)";
        assert_eq!(claim_paths(j), [vec!["tenant_id".to_string()]]);
        let m = "(org_id = (((auth.jwt() -> 'app_metadata'::text) ->> 'org_id'::text))::uuid)";
        assert_eq!(claim_paths(m), [vec!["app_metadata".to_string(), "org_id".to_string()]]);
        let raw =
            "((current_setting('request.jwt.claims'::text, true))::jsonb ->> 'team_id'::text)";
        assert_eq!(claim_paths(raw), [vec!["team_id".to_string()]]);
        assert_eq!(
            sources(raw),
            [Source::Claim(vec!["team_id".into()])],
            "PostgREST's own setting is not a custom setting"
        );
        assert_eq!(
            claim_paths("current_setting('request.jwt.claim.org', true)"),
            [vec!["org".to_string()]]
        );
        assert_eq!(Source::Claim(vec!["app_metadata".into(), "org_id".into()]).kind(), "tenant");
        assert_eq!(Source::Claim(vec!["sub".into()]).kind(), "user");
        assert_eq!(Source::Claim(vec!["exp".into()]).kind(), "other");
        assert_eq!(Source::Setting("app.current_user_id".into()).kind(), "user");
        assert_eq!(kind_of("app.locale"), "other");
    }

    #[test]
    fn columns_compared_with_the_tenant() {
        let cols: Vec<String> =
            ["id", "tenant_id", "org_id", "name"].iter().map(|s| s.to_string()).collect();
        let e = "(tenant_id = (current_setting('app.tenant_id'::text))::uuid)";
        assert_eq!(
            compared_columns(e, &cols, &[]),
            [("tenant_id".to_string(), "current_setting('app.tenant_id')".to_string())]
        );
        let rev = "((((auth.jwt() -> 'app_metadata'::text) ->> 'org_id'::text))::uuid = org_id)";
        assert_eq!(compared_columns(rev, &cols, &[])[0].0, "org_id");
        let f = "((org_id = app.current_org()) AND (name <> ''::text))";
        assert_eq!(compared_columns(f, &cols, &["app.current_org".into()])[0].0, "org_id");
        // A user comparison is not a tenant one; an unrelated column is not a key.
        assert!(compared_columns(
            "(id = (current_setting('app.user_id'::text))::uuid)",
            &cols,
            &[]
        )
        .is_empty());
        assert!(compared_columns(
            "(owner = (current_setting('app.tenant_id'::text))::uuid)",
            &cols,
            &[]
        )
        .is_empty());
        assert!(compared_columns(
            "((tenant_id)::text >= current_setting('app.tenant_id'::text))",
            &cols,
            &[]
        )
        .is_empty());
    }
}
