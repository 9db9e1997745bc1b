//! Extensions: which ones a project asks for, what to say when the engine cannot load one, and
//! the documented stand-ins the project option "stand in unavailable extensions" creates instead
//! (an empty schema, and for a few platform extensions no-op versions of their most used
//! functions) so that the rest of a project can still be read.

use crate::sql_text::{ident, literal};
use serde::{Deserialize, Serialize};

/// `CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateExtension {
    pub name: String,
    pub schema: Option<String>,
    pub if_not_exists: bool,
}

/// The CREATE EXTENSION a statement is, if it is one.
pub fn parse_create_extension(sql: &str) -> Option<CreateExtension> {
    let words = words(sql);
    let w =
        |i: usize| words.get(i).map(|(t, q)| if *q { t.clone() } else { t.to_ascii_lowercase() });
    if w(0)? != "create" || w(1)? != "extension" {
        return None;
    }
    let mut i = 2;
    let if_not_exists = w(2).as_deref() == Some("if")
        && w(3).as_deref() == Some("not")
        && w(4).as_deref() == Some("exists");
    if if_not_exists {
        i = 5;
    }
    let name = w(i)?;
    let mut schema = None;
    let mut j = i + 1;
    while let Some(word) = w(j) {
        if word == "schema" && !words[j].1 {
            schema = w(j + 1);
            j += 1;
        }
        j += 1;
    }
    Some(CreateExtension { name, schema, if_not_exists })
}

/// `COMMENT ON EXTENSION x`, `ALTER EXTENSION x …`, `DROP EXTENSION [IF EXISTS] x`: the verb and
/// the extension, for statements about an extension that may have been stood in for.
pub fn extension_statement(sql: &str) -> Option<(&'static str, String)> {
    let words = words(sql);
    let w =
        |i: usize| words.get(i).map(|(t, q)| if *q { t.clone() } else { t.to_ascii_lowercase() });
    match (w(0)?.as_str(), w(1)?.as_str(), w(2)) {
        ("comment", "on", Some(e)) if e == "extension" => Some(("comment on", w(3)?)),
        ("alter", "extension", Some(n)) => Some(("alter", n)),
        ("drop", "extension", Some(n)) if n == "if" => Some(("drop", w(4)?)),
        ("drop", "extension", Some(n)) => Some(("drop", n)),
        _ => None,
    }
}

/// Every extension a project's files create, in the order first seen (CREATE EXTENSION
/// statements only: text inside strings and function bodies does not count).
pub fn requested(texts: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        for st in crate::split::split(t).iter().filter(|s| s.is_sql()) {
            if let Some(c) = parse_create_extension(&st.sql) {
                if !out.contains(&c.name) {
                    out.push(c.name);
                }
            }
        }
    }
    out
}

/// Every extension name that follows `create extension [if not exists]` anywhere in the texts,
/// inside function bodies and DO blocks too (an `EXECUTE` may create one): what an engine that
/// loads extensions at start must have ready. Over-inclusive by design; unknown names are ignored
/// by the engines.
pub fn mentioned(texts: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        let lower = t.to_ascii_lowercase();
        for (i, _) in lower.match_indices("create extension") {
            let rest = &t[i + "create extension".len()..];
            let mut w = words(rest.get(..rest.len().min(200)).unwrap_or(rest)).into_iter();
            let mut name = w.next();
            if name.as_ref().is_some_and(|(x, q)| !q && x.eq_ignore_ascii_case("if")) {
                name = w.nth(2);
            }
            if let Some((n, q)) = name {
                let n = if q { n } else { n.to_ascii_lowercase() };
                if !n.is_empty() && n != "'" && !out.contains(&n) {
                    out.push(n);
                }
            }
        }
    }
    out
}

/// The extensions the browser's PGlite ships, each with the `@electric-sql/pglite/contrib/*`
/// module that carries it (PGlite takes bundles when a database opens; static/db-worker.js).
pub const PGLITE_CONTRIB: &[(&str, &str)] = &[
    ("amcheck", "amcheck"),
    ("autoinc", "moddatetime"),
    ("bloom", "bloom"),
    ("btree_gin", "btree_gin"),
    ("btree_gist", "btree_gist"),
    ("citext", "citext"),
    ("cube", "cube"),
    ("dict_int", "dict_int"),
    ("dict_xsyn", "dict_xsyn"),
    ("earthdistance", "earthdistance"),
    ("file_fdw", "file_fdw"),
    ("fuzzystrmatch", "fuzzystrmatch"),
    ("hstore", "hstore"),
    ("insert_username", "moddatetime"),
    ("intarray", "intarray"),
    ("isn", "isn"),
    ("lo", "lo"),
    ("ltree", "ltree"),
    ("moddatetime", "moddatetime"),
    ("pageinspect", "pageinspect"),
    ("pg_buffercache", "pg_buffercache"),
    ("pg_freespacemap", "pg_freespacemap"),
    ("pg_stat_statements", "pg_stat_statements"),
    ("pg_surgery", "pg_surgery"),
    ("pg_trgm", "pg_trgm"),
    ("pg_visibility", "pg_visibility"),
    ("pg_walinspect", "pg_walinspect"),
    ("pgcrypto", "pgcrypto"),
    ("refint", "moddatetime"),
    ("seg", "seg"),
    ("tablefunc", "tablefunc"),
    ("tcn", "tcn"),
    ("tsm_system_rows", "tsm_system_rows"),
    ("tsm_system_time", "tsm_system_time"),
    ("unaccent", "unaccent"),
    ("uuid-ossp", "uuid_ossp"),
];

/// The PGlite contrib modules a run needs: those of the extensions the files mention, the
/// Supabase defaults under that profile, and what those depend on (earthdistance needs cube).
/// Loading all of them costs a fresh database about a second in Chromium (scripts/bench), so
/// the browser loads only these.
pub fn pglite_modules(texts: &[&str], profile: crate::profile::Profile) -> Vec<String> {
    let mut names = mentioned(texts);
    if profile == crate::profile::Profile::Supabase {
        names.extend(SUPABASE_DEFAULTS.iter().map(|s| s.to_string()));
    }
    if names.iter().any(|n| n == "earthdistance") {
        names.push("cube".into());
    }
    let mut out: Vec<String> = names
        .iter()
        .filter_map(|n| PGLITE_CONTRIB.iter().find(|(sql, _)| sql == n).map(|(_, m)| m.to_string()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Words of a statement with whether each was double-quoted; strings and comments skipped.
fn words(sql: &str) -> Vec<(String, bool)> {
    let b = sql.as_bytes();
    let (mut i, mut out) = (0, Vec::new());
    while i < b.len() {
        let c = b[i];
        if c == b'-' && b.get(i + 1) == Some(&b'-') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'\'' {
            i += 1;
            while i < b.len() && !(b[i] == b'\'' && b.get(i + 1) != Some(&b'\'')) {
                i += if b[i] == b'\'' { 2 } else { 1 };
            }
            out.push(("'".to_string(), false));
            i += 1;
        } else if c == b'"' {
            let s = i + 1;
            i += 1;
            while i < b.len() && !(b[i] == b'"' && b.get(i + 1) != Some(&b'"')) {
                i += if b[i] == b'"' { 2 } else { 1 };
            }
            out.push((sql[s..i.min(b.len())].replace("\"\"", "\""), true));
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
            let s = i;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-' || b[i] >= 0x80)
            {
                i += 1;
            }
            out.push((sql[s..i].to_string(), false));
        } else {
            i += 1;
        }
    }
    out
}

/// What is known about an extension PGlite does not ship.
pub struct KnownExtension {
    pub name: &'static str,
    /// What it is, in a few words.
    pub what: &'static str,
    /// The schema it always lives in (ignoring WITH SCHEMA), if any.
    pub fixed_schema: Option<&'static str>,
    /// Whether a Supabase database has it available (or installed).
    pub on_supabase: bool,
    /// No-op stand-ins for its most used functions: (signature for the report, SQL with `{s}`
    /// for the quoted schema).
    pub functions: &'static [(&'static str, &'static str)],
}

const CRON_FUNCTIONS: &[(&str, &str)] = &[
    ("cron.job (table: jobs are recorded, never run)", "create table if not exists {s}.job (jobid bigserial primary key, schedule text not null, command text not null, nodename text not null default 'localhost', nodeport integer not null default 5432, database text not null default current_database(), username text not null default current_user, active boolean not null default true, jobname text);"),
    ("cron.schedule(job_name, schedule, command) → bigint", "create or replace function {s}.schedule(job_name text, schedule text, command text) returns bigint language sql as $tp$ delete from {s}.job where jobname = job_name; insert into {s}.job (schedule, command, jobname) values (schedule, command, job_name) returning jobid $tp$;"),
    ("cron.schedule(schedule, command) → bigint", "create or replace function {s}.schedule(schedule text, command text) returns bigint language sql as $tp$ insert into {s}.job (schedule, command) values (schedule, command) returning jobid $tp$;"),
    ("cron.unschedule(job_id) → boolean", "create or replace function {s}.unschedule(job_id bigint) returns boolean language sql as $tp$ with d as (delete from {s}.job where jobid = job_id returning 1) select exists (select 1 from d) $tp$;"),
    ("cron.unschedule(job_name) → boolean", "create or replace function {s}.unschedule(job_name text) returns boolean language sql as $tp$ with d as (delete from {s}.job where jobname = job_name returning 1) select exists (select 1 from d) $tp$;"),
];

const NET_FUNCTIONS: &[(&str, &str)] = &[
    ("net.http_get(url, params, headers, timeout_milliseconds) → bigint (never sent)", "create sequence if not exists {s}.tp_request_id; create or replace function {s}.http_get(url text, params jsonb default '{}'::jsonb, headers jsonb default '{}'::jsonb, timeout_milliseconds integer default 5000) returns bigint language sql as $tp$ select nextval('{s}.tp_request_id') $tp$;"),
    ("net.http_post(url, body, params, headers, timeout_milliseconds) → bigint (never sent)", "create sequence if not exists {s}.tp_request_id; create or replace function {s}.http_post(url text, body jsonb default '{}'::jsonb, params jsonb default '{}'::jsonb, headers jsonb default '{\"Content-Type\": \"application/json\"}'::jsonb, timeout_milliseconds integer default 5000) returns bigint language sql as $tp$ select nextval('{s}.tp_request_id') $tp$;"),
    ("net.http_delete(url, params, headers, timeout_milliseconds) → bigint (never sent)", "create sequence if not exists {s}.tp_request_id; create or replace function {s}.http_delete(url text, params jsonb default '{}'::jsonb, headers jsonb default '{}'::jsonb, timeout_milliseconds integer default 5000) returns bigint language sql as $tp$ select nextval('{s}.tp_request_id') $tp$;"),
];

const UUID_OSSP_FUNCTIONS: &[(&str, &str)] = &[
    ("uuid_generate_v4() → uuid (gen_random_uuid(), the same kind of random UUID)", "create or replace function {s}.uuid_generate_v4() returns uuid language sql volatile as $tp$ select gen_random_uuid() $tp$;"),
    ("uuid_nil() → uuid", "create or replace function {s}.uuid_nil() returns uuid language sql immutable as $tp$ select '00000000-0000-0000-0000-000000000000'::uuid $tp$;"),
];

const PGCRYPTO_FUNCTIONS: &[(&str, &str)] = &[
    ("gen_random_bytes(n) → bytea (from gen_random_uuid(); not cryptographic)", "create or replace function {s}.gen_random_bytes(n integer) returns bytea language sql volatile as $tp$ select substring(string_agg(uuid_send(gen_random_uuid()), ''::bytea) from 1 for n) from generate_series(1, (n + 15) / 16) $tp$;"),
    ("digest(data, 'md5' | 'sha224' | 'sha256' | 'sha384' | 'sha512') → bytea (the built-in hash functions)", "create or replace function {s}.digest(data bytea, type text) returns bytea language sql immutable strict as $tp$ select case lower(type) when 'md5' then decode(md5(data), 'hex') when 'sha224' then sha224(data) when 'sha256' then sha256(data) when 'sha384' then sha384(data) when 'sha512' then sha512(data) end $tp$; create or replace function {s}.digest(data text, type text) returns bytea language sql immutable strict as $tp$ select {s}.digest(convert_to(data, 'UTF8'), type) $tp$;"),
];

pub const KNOWN: &[KnownExtension] = &[
    KnownExtension {
        name: "pg_cron",
        what: "job scheduler",
        fixed_schema: Some("cron"),
        on_supabase: true,
        functions: CRON_FUNCTIONS,
    },
    KnownExtension {
        name: "pg_net",
        what: "asynchronous HTTP requests",
        fixed_schema: Some("net"),
        on_supabase: true,
        functions: NET_FUNCTIONS,
    },
    KnownExtension {
        name: "pg_graphql",
        what: "GraphQL API",
        fixed_schema: Some("graphql"),
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "pgsodium",
        what: "libsodium encryption",
        fixed_schema: Some("pgsodium"),
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "supabase_vault",
        what: "encrypted secrets (the Supabase profile's vault schema stands in for it)",
        fixed_schema: Some("vault"),
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "pg_tle",
        what: "trusted language extensions",
        fixed_schema: Some("pgtle"),
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "http",
        what: "synchronous HTTP client",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "pgjwt",
        what: "JSON Web Tokens",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "pg_jsonschema",
        what: "JSON Schema validation",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "pg_hashids",
        what: "short ids",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "pgmq",
        what: "message queue",
        fixed_schema: Some("pgmq"),
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "hypopg",
        what: "hypothetical indexes",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "index_advisor",
        what: "index advisor",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "postgis",
        what: "geospatial types",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "vector",
        what: "vector similarity search (pgvector)",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "pgtap",
        what: "unit testing",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "plv8",
        what: "JavaScript procedural language",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "pgaudit",
        what: "audit logging",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "pg_repack",
        what: "online table repacking",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "pgroonga",
        what: "full-text search",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "wrappers",
        what: "foreign data wrappers",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "timescaledb",
        what: "time series",
        fixed_schema: None,
        on_supabase: false,
        functions: &[],
    },
    KnownExtension {
        name: "dblink",
        what: "connections to other databases",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "postgres_fdw",
        what: "foreign tables on other servers",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
    KnownExtension {
        name: "uuid-ossp",
        what: "UUID generators",
        fixed_schema: None,
        on_supabase: true,
        functions: UUID_OSSP_FUNCTIONS,
    },
    KnownExtension {
        name: "pgcrypto",
        what: "cryptographic functions",
        fixed_schema: None,
        on_supabase: true,
        functions: PGCRYPTO_FUNCTIONS,
    },
    KnownExtension {
        name: "pg_stat_statements",
        what: "query statistics",
        fixed_schema: None,
        on_supabase: true,
        functions: &[],
    },
];

pub fn known(name: &str) -> Option<&'static KnownExtension> {
    KNOWN.iter().find(|k| k.name == name)
}

/// The extensions every Supabase database has installed in schema `extensions` (the profile's
/// shim creates those the engine ships; see shim/supabase.sql).
pub const SUPABASE_DEFAULTS: [&str; 3] = ["uuid-ossp", "pgcrypto", "pg_stat_statements"];

/// Installed on Supabase databases (now or in older projects) although no engine here can load
/// them: under the Supabase profile a `CREATE EXTENSION IF NOT EXISTS` of one (as `supabase db
/// dump` writes) gets its schema as a stand-in without the project option, since on Supabase the
/// statement changes nothing.
pub const SUPABASE_PREINSTALLED: [&str; 4] = ["pg_graphql", "supabase_vault", "pgsodium", "pgjwt"];

/// One extension stood in for: what was created instead of it, and where the project asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandIn {
    pub extension: String,
    /// The schema created (or reused) in its place.
    pub schema: String,
    /// The no-op functions (and tables) created there, described; empty for an empty schema.
    pub functions: Vec<String>,
    /// `file:line` of the CREATE EXTENSION, or "Supabase profile" for a default extension.
    pub at: String,
}

/// An extension the project (or the profile) wanted that this engine cannot load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unavailable {
    pub extension: String,
    pub at: String,
    /// Why, in one sentence for the user.
    pub message: String,
}

/// The schema a stand-in goes to: the extension's own, the one the statement names, else one
/// named after the extension (an empty schema the user can see).
pub fn stand_in_schema(name: &str, requested_schema: Option<&str>) -> String {
    if let Some(k) = known(name).and_then(|k| k.fixed_schema) {
        return k.to_string();
    }
    if let Some(s) = requested_schema {
        return s.to_string();
    }
    if known(name).is_some_and(|k| !k.functions.is_empty()) {
        return "public".to_string();
    }
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect()
}

/// The SQL that stands in for an extension, and what it creates (for the report).
pub fn stand_in(name: &str, requested_schema: Option<&str>, at: &str) -> (String, StandIn) {
    let schema = stand_in_schema(name, requested_schema);
    let q = ident(&schema);
    let mut sql = format!("create schema if not exists {q};\n");
    let mut functions = Vec::new();
    if let Some(k) = known(name) {
        for (what, body) in k.functions {
            sql.push_str(&body.replace("{s}", &q));
            sql.push('\n');
            functions.push(
                what.replace("cron.", &format!("{schema}.")).replace("net.", &format!("{schema}.")),
            );
        }
    }
    sql.push_str(&format!(
        "comment on schema {q} is {};",
        literal(&format!(
            "Tenant Planner stand-in for extension {name}, which this engine cannot load: {}",
            if functions.is_empty() {
                "an empty schema".to_string()
            } else {
                format!("no-op {}", functions.join("; "))
            }
        ))
    ));
    (sql, StandIn { extension: name.to_string(), schema, functions, at: at.to_string() })
}

/// The one message for an extension the engine cannot load.
pub fn unavailable_message(name: &str) -> String {
    let (what, platform) = match known(name) {
        Some(k) if k.on_supabase => (format!(" ({})", k.what), " A Supabase database has it; this engine does not ship it."),
        Some(k) => (format!(" ({})", k.what), " This engine does not ship it."),
        None => (String::new(), " Neither PGlite nor a stock Supabase database ships it: a real database raises this error too unless the extension was installed there first."),
    };
    let stand = match known(name) {
        Some(k) if !k.functions.is_empty() => format!(
            "an empty schema {} with no-op stand-ins for its most used functions",
            stand_in_schema(name, None)
        ),
        _ => "an empty schema in its place".to_string(),
    };
    format!("extension \"{name}\"{what} is not available here.{platform} Tick \"Stand in unavailable extensions\" (Profile tab) to create {stand} and read the rest of the project.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_create_extension_forms() {
        let c = parse_create_extension(
            "create extension if not exists \"uuid-ossp\" with schema extensions;",
        )
        .unwrap();
        assert_eq!(
            (c.name.as_str(), c.schema.as_deref(), c.if_not_exists),
            ("uuid-ossp", Some("extensions"), true)
        );
        let c = parse_create_extension("CREATE EXTENSION pg_cron;").unwrap();
        assert_eq!((c.name.as_str(), c.schema, c.if_not_exists), ("pg_cron", None, false));
        let c = parse_create_extension(
            "create extension \"basejump-supabase_test_helpers\" version '0.0.6';",
        )
        .unwrap();
        assert_eq!(c.name, "basejump-supabase_test_helpers");
        let c = parse_create_extension("create extension if not exists index_advisor cascade;")
            .unwrap();
        assert_eq!(c.name, "index_advisor");
        let c =
            parse_create_extension("CREATE EXTENSION IF NOT EXISTS citext SCHEMA \"My\";").unwrap();
        assert_eq!(c.schema.as_deref(), Some("My"));
        assert!(parse_create_extension("-- create extension x\nselect 1;").is_none());
        assert!(parse_create_extension("drop extension x;").is_none());
    }

    #[test]
    fn statements_about_an_extension() {
        assert_eq!(
            extension_statement("COMMENT ON EXTENSION \"uuid-ossp\" IS 'x';"),
            Some(("comment on", "uuid-ossp".into()))
        );
        assert_eq!(
            extension_statement("drop extension if exists pg_cron cascade;"),
            Some(("drop", "pg_cron".into()))
        );
        assert_eq!(
            extension_statement("alter extension pg_net update;"),
            Some(("alter", "pg_net".into()))
        );
        assert_eq!(extension_statement("comment on table t is 'x';"), None);
    }

    #[test]
    fn requested_reads_statements_not_strings() {
        let a = "create extension if not exists pg_trgm;\ninsert into pkg values ('create extension http');\ncreate function f() returns void language sql as $$ select 1 $$;";
        let b = "CREATE EXTENSION \"uuid-ossp\" WITH SCHEMA public;\ncreate extension pg_trgm;";
        assert_eq!(requested(&[a, b]), ["pg_trgm", "uuid-ossp"]);
    }

    #[test]
    fn mentioned_names_and_the_pglite_modules_a_run_needs() {
        let a = "do $$ begin execute 'create extension if not exists \"uuid-ossp\"'; end $$;\nCREATE EXTENSION earthdistance CASCADE;\ncreate extension autoinc;";
        assert_eq!(mentioned(&[a]), ["uuid-ossp", "earthdistance", "autoinc"]);
        assert_eq!(
            pglite_modules(&[a], crate::profile::Profile::Postgres),
            ["cube", "earthdistance", "moddatetime", "uuid_ossp"]
        );
        assert_eq!(
            pglite_modules(&["select 1;"], crate::profile::Profile::Supabase),
            ["pg_stat_statements", "pgcrypto", "uuid_ossp"]
        );
        assert!(pglite_modules(&["create extension pg_cron;"], crate::profile::Profile::Postgres)
            .is_empty());
    }

    #[test]
    fn stand_ins_and_messages() {
        let (sql, s) = stand_in("pg_cron", None, "a.sql:3");
        assert_eq!(s.schema, "cron");
        assert!(sql.starts_with("create schema if not exists cron;"));
        assert!(sql.contains("create or replace function cron.schedule(job_name text"));
        assert_eq!(s.functions.len(), CRON_FUNCTIONS.len());
        let (sql, s) = stand_in("my-ext", None, "b.sql:1");
        assert_eq!(s.schema, "my_ext");
        assert!(s.functions.is_empty());
        assert!(sql.contains("an empty schema"));
        let (_, s) = stand_in("uuid-ossp", Some("extensions"), "Supabase profile");
        assert_eq!(s.schema, "extensions");
        assert!(unavailable_message("pg_net").contains("A Supabase database has it"));
        assert!(unavailable_message("basejump-supabase_test_helpers")
            .contains("a real database raises this error too"));
        assert_eq!(ident("Mixed"), "\"Mixed\"");
    }
}
