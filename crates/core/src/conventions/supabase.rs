//! Supabase CLI: `supabase/migrations/<timestamp>_name.sql` are migrations in timestamp order,
//! whatever words their names hold (`…_roles-seed.sql` is a migration at its place);
//! `supabase/seed.sql` (and `supabase/seeds/`) run after the migrations, as `supabase db reset`
//! does; `supabase/tests/**/*.sql` are pgTAP tests (`supabase test db`). A folder dropped without
//! its `supabase/` (names `migrations/20240101000000_x.sql`, `seed.sql`, `tests/…`) is
//! recognised by its migrations.

use super::path::{leading_digits, number, FilePath};
use super::{Convention, FileConvention, SortKey};
use crate::files::{Role, SqlFile};

/// Index of the `supabase` folder in the path, if any.
fn supabase_dir(p: &FilePath) -> Option<usize> {
    p.dir_index("supabase")
}

/// `migrations/<digits>_name.sql` right under the Supabase root: the root (folders before
/// `migrations/`) and the timestamp.
fn migration(p: &FilePath) -> Option<(String, String)> {
    let (digits, rest) = leading_digits(p.stem());
    if digits.is_empty() || !rest.starts_with('_') {
        return None;
    }
    let n = p.dirs.len();
    let under_supabase =
        n >= 2 && p.dirs[n - 1] == "migrations" && p.dirs[n - 2].eq_ignore_ascii_case("supabase");
    // Dropped without supabase/: only the CLI's own 14-digit timestamps, right at the top. (One
    // folder down is not enough: `db/migrations/<14 digits>_x.sql` is as often a plain timestamped
    // sequence; a picked Supabase folder is named `supabase/`, which the rule above covers.)
    let root_dropped = n == 1 && p.dirs[0] == "migrations" && digits.len() == 14;
    (under_supabase || root_dropped).then(|| (p.dirs[..n - 1].join("/"), digits.to_string()))
}

pub fn detect(p: &FilePath) -> Option<FileConvention> {
    if let Some((_, ts)) = migration(p) {
        return Some(FileConvention::new(
            Convention::Supabase,
            Role::Up,
            SortKey::versioned(vec![number(&ts)], p.full),
            format!("Supabase CLI: {} is migration {ts} (timestamp order; every file in migrations/ is applied, whatever its name says)", p.base),
        ));
    }
    let at = supabase_dir(p)?;
    let below: Vec<&str> = p.dirs[at + 1..].to_vec();
    match below.first().copied() {
        None if p.base.eq_ignore_ascii_case("seed.sql") => Some(seed(p)),
        Some("seeds") => Some(seed(p)),
        Some("tests") => Some(FileConvention::new(
            Convention::Supabase,
            Role::Validate,
            SortKey::by_name(p.full),
            format!("Supabase CLI: supabase/{}/{} is a test (supabase test db runs supabase/tests with pgTAP)", below.join("/"), p.base),
        )),
        _ => None,
    }
}

fn seed(p: &FilePath) -> FileConvention {
    let mut d = FileConvention::new(
        Convention::Supabase,
        Role::Seed,
        SortKey::by_name(p.full),
        format!(
            "Supabase CLI: {} is seed data, run after the migrations (as supabase db reset does)",
            p.base
        ),
    );
    d.after_up = true;
    d
}

/// A folder dropped without `supabase/`: its `seed.sql`/`seeds/` run after the migrations, and
/// its `tests/` validation files are the CLI's tests.
pub fn apply_folder(files: &[SqlFile], det: &mut [FileConvention]) {
    let roots: Vec<String> = files
        .iter()
        .filter_map(|f| migration(&FilePath::new(&f.name)).map(|(root, _)| root))
        .collect();
    if roots.is_empty() {
        return;
    }
    for (i, f) in files.iter().enumerate() {
        let p = FilePath::new(&f.name);
        let d = &mut det[i];
        if d.convention == Convention::Supabase {
            continue;
        }
        let dir = p.dir();
        let under = |r: &String| r.is_empty() || dir == *r || dir.starts_with(&format!("{r}/"));
        let Some(root_len) = roots
            .iter()
            .filter(|r| under(r))
            .map(|r| r.split('/').filter(|s| !s.is_empty()).count())
            .max()
        else {
            continue;
        };
        let below: Vec<&str> = p.dirs[root_len.min(p.dirs.len())..].to_vec();
        let is_seed = (below.is_empty() && p.base.eq_ignore_ascii_case("seed.sql"))
            || below.first() == Some(&"seeds");
        if is_seed && d.role == Role::Seed {
            *d = seed(&p);
        } else if below.first() == Some(&"tests") && d.role == Role::Validate {
            d.convention = Convention::Supabase;
            d.reason = format!("Supabase CLI: tests/{} is a test ({})", p.base, d.reason);
        }
    }
}
