//! The core's floors (the table in ARCHITECTURE.md, read here): a module may use modules on its
//! own floor or below, never one above, and no modules may use each other round a cycle.
//!
//! Every `crate::<module>` path in crates/core/src counts, wherever it is written: `use` lines,
//! `use crate::{a, b::c}` groups, paths inline in code and in `#[cfg(test)]` code; also
//! `crate::Name` for the names lib.rs re-exports, and `super::` paths that climb out of their
//! module. Whole-line comments are left out (prose may name any module). A path the check cannot
//! place (an unknown name after `crate::`) is a failure too, so nothing passes unseen.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Cycles tolerated while a piece of work is breaking them, each as its modules (none now: the
/// verdict work of issue 15 removed report ↔ verdict). The test fails once a listed cycle is
/// gone, so an entry cannot outlive its cycle.
const KNOWN_CYCLES: &[&[&str]] = &[];

fn core_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A use of another module: where, and which module it reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Use {
    from: String,
    to: String,
    file: String,
    line: usize,
    text: String,
}

/// The floor table of ARCHITECTURE.md: module → floor. Rows between the `floors` markers:
/// `| <floor> | <name> | `module` `module` … | what lives there |`.
fn floor_table(md: &str) -> Result<BTreeMap<String, usize>, String> {
    let start =
        md.find("<!-- floors -->").ok_or("ARCHITECTURE.md has no <!-- floors --> marker")?;
    let end =
        md.find("<!-- /floors -->").ok_or("ARCHITECTURE.md has no <!-- /floors --> marker")?;
    let mut table = BTreeMap::new();
    for row in md[start..end].lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let Ok(floor) = cells.get(1).unwrap_or(&"").parse::<usize>() else { continue };
        let modules = cells.get(3).ok_or_else(|| format!("floor row without modules: {row}"))?;
        for m in modules.split('`').skip(1).step_by(2) {
            if let Some(other) = table.insert(m.to_string(), floor) {
                return Err(format!("{m} is on two floors ({other} and {floor})"));
            }
        }
    }
    if table.is_empty() {
        return Err("the floor table in ARCHITECTURE.md is empty".into());
    }
    Ok(table)
}

/// What lib.rs declares: its modules, and the names it re-exports (name → module).
fn lib_rs(text: &str) -> (BTreeSet<String>, BTreeMap<String, String>) {
    let mut modules = BTreeSet::new();
    let mut reexports = BTreeMap::new();
    for line in text.lines().map(str::trim) {
        if let Some(m) = line.strip_prefix("pub mod ").or_else(|| line.strip_prefix("mod ")) {
            modules.insert(m.trim_end_matches(';').trim().to_string());
        } else if let Some(u) = line.strip_prefix("pub use ") {
            let u = u.trim_end_matches(';');
            let (module, rest) = u.split_once("::").unwrap_or((u, ""));
            for name in rest.trim_matches(|c| c == '{' || c == '}').split(',') {
                let name = name.rsplit("::").next().unwrap_or("").trim();
                let name = name.rsplit(" as ").next().unwrap_or(name).trim();
                if !name.is_empty() {
                    reexports.insert(name.to_string(), module.to_string());
                }
            }
        }
    }
    (modules, reexports)
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The identifier at the start of `s` (after spaces).
fn ident_at(s: &str) -> &str {
    let s = s.trim_start();
    &s[..s.find(|c: char| !is_ident(c)).unwrap_or(s.len())]
}

/// The first name of every item of a `{ … }` group starting at `s` (`{a, b::{c, d}, e as f}` →
/// a, b, e), and whether the group closed on this line.
fn group_heads(s: &str) -> (Vec<String>, bool) {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut item_start = true;
    for (i, c) in s.char_indices() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    item_start = true;
                }
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return (heads, true);
                }
            }
            ',' if depth == 1 => item_start = true,
            c if c.is_whitespace() => {}
            _ if depth == 1 && item_start => {
                item_start = false;
                let name = ident_at(&s[i..]);
                if !name.is_empty() && name != "self" {
                    heads.push(name.to_string());
                }
            }
            _ => {}
        }
    }
    (heads, false)
}

/// The module a source file belongs to (`lint/migration/mod.rs` → lint) and how deep it sits
/// (`lint/migration/mod.rs` → 2, `files.rs` → 1).
fn module_of(rel: &Path) -> (String, usize) {
    let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let top = parts[0].trim_end_matches(".rs").to_string();
    let depth = if parts.last().map(String::as_str) == Some("mod.rs") {
        parts.len() - 1
    } else {
        parts.len()
    };
    (top, depth)
}

/// Every use of a module of the crate in one file of module `from`, `depth` deep.
fn uses_in(
    from: &str,
    depth: usize,
    file: &str,
    text: &str,
    modules: &BTreeSet<String>,
    reexports: &BTreeMap<String, String>,
) -> Result<Vec<Use>, String> {
    let mut out = Vec::new();
    let mut inline_mods = 0;
    // A `use crate::{` group that goes on over the next lines.
    let mut open_group: Option<String> = None;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        let mut targets: Vec<String> = Vec::new();
        if let Some(acc) = open_group.as_mut() {
            acc.push_str(line);
            acc.push('\n');
            let (heads, closed) = group_heads(acc);
            if closed {
                targets.extend(heads);
                open_group = None;
            }
        }
        if (trimmed.starts_with("mod ")
            || trimmed.starts_with("pub mod ")
            || trimmed.starts_with("pub(crate) mod "))
            && trimmed.trim_end().ends_with('{')
        {
            inline_mods += 1;
        }
        // `crate::x`, `$crate::x`, `crate::{…}`.
        for (at, _) in line.match_indices("crate::") {
            if line[..at].chars().next_back().is_some_and(is_ident) {
                continue;
            }
            let rest = &line[at + "crate::".len()..];
            if rest.trim_start().starts_with('{') {
                let (heads, closed) = group_heads(rest.trim_start());
                if closed {
                    targets.extend(heads);
                } else {
                    open_group = Some(format!("{}\n", rest.trim_start()));
                }
            } else {
                targets.push(ident_at(rest).to_string());
            }
        }
        // `super::super::…` that climbs above the file's own module reaches the crate root.
        for (at, _) in line.match_indices("super::") {
            if line[..at].chars().next_back().is_some_and(|c| is_ident(c) || c == ':') {
                continue;
            }
            let mut rest = &line[at..];
            let mut climbs = 0;
            while let Some(r) = rest.strip_prefix("super::") {
                climbs += 1;
                rest = r;
            }
            if climbs >= depth + inline_mods {
                targets.push(ident_at(rest).to_string());
            }
        }
        for t in targets {
            let to = if modules.contains(&t) {
                t
            } else if let Some(m) = reexports.get(&t) {
                m.clone()
            } else {
                return Err(format!("{file}:{}: crate path `crate::{t}` names no module of lib.rs and no name it re-exports:\n    {}", n + 1, line.trim()));
            };
            if to != from {
                out.push(Use {
                    from: from.to_string(),
                    to,
                    file: file.to_string(),
                    line: n + 1,
                    text: line.trim().to_string(),
                });
            }
        }
    }
    Ok(out)
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Every use between modules in crates/core/src (lib.rs itself left out: it declares them).
fn all_uses(
    modules: &BTreeSet<String>,
    reexports: &BTreeMap<String, String>,
) -> Result<Vec<Use>, String> {
    let src = core_dir().join("src");
    let mut files = Vec::new();
    rs_files(&src, &mut files);
    let mut uses = Vec::new();
    for path in files {
        let rel = path.strip_prefix(&src).unwrap();
        if rel == Path::new("lib.rs") {
            continue;
        }
        let (from, depth) = module_of(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let shown = format!("crates/core/src/{}", rel.display());
        uses.extend(uses_in(&from, depth, &shown, &text, modules, reexports)?);
    }
    Ok(uses)
}

/// Uses of a module on a higher floor, one line each.
fn upward(uses: &[Use], floors: &BTreeMap<String, usize>) -> Vec<String> {
    uses.iter()
        .filter(|u| floors[&u.from] < floors[&u.to])
        .map(|u| {
            format!(
                "{}:{}: {} (floor {}) uses {} (floor {}), which is above it:\n    {}",
                u.file, u.line, u.from, floors[&u.from], u.to, floors[&u.to], u.text
            )
        })
        .collect()
}

/// The groups of modules that use each other round a cycle (strongly connected, more than one).
fn cycles(uses: &[Use]) -> Vec<Vec<String>> {
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for u in uses {
        graph.entry(&u.from).or_default().insert(&u.to);
        graph.entry(&u.to).or_default();
    }
    let reach = |a: &str| {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut todo = vec![a];
        while let Some(x) = todo.pop() {
            for &y in &graph[x] {
                if seen.insert(y) {
                    todo.push(y);
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&str, BTreeSet<&str>> = graph.keys().map(|&k| (k, reach(k))).collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for &a in graph.keys() {
        if !reaches[a].contains(a) || groups.iter().any(|g| g.iter().any(|m| m == a)) {
            continue;
        }
        groups.push(
            graph
                .keys()
                .filter(|&&b| reaches[a].contains(b) && reaches[b].contains(a))
                .map(|b| b.to_string())
                .collect(),
        );
    }
    groups
}

/// A group that uses itself round a cycle: its modules, and one shortest cycle through the first
/// of them, with one place each module uses the next.
fn describe_cycle(group: &[String], uses: &[Use]) -> String {
    let start = group[0].as_str();
    // Breadth first from `start` inside the group, back to `start`.
    let mut came_from: BTreeMap<&str, &Use> = BTreeMap::new();
    let mut todo = std::collections::VecDeque::from([start]);
    'search: while let Some(x) = todo.pop_front() {
        for u in uses.iter().filter(|u| u.from == x && group.contains(&u.to)) {
            if u.to == start {
                came_from.insert(start, u);
                break 'search;
            }
            if !came_from.contains_key(u.to.as_str()) {
                came_from.insert(&u.to, u);
                todo.push_back(&u.to);
            }
        }
    }
    let mut steps = Vec::new();
    let mut at = start;
    while let Some(u) = came_from.get(at) {
        steps.push(format!("    {} → {}  ({}:{}: {})", u.from, u.to, u.file, u.line, u.text));
        at = &u.from;
        if at == start {
            break;
        }
    }
    steps.reverse();
    format!("{} use each other round a cycle, for one:\n{}", group.join(", "), steps.join("\n"))
}

/// Everything wrong with the floors, one paragraph each.
fn problems(
    md: &str,
    lib: &str,
    uses: Result<Vec<Use>, String>,
    known_cycles: &[&[&str]],
) -> Vec<String> {
    let floors = match floor_table(md) {
        Ok(f) => f,
        Err(e) => return vec![e],
    };
    let (modules, _) = lib_rs(lib);
    let mut out = Vec::new();
    for m in modules.iter().filter(|m| !floors.contains_key(*m)) {
        out.push(format!("{m} is declared in lib.rs but has no floor in ARCHITECTURE.md: add it to the floor it belongs on"));
    }
    for m in floors.keys().filter(|m| !modules.contains(*m)) {
        out.push(format!("{m} has a floor in ARCHITECTURE.md but lib.rs declares no such module"));
    }
    if !out.is_empty() {
        return out;
    }
    let uses = match uses {
        Ok(u) => u,
        Err(e) => return vec![e],
    };
    out.extend(upward(&uses, &floors));
    for group in cycles(&uses) {
        if !known_cycles
            .iter()
            .any(|k| k.len() == group.len() && k.iter().all(|m| group.contains(&m.to_string())))
        {
            out.push(describe_cycle(&group, &uses));
        }
    }
    for known in known_cycles {
        let still = cycles(&uses).iter().any(|g| known.iter().all(|m| g.contains(&m.to_string())));
        if !still {
            out.push(format!("the known cycle {} is gone: remove it from KNOWN_CYCLES in crates/core/tests/floors.rs", known.join(" ↔ ")));
        }
    }
    out
}

#[test]
fn no_module_of_the_core_uses_one_above_it() {
    let md = std::fs::read_to_string(core_dir().join("../../ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md at the repository root");
    let lib = std::fs::read_to_string(core_dir().join("src/lib.rs")).unwrap();
    let (modules, reexports) = lib_rs(&lib);
    let found = problems(&md, &lib, all_uses(&modules, &reexports), KNOWN_CYCLES);
    assert!(
        found.is_empty(),
        "the core's floors (ARCHITECTURE.md) are broken:\n\n{}\n",
        found.join("\n\n")
    );
}

// The check itself, on sources written here: it must see every way a path can be written.

const LIB: &str = "pub mod low;\npub mod mid;\npub mod high;\npub use high::Top;\n";
const MD: &str = "<!-- floors -->\n| Floor | Name | Modules | |\n|--|--|--|--|\n| 0 | base | `low` | |\n| 1 | middle | `mid` | |\n| 2 | top | `high` | |\n<!-- /floors -->\n";

fn check(from: &str, depth: usize, text: &str) -> Vec<String> {
    let (modules, reexports) = lib_rs(LIB);
    problems(MD, LIB, uses_in(from, depth, "x.rs", text, &modules, &reexports), &[])
}

#[test]
fn downward_and_sideways_uses_pass() {
    assert_eq!(
        check(
            "high",
            1,
            "use crate::mid::A;\nuse crate::{low, mid::{B, C}};\nfn f() { crate::low::g() }"
        ),
        Vec::<String>::new()
    );
    // A comment may name any module; `super::` inside the module stays inside it.
    assert_eq!(check("low", 2, "//! see crate::high\nuse super::sibling;\nmod tests {\n    use super::super::helper;\n}"), Vec::<String>::new());
}

#[test]
fn every_way_of_writing_an_upward_use_fails() {
    for text in [
        "use crate::high::Top;",
        "use crate::{low, high};",
        "use crate::{\n    low::X,\n    high::{Y, Z},\n};",
        "fn f() -> crate::high::Top { todo!() }",
        "let t: crate::Top = x;",
        "    #[cfg(test)] use crate::high as h;",
        "use super::super::high::Top;",
    ] {
        let found = check("mid", 2, text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert!(
            found[0].contains("mid (floor 1) uses high (floor 2), which is above it"),
            "{text}: {}",
            found[0]
        );
    }
}

#[test]
fn unknown_paths_unplaced_modules_and_cycles_fail() {
    assert!(check("mid", 1, "use crate::nowhere::X;")[0].contains("names no module"));
    let (modules, reexports) = lib_rs(LIB);
    let mut uses = uses_in("low", 1, "a.rs", "use crate::mid::X;", &modules, &reexports).unwrap();
    uses.extend(uses_in("mid", 1, "b.rs", "use crate::low::Y;", &modules, &reexports).unwrap());
    let md_same_floor = MD.replace("| 1 | middle | `mid` |", "| 0 | middle | `mid` |");
    let found = problems(&md_same_floor, LIB, Ok(uses.clone()), &[]);
    assert!(problems(&md_same_floor, LIB, Ok(uses), &[&["low", "mid"]]).is_empty());
    assert!(
        found.iter().any(|f| f.starts_with(
            "low, mid use each other round a cycle, for one:\n    low → mid  (a.rs:1"
        )),
        "{found:?}"
    );
    let unplaced = problems(&MD.replace("| 2 | top | `high` | |\n", ""), LIB, Ok(Vec::new()), &[]);
    let gone = problems(MD, LIB, Ok(Vec::new()), &[&["low", "mid"]]);
    assert!(gone[0].contains("the known cycle low ↔ mid is gone"), "{gone:?}");
    assert!(unplaced[0].contains("high is declared in lib.rs but has no floor"), "{unplaced:?}");
}
