//! The splinter rules, one per file, under the ids of Supabase's database linter (splinter) so
//! that Supabase users recognise them. The ideas are splinter's; the checks read our catalog
//! snapshot, and where splinter matches text loosely they look closer (see each rule's doc).
//!
//! Also here: what several rules (splinter's and the tenant rules) share — privileges from ACLs,
//! which schemas the API exposes, index coverage, and a small reader for deparsed expressions.

use super::{Context, Rule};
use crate::catalog::{Policy, Snapshot, Table, View};
use crate::matrix::{self, parse_acl_item, Decision};
use crate::profile::Profile;
use std::collections::BTreeSet;

mod anon_security_definer_function_executable;
mod auth_rls_initplan;
mod auth_users_exposed;
mod authenticated_security_definer_function_executable;
mod duplicate_index;
mod fkey_to_auth_unique;
mod function_search_path_mutable;
mod materialized_view_in_api;
mod multiple_permissive_policies;
mod no_primary_key;
mod policy_exists_rls_disabled;
mod rls_disabled_in_public;
mod rls_enabled_no_policy;
mod rls_policy_always_true;
mod rls_references_user_metadata;
mod security_definer_view;
mod unindexed_foreign_keys;

pub fn rules() -> Vec<&'static dyn Rule> {
    vec![
        // security first, as splinter's dashboard lists them
        &rls_disabled_in_public::RULE,
        &policy_exists_rls_disabled::RULE,
        &security_definer_view::RULE,
        &auth_users_exposed::RULE,
        &rls_references_user_metadata::RULE,
        &rls_policy_always_true::RULE,
        &anon_security_definer_function_executable::RULE,
        &authenticated_security_definer_function_executable::RULE,
        &fkey_to_auth_unique::RULE,
        &function_search_path_mutable::RULE,
        &materialized_view_in_api::RULE,
        &rls_enabled_no_policy::RULE,
        // performance
        &auth_rls_initplan::RULE,
        &multiple_permissive_policies::RULE,
        &duplicate_index::RULE,
        &unindexed_foreign_keys::RULE,
        &no_primary_key::RULE,
    ]
}

/// Schemas of the platform (Postgres' catalogs, Supabase's own services): splinter leaves their
/// objects out, and so do we unless a rule says otherwise. Supabase's are the profile's one list.
const OTHER_SYSTEM_SCHEMAS: [&str; 4] = ["pgtle", "pgmq", "information_schema", "pg_catalog"];

pub fn is_system_schema(schema: &str) -> bool {
    crate::profile::SUPABASE_SCHEMAS.contains(&schema)
        || OTHER_SYSTEM_SCHEMAS.contains(&schema)
        || schema.starts_with("pg_")
}

/// Whether `role` holds the privilege `letter` (`r` SELECT, `X` EXECUTE, `U` USAGE …) by an ACL.
/// An empty ACL is Postgres' default: the owner only, plus EXECUTE for PUBLIC when
/// `public_execute_by_default` (functions).
pub fn acl_grants(
    s: &Snapshot,
    acl: &[String],
    owner: &str,
    public_execute_by_default: bool,
    role: &str,
    letter: char,
) -> bool {
    if s.roles.iter().any(|r| r.name == role && r.superuser) {
        return true;
    }
    let who = matrix::role_closure(&s.roles, role, false);
    if who.contains(owner) {
        return true;
    }
    if acl.is_empty() {
        return public_execute_by_default && letter == 'X';
    }
    acl.iter().filter_map(|a| parse_acl_item(a)).any(|(grantee, privs)| {
        (grantee == "public" || who.contains(&grantee)) && privs.contains(letter)
    })
}

/// Whether `role` may use objects of `schema` (USAGE on it). A schema the catalog does not list
/// counts as usable.
pub fn schema_usable(s: &Snapshot, schema: &str, role: &str) -> bool {
    match s.schemas.iter().find(|x| x.name == schema) {
        Some(sc) => acl_grants(s, &sc.acl, &sc.owner, false, role, 'U'),
        None => true,
    }
}

/// Whether clients acting as `role` reach objects of `schema` through the API: under Supabase
/// PostgREST exposes `public` (the default setting); under plain Postgres, where clients connect
/// as database roles, every schema the role may use that is not a system schema.
pub fn exposed_to(cx: &Context, schema: &str, role: &str) -> bool {
    if is_system_schema(schema) {
        return false;
    }
    match cx.profile {
        Profile::Supabase => schema == "public" && schema_usable(cx.catalog, schema, role),
        Profile::Postgres => schema_usable(cx.catalog, schema, role),
    }
}

/// The API roles that may SELECT from a view through the API (exposed schema, SELECT privilege).
pub fn view_readers(cx: &Context, v: &View) -> Vec<String> {
    cx.api_roles()
        .into_iter()
        .filter(|r| {
            exposed_to(cx, &v.schema, r) && acl_grants(cx.catalog, &v.acl, &v.owner, false, r, 'r')
        })
        .collect()
}

/// Whether the ACL gives `role` the privilege for `command` (SELECT/INSERT/UPDATE/DELETE) on a
/// table, whatever RLS then decides (the policy matrix's reading).
pub fn table_privilege(cx: &Context, t: &Table, command: &str, role: &str) -> bool {
    matrix::cell(cx.catalog, t, command, role).decision != Decision::NoPrivilege
}

/// A view is `security_invoker` when its options say so (any spelling Postgres accepts).
pub fn security_invoker(v: &View) -> bool {
    v.options.iter().any(|o| {
        let o = o.to_ascii_lowercase().replace(' ', "");
        matches!(
            o.as_str(),
            "security_invoker=true"
                | "security_invoker=on"
                | "security_invoker=1"
                | "security_invoker=yes"
        )
    })
}

/// The user's SECURITY DEFINER functions that `role` may call through the API (Supabase: in an
/// exposed schema, EXECUTE held directly, through a role or PUBLIC's default), as splinter's
/// 0028/0029 find them; trigger functions left out (PostgREST cannot call them).
pub fn definer_functions_callable_by<'a>(
    cx: &'a Context,
    role: &str,
) -> Vec<&'a crate::catalog::Function> {
    if cx.profile != Profile::Supabase || !cx.catalog.roles.iter().any(|r| r.name == role) {
        return Vec::new();
    }
    cx.user
        .functions
        .iter()
        .filter(|f| f.security_definer && matches!(f.kind.as_str(), "function" | "procedure"))
        .filter(|f| !matches!(f.result.as_deref(), Some("trigger" | "event_trigger")))
        .filter(|f| {
            exposed_to(cx, &f.schema, role)
                && acl_grants(cx.catalog, &f.acl, &f.owner, true, role, 'X')
        })
        .collect()
}

/// How findings name a policy.
pub fn policy_object(p: &Policy) -> String {
    format!("policy \"{}\" on {}.{}", p.name, p.schema, p.table)
}

/// How findings name columns of a table: `public.t.col`, or `public.t(a, b)` for several.
pub fn columns_object(table: &str, columns: &[String]) -> String {
    match columns {
        [one] => format!("{table}.{one}"),
        _ => format!("{table}({})", columns.join(", ")),
    }
}

/// An index (or primary key / unique constraint) that serves lookups by `columns` (the cascade of
/// a foreign key, a policy's filter): its first column is one of them, so an equality on all of
/// them is an index scan, not a scan of the table. A partial index counts only when its predicate
/// is implied by such a lookup (`col IS NOT NULL` on those columns); invalid indexes do not count.
pub fn covering_index(
    s: &Snapshot,
    schema: &str,
    table: &str,
    columns: &[String],
) -> Option<String> {
    let leads = |cols: &[String]| cols.first().is_some_and(|c| columns.contains(c));
    s.indexes
        .iter()
        .filter(|i| {
            i.schema == schema
                && i.table == table
                && i.valid
                && implied_predicate(&i.definition, columns)
        })
        .find(|i| leads(&i.columns))
        .map(|i| i.name.clone())
        .or_else(|| {
            s.constraints
                .iter()
                .filter(|c| {
                    c.schema == schema
                        && c.table == table
                        && matches!(c.kind.as_str(), "primary_key" | "unique")
                })
                .find(|c| leads(&c.columns))
                .map(|c| c.name.clone())
        })
}

/// Whether an index definition has no predicate, or one that an equality on `columns` implies:
/// a conjunction of `col IS NOT NULL` (`WHERE (org_id IS NOT NULL)`).
pub fn implied_predicate(definition: &str, columns: &[String]) -> bool {
    let Some((_, pred)) = definition.split_once(" WHERE ") else { return true };
    let words: Vec<Token> = tokens(pred)
        .into_iter()
        .map(|(_, t)| t)
        .filter(|t| !matches!(t, Token::Punct('(' | ')')))
        .collect();
    words.split(|t| *t == Token::Ident("and".into())).all(|part| match part {
        [Token::Ident(c), Token::Ident(is), Token::Ident(not), Token::Ident(null)] => {
            columns.contains(c) && is == "is" && not == "not" && null == "null"
        }
        _ => false,
    })
}

/// The roles a policy names, with `public` (every role) expanded to `all_roles`.
pub fn policy_roles(p: &Policy, all_roles: &[String]) -> Vec<String> {
    if p.roles.iter().any(|r| r == "public") {
        all_roles.to_vec()
    } else {
        p.roles.clone()
    }
}

/// Whether a policy applies to any of `roles` (directly or through `public`).
pub fn policy_applies_to_any(p: &Policy, roles: &[String]) -> bool {
    p.roles.iter().any(|r| r == "public" || roles.contains(r))
}

/// A piece of a deparsed expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// An identifier: unquoted ones lowercased, quoted ones as written (quotes removed).
    Ident(String),
    /// A string literal's content.
    Str(String),
    /// Any other character that is not white space.
    Punct(char),
}

/// Splits a deparsed expression (pg_get_expr / pg_get_viewdef / a function body) into tokens with
/// their byte offsets. Numbers come out as identifiers; comments are not expected.
pub fn tokens(text: &str) -> Vec<(usize, Token)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i] as char;
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' || c == '"' {
            let start = i;
            let mut s = String::new();
            i += 1;
            while i < b.len() {
                if b[i] as char == c {
                    if i + 1 < b.len() && b[i + 1] as char == c {
                        s.push(c);
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                let ch = text[i..].chars().next().unwrap();
                s.push(ch);
                i += ch.len_utf8();
            }
            out.push((start, if c == '"' { Token::Ident(s) } else { Token::Str(s) }));
        } else if c.is_ascii_alphanumeric() || c == '_' || !c.is_ascii() {
            let start = i;
            while i < b.len()
                && ((b[i] as char).is_ascii_alphanumeric()
                    || b[i] == b'_'
                    || b[i] == b'$'
                    || !b[i].is_ascii())
            {
                i += 1;
            }
            out.push((start, Token::Ident(text[start..i].to_lowercase())));
        } else {
            out.push((i, Token::Punct(c)));
            i += 1;
        }
    }
    out
}

/// The identifiers of an expression, each once.
pub fn identifiers(text: &str) -> BTreeSet<String> {
    tokens(text)
        .into_iter()
        .filter_map(|(_, t)| if let Token::Ident(s) = t { Some(s) } else { None })
        .collect()
}

/// Whether `text` calls `schema.name(` or, with no schema, `name(` (not as part of a longer name).
pub fn calls(text: &str, schema: Option<&str>, name: &str) -> bool {
    call_offsets(text, schema, name).next().is_some()
}

/// Byte offsets of every call of `schema.name(` / `name(` in `text`.
pub fn call_offsets<'a>(
    text: &'a str,
    schema: Option<&'a str>,
    name: &'a str,
) -> impl Iterator<Item = usize> + 'a {
    let t = tokens(text);
    let mut found = Vec::new();
    for k in 0..t.len() {
        let is = |j: usize, want: &Token| t.get(j).is_some_and(|(_, x)| x == want);
        let ident = |j: usize, s: &str| is(j, &Token::Ident(s.to_string()));
        match schema {
            Some(sc) => {
                if ident(k, sc)
                    && is(k + 1, &Token::Punct('.'))
                    && ident(k + 2, name)
                    && is(k + 3, &Token::Punct('('))
                {
                    found.push(t[k].0);
                }
            }
            None => {
                let qualified_by_other =
                    k >= 2 && is(k - 1, &Token::Punct('.')) && !ident(k - 2, "pg_catalog");
                if ident(k, name) && is(k + 1, &Token::Punct('(')) && !qualified_by_other {
                    found.push(if k >= 2 && is(k - 1, &Token::Punct('.')) {
                        t[k - 2].0
                    } else {
                        t[k].0
                    });
                }
            }
        }
    }
    found.into_iter()
}

/// Whether the expression names the column `column` (as a bare or qualified identifier).
pub fn mentions(text: &str, column: &str) -> bool {
    identifiers(text).contains(column)
}

/// An expression reduced for comparing: lowercase, no white space, outer parentheses removed.
pub fn normalized(expr: &str) -> String {
    let mut s: String =
        expr.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    loop {
        let wrapped = s.starts_with('(') && s.ends_with(')') && {
            // the first parenthesis closes at the very end
            let mut depth = 0i32;
            let mut closes_at_end = true;
            for (i, c) in s.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 && i != s.len() - 1 {
                            closes_at_end = false;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            closes_at_end
        };
        if !wrapped {
            return s;
        }
        s = s[1..s.len() - 1].to_string();
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    use crate::catalog::fixture::Fixture;

    /// What the Supabase shim makes: the roles (anon and authenticated are NOINHERIT in the shim;
    /// irrelevant here), auth.users, schema ACLs as on a Supabase project.
    pub fn supabase() -> Fixture {
        Fixture::new()
            .role("postgres", true, true, &[])
            .role("anon", false, false, &[])
            .role("authenticated", false, false, &[])
            .role("service_role", false, true, &[])
            .schema("public")
            .schema("auth")
            .with(|s| {
                s.schemas[0].owner = "pg_database_owner".into();
                s.schemas[0].acl = vec![
                    "pg_database_owner=UC/pg_database_owner".into(),
                    "=U/pg_database_owner".into(),
                    "anon=U/pg_database_owner".into(),
                    "authenticated=U/pg_database_owner".into(),
                ];
                s.schemas[1].acl = vec![
                    "postgres=UC/postgres".into(),
                    "anon=U/postgres".into(),
                    "authenticated=U/postgres".into(),
                ];
            })
            .table("auth.users", &["id", "email", "raw_user_meta_data?"])
    }

    /// The ACL Supabase's default privileges give a new table or view in `public`.
    pub const API_GRANTS: [&str; 4] = [
        "postgres=arwdDxtm/postgres",
        "anon=arwdDxtm/postgres",
        "authenticated=arwdDxtm/postgres",
        "service_role=arwdDxtm/postgres",
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_calls() {
        let e = "(( SELECT auth.uid() AS uid) = \"User Id\") AND (x = 'auth.uid()')";
        assert!(identifiers(e).contains("User Id"));
        assert_eq!(call_offsets(e, Some("auth"), "uid").count(), 1);
        assert!(calls("(current_setting('app.org'::text))::uuid", None, "current_setting"));
        assert!(calls("pg_catalog.current_setting('x')", None, "current_setting"));
        assert!(!calls("my.current_setting('x')", None, "current_setting"));
        assert!(!calls("my_current_setting('x')", None, "current_setting"));
    }

    #[test]
    fn normalizing() {
        assert_eq!(normalized("(1 = 1)"), "1=1");
        assert_eq!(normalized("((true))"), "true");
        assert_eq!(normalized("(a) AND (b)"), "(a)and(b)");
    }

    #[test]
    fn implied_predicates() {
        let cols = ["org_id".to_string(), "project_id".to_string()];
        assert!(implied_predicate("CREATE INDEX a ON public.t USING btree (org_id)", &cols));
        assert!(implied_predicate(
            "CREATE UNIQUE INDEX a ON public.t USING btree (org_id) WHERE (org_id IS NOT NULL)",
            &cols
        ));
        assert!(implied_predicate("CREATE INDEX a ON public.t USING btree (org_id) WHERE ((org_id IS NOT NULL) AND (project_id IS NOT NULL))", &cols));
        assert!(!implied_predicate(
            "CREATE INDEX a ON public.t USING btree (org_id) WHERE is_personal",
            &cols
        ));
        assert!(!implied_predicate(
            "CREATE INDEX a ON public.t USING btree (org_id) WHERE (user_id IS NOT NULL)",
            &cols
        ));
        assert!(!implied_predicate(
            "CREATE INDEX a ON public.t USING btree (org_id) WHERE (org_id IS NULL)",
            &cols
        ));
    }

    #[test]
    fn columns_objects() {
        assert_eq!(columns_object("public.t", &["a".into()]), "public.t.a");
        assert_eq!(columns_object("public.t", &["a".into(), "b".into()]), "public.t(a, b)");
    }
}
