//! The run's platform work around the user's statements: which extensions the engine can load,
//! the Supabase default extensions it could not install, stand-ins for unavailable extensions
//! (when the project asks for them), roles a baseline dump names without creating, COPY data
//! blocks, and the session reset after the baseline. The run (`run/`) calls these; what
//! they did is kept in [`PlatformRun`] and shown in the report's `platform` field.

use crate::dump::{copy_to_inserts, role_references};
use crate::engine::{DbError, Engine, EngineFailure, ExecOutcome, Notice};
use crate::extensions::{
    extension_statement, parse_create_extension, stand_in, unavailable_message, StandIn,
    Unavailable, SUPABASE_DEFAULTS, SUPABASE_PREINSTALLED,
};
use crate::profile::Profile;
use crate::split::Statement;
use serde::{Deserialize, Serialize};

/// Roles created NOLOGIN before a baseline file because it names them without creating them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedRoles {
    pub file: String,
    pub roles: Vec<String>,
}

/// What the platform did during a run.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PlatformRun {
    /// Extensions the engine can load (`pg_available_extensions`), sorted.
    #[serde(default)]
    pub available_extensions: Vec<String>,
    /// Extensions stood in for (project option "stand in unavailable extensions").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stand_ins: Vec<StandIn>,
    /// Extensions asked for (by a file or the profile) that the engine could not load.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unavailable: Vec<Unavailable>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub created_roles: Vec<CreatedRoles>,
    /// Extensions Tenant Planner implements itself, faithfully (pgtap: `pgtap/pgtap.sql`, used in
    /// both engines): created without the stand-in option; `functions` lists what is implemented.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub implemented: Vec<StandIn>,
    /// Set when the session was reset after the baseline files (their SET lines do not reach the
    /// later files): says after which file and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_reset: Option<String>,
}

impl PlatformRun {
    pub fn is_empty(&self) -> bool {
        *self == PlatformRun::default()
    }
}

/// What a CREATE EXTENSION of an extension the engine cannot load turns into.
pub enum ExtensionStep {
    /// Not a CREATE EXTENSION the platform needs to handle: send it as it is.
    Send,
    /// Send it (it will fail); this message goes in the error's hint.
    SendAndExplain(String),
    /// Stood in: this outcome stands for the statement's own.
    StoodIn(Box<ExecOutcome>),
}

pub const SESSION_RESET_SQL: &str = "DISCARD ALL;";

pub fn session_reset_note(after_file: &str) -> String {
    format!("session reset after the baseline or dump (after {after_file}: DISCARD ALL, then the profile's search_path): a restore runs in its own session, so the dump's SET lines (search_path, row_security, check_function_bodies …) do not reach the later files")
}

impl PlatformRun {
    /// After the shim: read what the engine ships, and for Supabase note (or stand in) the
    /// default extensions it could not install.
    pub async fn prepare<E: Engine>(
        engine: &mut E,
        profile: Profile,
        stand_in_option: bool,
    ) -> Result<PlatformRun, EngineFailure> {
        let mut p = PlatformRun::default();
        if let Ok(text) = engine.query_text("select coalesce(json_agg(name::text order by name), '[]')::text from pg_catalog.pg_available_extensions").await? {
            p.available_extensions = serde_json::from_str(&text).unwrap_or_default();
        }
        if profile == Profile::Supabase {
            let installed: Vec<String> = match engine.query_text("select coalesce(json_agg(extname::text), '[]')::text from pg_catalog.pg_extension").await? {
                Ok(t) => serde_json::from_str(&t).unwrap_or_default(),
                Err(_) => Vec::new(),
            };
            for name in SUPABASE_DEFAULTS {
                if installed.iter().any(|i| i == name) {
                    continue;
                }
                if stand_in_option {
                    let (sql, s) = stand_in(name, Some("extensions"), "Supabase profile");
                    let out = engine.exec(&sql).await?;
                    if out.error.is_none() {
                        p.stand_ins.push(s);
                        continue;
                    }
                }
                p.unavailable.push(Unavailable {
                    extension: name.to_string(),
                    at: "Supabase profile".into(),
                    message: format!("a Supabase database has {name} installed in schema extensions, but this engine does not ship it: calls to its functions fail here{}", if stand_in_option { "" } else { " (the project option \"stand in unavailable extensions\" adds documented stand-ins)" }),
                });
            }
        }
        Ok(p)
    }

    fn available(&self, name: &str) -> bool {
        self.available_extensions.is_empty() || self.available_extensions.iter().any(|a| a == name)
    }

    /// Before a statement runs: a CREATE EXTENSION of an extension the engine cannot load is
    /// stood in for (option on) or explained (option off).
    pub async fn create_extension<E: Engine>(
        &mut self,
        engine: &mut E,
        sql: &str,
        at: &str,
        profile: Profile,
        stand_in_option: bool,
    ) -> Result<ExtensionStep, EngineFailure> {
        let Some(ce) = parse_create_extension(sql) else {
            // COMMENT ON / ALTER / DROP EXTENSION of a stood-in extension: there is no extension to
            // act on, only its schema; the statement changes nothing here.
            if let Some((verb, name)) = extension_statement(sql) {
                if let Some(s) = self.stand_ins.iter().find(|s| s.extension == name) {
                    let note = format!("{verb} extension \"{name}\": it is stood in (schema {}, at {}), so this statement changes nothing here", s.schema, s.at);
                    return Ok(ExtensionStep::StoodIn(Box::new(ExecOutcome {
                        notices: vec![notice(&note)],
                        ..Default::default()
                    })));
                }
            }
            return Ok(ExtensionStep::Send);
        };
        // pgTAP is always ours, even where the engine ships it (pglite-oxide does, the browser's
        // PGlite does not): the validation reads its rows as notices, which the real pgTAP does
        // not raise, and the CLI and the app must agree.
        if ce.name == "pgtap" {
            return self.create_pgtap(engine, ce.schema.as_deref(), ce.if_not_exists, at).await;
        }
        if self.available(&ce.name) {
            return Ok(ExtensionStep::Send);
        }
        // Installed on every Supabase database (a `supabase db dump` lists them with IF NOT
        // EXISTS, a no-op there): its schema stands in, whatever the option says.
        let preinstalled = profile == Profile::Supabase
            && ce.if_not_exists
            && SUPABASE_PREINSTALLED.contains(&ce.name.as_str());
        if !stand_in_option && !preinstalled {
            let message = unavailable_message(&ce.name);
            if !self.unavailable.iter().any(|u| u.extension == ce.name) {
                self.unavailable.push(Unavailable {
                    extension: ce.name.clone(),
                    at: at.to_string(),
                    message: message.clone(),
                });
            }
            return Ok(ExtensionStep::SendAndExplain(message));
        }
        // Stood in before, and still there (not rolled back with a test file's transaction)?
        if let Some(prev) = self.stand_ins.iter().find(|s| s.extension == ce.name) {
            let q = format!(
                "select (count(*) > 0)::text from pg_catalog.pg_namespace where nspname = {}",
                crate::sql_text::literal(&prev.schema)
            );
            if engine.query_text(&q).await?.is_ok_and(|t| t == "true") {
                let note = format!(
                    "extension \"{}\" is already stood in (schema {}, at {})",
                    ce.name, prev.schema, prev.at
                );
                let out = ExecOutcome { notices: vec![notice(&note)], ..Default::default() };
                return Ok(ExtensionStep::StoodIn(Box::new(if ce.if_not_exists {
                    out
                } else {
                    duplicate(&ce.name, out)
                })));
            }
        }
        let (sql, s) = stand_in(&ce.name, ce.schema.as_deref(), at);
        let mut out = engine.exec(&sql).await?;
        if out.error.is_none() {
            let what = if s.functions.is_empty() {
                "an empty schema".to_string()
            } else {
                format!("no-op stand-ins: {}", s.functions.join("; "))
            };
            let why = if preinstalled && !stand_in_option {
                "every Supabase database has it installed, so this IF NOT EXISTS changes nothing there; its objects are absent here".to_string()
            } else {
                "project option \"stand in unavailable extensions\"".to_string()
            };
            out.notices.push(notice(&format!("extension \"{}\" is not available in this engine: stood in by schema {} with {what} ({why})", ce.name, s.schema)));
            if !self.stand_ins.iter().any(|x| x.extension == s.extension) {
                self.stand_ins.push(s);
            }
        }
        Ok(ExtensionStep::StoodIn(Box::new(out)))
    }

    /// `create extension pgtap`: our own implementation, in the schema asked for (else the
    /// current schema, as CREATE EXTENSION does).
    async fn create_pgtap<E: Engine>(
        &mut self,
        engine: &mut E,
        schema: Option<&str>,
        if_not_exists: bool,
        at: &str,
    ) -> Result<ExtensionStep, EngineFailure> {
        let schema = match schema {
            Some(s) => s.to_string(),
            None => engine
                .query_text("select coalesce(current_schema()::text, 'public')")
                .await?
                .unwrap_or_else(|_| "public".into()),
        };
        if let Some(prev) = self.implemented.iter().find(|s| s.extension == "pgtap") {
            let q = crate::pgtap::present_query(Some(&prev.schema));
            if engine.query_text(&q).await?.is_ok_and(|t| t == "true") {
                let note = format!("extension \"pgtap\" already exists (Tenant Planner's implementation of pgTAP, schema {}, at {})", prev.schema, prev.at);
                let out = ExecOutcome { notices: vec![notice(&note)], ..Default::default() };
                return Ok(ExtensionStep::StoodIn(Box::new(if if_not_exists {
                    out
                } else {
                    duplicate("pgtap", out)
                })));
            }
        }
        let mut out = self.install_pgtap(engine, &schema, at).await?;
        if out.error.is_none() {
            out.notices.push(notice(&format!("extension \"pgtap\": Tenant Planner's own implementation of pgTAP was created in schema {schema} ({} functions; see the Profile tab), in both engines (the browser's PGlite does not ship pgTAP), so its results can be read as the validation", crate::pgtap::functions().len())));
        }
        Ok(ExtensionStep::StoodIn(Box::new(out)))
    }

    async fn install_pgtap<E: Engine>(
        &mut self,
        engine: &mut E,
        schema: &str,
        at: &str,
    ) -> Result<ExecOutcome, EngineFailure> {
        let out = engine.exec(&crate::pgtap::install_sql(schema)).await?;
        if out.error.is_none() {
            self.implemented.retain(|s| s.extension != "pgtap");
            self.implemented.push(StandIn {
                extension: "pgtap".into(),
                schema: schema.to_string(),
                functions: crate::pgtap::functions(),
                at: at.to_string(),
            });
        }
        Ok(ExecOutcome { notices: Vec::new(), ..out })
    }

    /// Before a Supabase project's pgTAP test file: `supabase test db` creates pgtap in schema
    /// extensions before it runs the tests, so do the same when no `plan(integer)` is in reach.
    /// Returns the note to show, when it did.
    pub async fn pgtap_for_tests<E: Engine>(
        &mut self,
        engine: &mut E,
        file: &str,
    ) -> Result<Option<String>, EngineFailure> {
        if engine.query_text(&crate::pgtap::present_query(None)).await?.is_ok_and(|t| t == "true") {
            return Ok(None);
        }
        let at = format!("before {file}, as `supabase test db` does");
        let out = self.install_pgtap(engine, "extensions", &at).await?;
        Ok(match out.error {
            None => Some(format!("pgTAP created in schema extensions before this file, as `supabase test db` does (Tenant Planner's own implementation of pgTAP, {} functions)", crate::pgtap::functions().len())),
            Some(e) => Some(format!("could not create pgTAP before this file: {} ({})", e.message, e.sqlstate)),
        })
    }

    /// Before a baseline file (or a pg_dump file): create NOLOGIN the roles it names (owners, grantees …) that neither
    /// exist nor are created by the file, so a dump restores as it did where it was made.
    pub async fn create_missing_roles<E: Engine>(
        &mut self,
        engine: &mut E,
        file: &str,
        statements: &[Statement],
    ) -> Result<(), EngineFailure> {
        let named = role_references(statements);
        if named.is_empty() {
            return Ok(());
        }
        let existing: Vec<String> = match engine
            .query_text(
                "select coalesce(json_agg(rolname::text), '[]')::text from pg_catalog.pg_roles",
            )
            .await?
        {
            Ok(t) => serde_json::from_str(&t).unwrap_or_default(),
            Err(_) => return Ok(()),
        };
        let mut made = Vec::new();
        for r in named.into_iter().filter(|r| !existing.contains(r)) {
            let sql = format!("create role {} nologin;", crate::sql_text::ident(&r));
            if engine.exec(&sql).await?.error.is_none() {
                made.push(r);
            }
        }
        if !made.is_empty() {
            self.created_roles.push(CreatedRoles { file: file.to_string(), roles: made });
        }
        Ok(())
    }
}

/// Run a `COPY … FROM stdin` with its data block as INSERTs. `None` when the statement is not one.
pub async fn run_copy<E: Engine>(
    engine: &mut E,
    sql: &str,
) -> Option<Result<ExecOutcome, EngineFailure>> {
    let load = match copy_to_inserts(sql) {
        Ok(None) => return None,
        Ok(Some(l)) => l,
        Err(msg) => {
            let sqlstate = if msg.contains("not supported") { "0A000" } else { "22P04" };
            return Some(Ok(ExecOutcome {
                error: Some(DbError {
                    severity: "ERROR".into(),
                    sqlstate: sqlstate.into(),
                    message: msg,
                    ..Default::default()
                }),
                ..Default::default()
            }));
        }
    };
    let mut total = ExecOutcome { rows: Some(0), ..Default::default() };
    for (line, batch) in &load.batches {
        let out = match engine.exec(batch).await {
            Ok(o) => o,
            Err(f) => return Some(Err(f)),
        };
        total.duration_ms += out.duration_ms;
        total.notices.extend(out.notices);
        if let Some(mut e) = out.error {
            // The position is in our INSERT, not in the file: say which rows instead.
            e.position = None;
            e.internal_position = None;
            let rows = format!("while loading the COPY data rows from line {line} of this statement (as INSERTs of {} rows each)", crate::dump::COPY_BATCH_ROWS);
            e.detail = Some(match e.detail.take() {
                Some(d) => format!("{d}\n{rows}"),
                None => rows,
            });
            total.error = Some(e);
            total.rows = None;
            return Some(Ok(total));
        }
        total.rows = Some(total.rows.unwrap_or(0) + out.rows.unwrap_or(0));
    }
    Some(Ok(total))
}

fn notice(message: &str) -> Notice {
    Notice {
        severity: "NOTICE".into(),
        message: message.to_string(),
        code: None,
        detail: None,
        hint: None,
    }
}

fn duplicate(name: &str, mut out: ExecOutcome) -> ExecOutcome {
    out.error = Some(DbError {
        severity: "ERROR".into(),
        sqlstate: "42710".into(),
        message: format!("extension \"{name}\" already exists"),
        ..Default::default()
    });
    out
}
