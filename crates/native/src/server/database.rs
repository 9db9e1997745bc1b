//! A throwaway database on a PostgreSQL server: `tp_<random>`, created from template0 for the run
//! and dropped when the guard is dropped (after the run, on an error, and while a panic unwinds).
//! Nothing else on the server is touched, except the roles the run itself creates (below).

use postgres::{Client, Config, NoTls};

/// The run's database, and the connection that made it (and will drop it).
pub struct Throwaway {
    admin: Client,
    name: String,
    config: Config,
    roles_before: Vec<String>,
}

impl Throwaway {
    /// Connect with `server` (any database of it: the URL's), check that its user may run the
    /// pipeline, and create the run's database.
    pub fn create(server: &Config) -> Result<Throwaway, String> {
        let mut admin = server
            .connect(NoTls)
            .map_err(|e| format!("could not connect to the PostgreSQL server: {e}"))?;
        // The shim creates roles (some BYPASSRLS), the DDL log uses event triggers and the probes
        // switch roles: a superuser's work, as on PGlite, where the session is the superuser.
        let superuser = one_value(
            &mut admin,
            "select rolsuper::text from pg_catalog.pg_roles where rolname = current_user",
        )?;
        if superuser.as_deref() != Some("true") {
            return Err(format!(
                "the PostgreSQL user {:?} is not a superuser: the run creates roles and event triggers in its own throwaway database; connect as a superuser of a server of your own (a CI service, a local cluster)",
                server.get_user().unwrap_or_default()
            ));
        }
        let roles_before = roles(&mut admin)?;
        let name = format!("tp_{}", random_hex());
        // template0: nothing a server's template1 was given; C collation, as PGlite's initdb.
        admin
            .batch_execute(&format!(
                "create database {name} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'"
            ))
            .map_err(|e| format!("could not create the throwaway database {name}: {}", describe(&e)))?;
        let mut config = server.clone();
        config.dbname(&name);
        Ok(Throwaway { admin, name, config, roles_before })
    }

    /// Where the run connects: the server, with the throwaway database.
    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Drop the database, then the roles that appeared on the server while it was there.
    fn clean_up(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        let drop_db = format!("drop database if exists {} with (force)", self.name);
        if let Err(e) = self.admin.batch_execute(&drop_db) {
            problems.push(format!(
                "could not drop the throwaway database {}: {}",
                self.name,
                describe(&e)
            ));
            return problems;
        }
        // Roles are cluster-wide in a real server (in PGlite the whole cluster is the run's, and
        // goes with it): the shim and the files create the roles they need when missing, and
        // leaving them would make the next run on this server see them as already there (an up
        // file's CREATE ROLE would fail with 42710). So the roles that were not there before the
        // run are dropped with its database. A role created by someone else on the same server
        // while the run went on would be dropped too unless it owns or was granted something
        // (DROP ROLE refuses, and it is left): run on a server of your own (a CI service).
        let after = match roles(&mut self.admin) {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("could not list the server's roles to drop the run's: {e}"));
                return problems;
            }
        };
        for role in after.iter().filter(|r| !self.roles_before.contains(r)) {
            let sql = format!("drop role if exists {}", tenant_planner_core::sql_text::ident(role));
            if let Err(e) = self.admin.batch_execute(&sql) {
                problems.push(format!("left role {role} on the server: {}", describe(&e)));
            }
        }
        problems
    }
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        for p in self.clean_up() {
            eprintln!("tenant-planner: {p}");
        }
    }
}

fn one_value(c: &mut Client, sql: &str) -> Result<Option<String>, String> {
    let messages = c.simple_query(sql).map_err(|e| format!("{sql}: {}", describe(&e)))?;
    Ok(messages.iter().find_map(|m| match m {
        postgres::SimpleQueryMessage::Row(r) => r.get(0).map(str::to_string),
        _ => None,
    }))
}

fn roles(c: &mut Client) -> Result<Vec<String>, String> {
    let json = one_value(
        c,
        "select coalesce(json_agg(rolname order by rolname), '[]')::text from pg_catalog.pg_roles",
    )?;
    serde_json::from_str(json.as_deref().unwrap_or("[]")).map_err(|e| e.to_string())
}

/// A server error with its SQLSTATE, or the client's own.
pub(crate) fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => format!("{} ({})", d.message(), d.code().code()),
        None => e.to_string(),
    }
}

/// 16 hex digits, different per call and per process (the std hasher's random keys, the clock,
/// the process id and a counter).
fn random_hex() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.write_u32(std::process::id());
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    format!("{:016x}", h.finish())
}
