//! The lock monitor: a second connection polls `pg_locks` for the run's backend every few
//! milliseconds while an up statement runs, and for as long as a lock seen then is still held
//! (inside BEGIN … COMMIT that is until the transaction ends). The run's own session cannot do
//! this: an autocommit statement's locks are gone by the time it could ask.
//!
//! What it records is sampled: a lock held between two polls is not seen, and a held time runs
//! from the first sample that saw it to the last (so the truth is up to about two intervals
//! longer). Tables only (not indexes, sequences or the catalogs), and only those the monitor's
//! session can see: a table created by a transaction still open is not listed.

use postgres::{Config, NoTls};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The pause between two polls (each poll itself takes a fraction of a millisecond).
pub(super) const PAUSE: Duration = Duration::from_millis(2);

const QUERY: &str = "select n.nspname || '.' || c.relname, l.mode \
    from pg_catalog.pg_locks l \
    join pg_catalog.pg_class c on c.oid = l.relation \
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace \
    where l.pid = $1 and l.locktype = 'relation' and l.granted \
      and l.database = (select oid from pg_catalog.pg_database where datname = current_database()) \
      and c.relkind in ('r', 'p', 'm') \
      and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'";

/// One lock, from the first sample that saw it to the last (times in ms on the run's clock).
#[derive(Debug, Clone)]
pub(super) struct Seen {
    /// The statement (its number, from [`Monitor::begin`]) running when it was first seen.
    pub statement: usize,
    pub table: String,
    pub mode: String,
    pub first_ms: f64,
    pub last_ms: f64,
    pub samples: u32,
}

#[derive(Default)]
struct State {
    /// The statement running: new locks are charged to it.
    statement: Option<usize>,
    /// The statement has ended: one more poll, still charged to it (a lock taken inside BEGIN …
    /// COMMIT is still held, and seen even when the statement was shorter than a pause).
    closing: bool,
    stop: bool,
    open: BTreeMap<(String, String), Seen>,
    closed: Vec<Seen>,
    /// Polls made back to back while a statement ran, and the time between them.
    gaps: u64,
    gap_ms: f64,
    error: Option<String>,
}

pub(super) struct Monitor {
    state: Arc<Mutex<State>>,
    thread: Option<JoinHandle<()>>,
}

/// What the monitor saw, once stopped.
pub(super) struct Sampled {
    pub locks: Vec<Seen>,
    /// Mean time between two polls (0 when it never polled twice in a row).
    pub interval_ms: f64,
    pub error: Option<String>,
}

impl Monitor {
    /// Connect and start watching backend `pid`; `t0` is the clock the statements are timed on.
    pub(super) fn start(config: &Config, pid: i32, t0: Instant) -> Result<Monitor, String> {
        let mut client = config
            .connect(NoTls)
            .map_err(|e| format!("the lock monitor could not connect: {e}"))?;
        let query =
            client.prepare(QUERY).map_err(|e| format!("the lock monitor's query failed: {e}"))?;
        let state: Arc<Mutex<State>> = Arc::default();
        let shared = state.clone();
        let thread = std::thread::spawn(move || {
            let mut last_poll: Option<f64> = None;
            loop {
                let (poll, statement, closing) = {
                    let s = shared.lock().unwrap();
                    if s.stop {
                        break;
                    }
                    (s.statement.is_some() || !s.open.is_empty(), s.statement, s.closing)
                };
                if !poll {
                    last_poll = None;
                    std::thread::sleep(PAUSE);
                    continue;
                }
                let at = t0.elapsed().as_secs_f64() * 1000.0;
                let rows = match client.query(&query, &[&pid]) {
                    Ok(rows) => rows,
                    Err(e) => {
                        let mut s = shared.lock().unwrap();
                        s.error = Some(format!("the lock monitor's query failed: {e}"));
                        s.closing = false;
                        break;
                    }
                };
                let now: Vec<(String, String)> =
                    rows.iter().map(|r| (r.get::<_, String>(0), r.get::<_, String>(1))).collect();
                let mut s = shared.lock().unwrap();
                if let Some(prev) = last_poll.filter(|_| statement.is_some() && !closing) {
                    s.gaps += 1;
                    s.gap_ms += at - prev;
                }
                last_poll = Some(at);
                // Gone since the last sample: closed at the last sample that saw it.
                let gone: Vec<(String, String)> =
                    s.open.keys().filter(|k| !now.contains(k)).cloned().collect();
                for k in gone {
                    if let Some(seen) = s.open.remove(&k) {
                        s.closed.push(seen);
                    }
                }
                for k in now {
                    match (s.open.get_mut(&k), statement) {
                        (Some(seen), _) => {
                            seen.last_ms = at;
                            seen.samples += 1;
                        }
                        // New locks count only while a statement runs (between statements the
                        // run's own bookkeeping queries take theirs).
                        (None, Some(n)) => {
                            let seen = Seen {
                                statement: n,
                                table: k.0.clone(),
                                mode: k.1.clone(),
                                first_ms: at,
                                last_ms: at,
                                samples: 1,
                            };
                            s.open.insert(k, seen);
                        }
                        (None, None) => {}
                    }
                }
                if closing {
                    s.closing = false;
                    s.statement = None;
                    drop(s);
                    last_poll = None;
                    continue;
                }
                drop(s);
                std::thread::sleep(PAUSE);
            }
        });
        Ok(Monitor { state, thread: Some(thread) })
    }

    /// Statement number `n` starts.
    pub(super) fn begin(&self, n: usize) {
        let mut s = self.state.lock().unwrap();
        s.statement = Some(n);
        s.closing = false;
    }

    /// The statement has ended: wait for one more poll (charged to it) that started after now.
    pub(super) fn end(&self) {
        self.state.lock().unwrap().closing = true;
        loop {
            {
                let s = self.state.lock().unwrap();
                if !s.closing
                    || s.error.is_some()
                    || self.thread.as_ref().is_none_or(|t| t.is_finished())
                {
                    break;
                }
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let mut s = self.state.lock().unwrap();
        s.closing = false;
        s.statement = None;
    }

    /// Stop polling; every lock seen (those still held end at their last sample).
    pub(super) fn finish(mut self) -> Sampled {
        self.state.lock().unwrap().stop = true;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let mut s = self.state.lock().unwrap();
        let open: Vec<Seen> = std::mem::take(&mut s.open).into_values().collect();
        let mut locks = std::mem::take(&mut s.closed);
        locks.extend(open);
        locks.sort_by(|a, b| a.first_ms.total_cmp(&b.first_ms));
        Sampled {
            locks,
            interval_ms: if s.gaps > 0 { s.gap_ms / s.gaps as f64 } else { 0.0 },
            error: s.error.take(),
        }
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        if let Ok(mut s) = self.state.lock() {
            s.stop = true;
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
