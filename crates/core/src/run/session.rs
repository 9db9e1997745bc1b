//! The session between files: reset after a baseline restore, and graphile-migrate's
//! placeholders stood in before a file that uses them.

use crate::engine::{Engine, EngineFailure};
use crate::files::SqlFile;
use crate::platform::{session_reset_note, CreatedRoles, PlatformRun, SESSION_RESET_SQL};
use crate::profile::Profile;

/// After the baseline files: a fresh session, as a restore is its own (`SET` lines, the dump's
/// empty search_path and `row_security = off` stay behind), then the profile's session settings.
pub(super) async fn reset_session<E: Engine>(
    engine: &mut E,
    profile: Profile,
    after: &str,
    platform: &mut PlatformRun,
) -> Result<(), EngineFailure> {
    let out = engine.exec(SESSION_RESET_SQL).await?;
    platform.session_reset = Some(match out.error {
        None => {
            let setup = profile.session_setup();
            if !setup.is_empty() {
                engine.exec(setup).await?;
            }
            session_reset_note(after)
        }
        Some(e) => format!("the session could not be reset after the baseline ({after}): {} ({}); its SET lines still apply to the later files", e.message, e.sqlstate),
    });
    Ok(())
}

/// For a graphile-migrate file holding `:PLACEHOLDERS`: the database name that `:DATABASE_NAME`
/// stands for, after creating NOLOGIN the roles the other placeholders stand for (recorded in
/// `platform.created_roles`). `None` for any other file.
pub(super) async fn graphile_placeholders<E: Engine>(
    engine: &mut E,
    file: &SqlFile,
    platform: &mut PlatformRun,
) -> Option<String> {
    use crate::conventions::graphile_migrate::{placeholder_role, placeholders, DATABASE_NAME};
    if crate::conventions::detect_file(&file.name, &file.text).convention
        != crate::conventions::Convention::GraphileMigrate
    {
        return None;
    }
    let names = placeholders(&file.text);
    if names.is_empty() {
        return None;
    }
    let database = match engine.query_text("select current_database()").await {
        Ok(Ok(db)) => db,
        _ => "postgres".to_string(),
    };
    let mut made = Vec::new();
    for role in names.iter().filter(|n| *n != DATABASE_NAME).map(|n| placeholder_role(n)) {
        let q = format!("select (not exists (select 1 from pg_catalog.pg_roles where rolname = '{role}'))::text");
        if matches!(engine.query_text(&q).await, Ok(Ok(ref t)) if t == "true")
            && matches!(engine.exec(&format!("create role \"{role}\" nologin;")).await, Ok(ref o) if o.error.is_none())
        {
            made.push(role);
        }
    }
    if !made.is_empty() && !platform.created_roles.iter().any(|c| c.roles == made) {
        platform.created_roles.push(CreatedRoles { file: file.name.clone(), roles: made });
    }
    Some(database)
}
