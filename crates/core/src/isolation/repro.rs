//! The reproduction of a leak: one psql script that makes the fixture rows the probe needed,
//! acts as the persona and runs the very statement — in a transaction that rolls back.

pub(crate) struct Repro<'a> {
    /// One line saying what leaked.
    pub title: &'a str,
    /// Statements run first, as the superuser (a temporary role, then the fixture rows).
    pub setup: &'a [&'a str],
    /// The persona's identity (`set local role …`, claims, settings).
    pub identity: &'a str,
    pub persona: &'a str,
    pub statement: &'a str,
}

fn terminated(s: &str) -> String {
    let t = s.trim_end();
    if t.ends_with(';') {
        t.to_string()
    } else {
        format!("{t};")
    }
}

pub(crate) fn script(r: &Repro) -> String {
    let mut out = vec![
        format!("-- {}", r.title),
        "-- Run with psql, as the superuser, against the database as the up migrations left it."
            .to_string(),
        "-- Everything happens inside one transaction that is rolled back.".to_string(),
        "begin;".to_string(),
    ];
    if !r.setup.is_empty() {
        out.push("-- the probe's fixture rows".into());
        out.extend(r.setup.iter().map(|s| terminated(s)));
    }
    out.push(format!("-- act as {}", r.persona));
    out.extend(r.identity.lines().map(terminated));
    out.push(terminated(r.statement));
    out.push("rollback;".into());
    out.join("\n")
}
