//! Entity-relationship diagrams of a snapshot, coloured by tenancy.
//!
//! - [`select_tables`] picks the tables to draw (a [`Filter`]);
//! - [`layout`] places one box per table, in layers by foreign-key distance from the tenant
//!   roots, and routes one edge per foreign key;
//! - [`svg`] draws a [`Layout`] as a standalone SVG, with [`Marks`] (from [`marks`]) for what a
//!   migration added;
//! - [`mermaid`] writes the same tables as Mermaid `erDiagram` text.
//!
//! Pure and deterministic: the same input gives the same bytes. Tables are named `schema.name`
//! everywhere (as [`crate::catalog::Table::qualified`]).

mod boxes;
mod layout;
mod mermaid;
mod svg;
#[cfg(test)]
mod testgen;

pub use layout::layout;
pub use mermaid::mermaid;
pub use svg::svg;

use crate::catalog::{Constraint, Snapshot, Table};
use crate::tenancy::{Tenancy, TenancyClass};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Which tables to draw. The default draws every table.
///
/// The filters combine (a table must pass all of them), with one exception: the `focus` table
/// itself is always kept, even when `hide_global` or `only_class` would drop it. `only_class`
/// shows that class only (roots are not added back).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Filter {
    /// Leave out tables classified global.
    #[serde(default)]
    pub hide_global: bool,
    /// Show only the tables of this class.
    #[serde(default)]
    pub only_class: Option<TenancyClass>,
    /// A table (`schema.name`): show it and its foreign-key neighbours in both directions (the
    /// tables it references and the tables referencing it). An unknown table shows nothing.
    #[serde(default)]
    pub focus: Option<String>,
}

/// What an ERD of the user's schema shows: the tables their files made or changed (everything
/// not exactly as in `base`, the fresh database with the profile's shim) plus the tables those
/// reference (auth.users); constraints and the rest stay as in `full`.
pub fn drawable(full: &Snapshot, base: Option<&Snapshot>) -> Snapshot {
    let Some(base) = base else { return full.clone() };
    let mine: BTreeSet<String> = full.user_view(base).tables.iter().map(Table::qualified).collect();
    let mut keep = mine.clone();
    for c in fks(full).filter(|c| mine.contains(&from_of(c))) {
        keep.insert(to_of(c));
    }
    let mut d = full.clone();
    d.tables.retain(|t| keep.contains(&t.qualified()));
    d
}

/// The tables to draw, sorted by qualified name.
pub fn select_tables(s: &Snapshot, t: &Tenancy, f: &Filter) -> Vec<String> {
    let focus: Option<BTreeSet<String>> = f.focus.as_ref().map(|ft| {
        let mut set = BTreeSet::new();
        if s.table(ft).is_none() {
            return set;
        }
        set.insert(ft.clone());
        for c in fks(s) {
            let (from, to) = (from_of(c), to_of(c));
            if &from == ft {
                set.insert(to);
            } else if &to == ft {
                set.insert(from);
            }
        }
        set
    });
    let mut out: Vec<String> = s
        .tables
        .iter()
        .map(Table::qualified)
        .filter(|name| {
            if let Some(set) = &focus {
                if !set.contains(name) {
                    return false;
                }
                if f.focus.as_ref() == Some(name) {
                    return true;
                }
            }
            let class = class_of(t, name);
            !(f.hide_global && class == TenancyClass::Global)
                && f.only_class.is_none_or(|c| c == class)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Boxes and edges, in pixels, origin top left. Produced by [`layout`], drawn by [`svg`]; the UI
/// may also use it directly (hit testing, scrolling to a table).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Layout {
    /// One per shown table, top layer first; within a layer left to right (column by column
    /// when the layer wraps into rows).
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// `schema.name`
    pub table: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub class: TenancyClass,
}

/// One foreign key: from the referencing table to the referenced one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// The constraint's name (unique within `from`).
    pub constraint: String,
    /// A polyline; the last point touches `to` (where the arrowhead goes).
    pub points: Vec<(f64, f64)>,
    /// This foreign key is a step of the tenancy path of a shown direct or indirect table.
    pub tenant_path: bool,
}

/// What a migration added, to highlight: compare by qualified names with [`marks`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Marks {
    /// `schema.name`
    pub new_tables: BTreeSet<String>,
    /// (`schema.name`, column): only columns added to tables that already existed.
    pub new_columns: BTreeSet<(String, String)>,
    /// (`schema.name`, policy name)
    pub new_policies: BTreeSet<(String, String)>,
}

/// What `after` has that `before` had not: tables, columns of tables both have, policies.
pub fn marks(before: &Snapshot, after: &Snapshot) -> Marks {
    let old: BTreeMap<String, &Table> = before.tables.iter().map(|t| (t.qualified(), t)).collect();
    let mut m = Marks::default();
    for t in &after.tables {
        let q = t.qualified();
        match old.get(&q) {
            None => {
                m.new_tables.insert(q);
            }
            Some(b) => {
                for c in &t.columns {
                    if !b.columns.iter().any(|x| x.name == c.name) {
                        m.new_columns.insert((q.clone(), c.name.clone()));
                    }
                }
            }
        }
    }
    let old_policies: BTreeSet<(&str, &str, &str)> = before
        .policies
        .iter()
        .map(|p| (p.schema.as_str(), p.table.as_str(), p.name.as_str()))
        .collect();
    for p in &after.policies {
        if !old_policies.contains(&(p.schema.as_str(), p.table.as_str(), p.name.as_str())) {
            m.new_policies.insert((format!("{}.{}", p.schema, p.table), p.name.clone()));
        }
    }
    m
}

// ---- shared helpers ----

pub(crate) fn fks(s: &Snapshot) -> impl Iterator<Item = &Constraint> {
    s.constraints.iter().filter(|c| c.kind == "foreign_key" && c.ref_table.is_some())
}

pub(crate) fn from_of(c: &Constraint) -> String {
    format!("{}.{}", c.schema, c.table)
}

pub(crate) fn to_of(c: &Constraint) -> String {
    format!(
        "{}.{}",
        c.ref_schema.as_deref().unwrap_or(&c.schema),
        c.ref_table.as_deref().unwrap_or("")
    )
}

/// A table missing from the classification counts as global.
pub(crate) fn class_of(t: &Tenancy, table: &str) -> TenancyClass {
    t.class_of(table).unwrap_or(TenancyClass::Global)
}

/// (table, constraint) of every path step of the shown tables of the given classes.
pub(crate) fn path_steps(
    t: &Tenancy,
    shown: &BTreeSet<&str>,
    classes: &[TenancyClass],
) -> BTreeSet<(String, String)> {
    t.tables
        .iter()
        .filter(|(name, tt)| shown.contains(name.as_str()) && classes.contains(&tt.class))
        .flat_map(|(_, tt)| tt.path.iter().map(|s| (s.table.clone(), s.constraint.clone())))
        .collect()
}

/// The snapshot, indexed once per call.
pub(crate) struct Index<'a> {
    pub tables: BTreeMap<String, &'a Table>,
    pub pk: BTreeMap<String, BTreeSet<&'a str>>,
    pub fk_cols: BTreeMap<String, BTreeSet<&'a str>>,
    pub fks: Vec<&'a Constraint>,
    pub policies: BTreeMap<String, usize>,
}

impl<'a> Index<'a> {
    pub fn new(s: &'a Snapshot) -> Index<'a> {
        let mut ix = Index {
            tables: BTreeMap::new(),
            pk: BTreeMap::new(),
            fk_cols: BTreeMap::new(),
            fks: Vec::new(),
            policies: BTreeMap::new(),
        };
        for t in &s.tables {
            ix.tables.entry(t.qualified()).or_insert(t);
        }
        for c in &s.constraints {
            let set = match c.kind.as_str() {
                "primary_key" => &mut ix.pk,
                "foreign_key" if c.ref_table.is_some() => {
                    ix.fks.push(c);
                    &mut ix.fk_cols
                }
                _ => continue,
            };
            set.entry(from_of(c)).or_default().extend(c.columns.iter().map(String::as_str));
        }
        for p in &s.policies {
            *ix.policies.entry(format!("{}.{}", p.schema, p.table)).or_default() += 1;
        }
        ix
    }
}

/// Postgres type names shortened to one token where Postgres has a short alias
/// (`timestamp with time zone` → `timestamptz`, `character varying(20)` → `varchar(20)`).
pub(crate) fn short_type(t: &str) -> String {
    let t = t.trim();
    let base = t.trim_end_matches("[]");
    let arrays = &t[base.len()..];
    let (base, tz) = if let Some(b) = base.strip_suffix(" with time zone") {
        (b, Some(true))
    } else if let Some(b) = base.strip_suffix(" without time zone") {
        (b, Some(false))
    } else {
        (base, None)
    };
    let short = match tz {
        Some(with) if base.starts_with("timestamp") || base.starts_with("time") => {
            let word = if base.starts_with("timestamp") { "timestamp" } else { "time" };
            format!("{word}{}{}", if with { "tz" } else { "" }, &base[word.len()..])
        }
        _ => {
            let mut b = base.to_string();
            for (long, short) in [
                ("character varying", "varchar"),
                ("double precision", "float8"),
                ("bit varying", "varbit"),
                ("character", "char"),
            ] {
                if let Some(rest) = b.strip_prefix(long) {
                    b = format!("{short}{rest}");
                    break;
                }
            }
            b
        }
    };
    format!("{short}{arrays}")
}

#[cfg(test)]
mod tests {
    use super::testgen::small;
    use super::*;
    use crate::profile::Profile;
    use crate::tenancy::{classify, Overrides};

    #[test]
    fn erd_filters_hide_global_only_class_and_focus() {
        let s = small().build();
        let t = classify(&s, Profile::Supabase, &Overrides::default());
        let all = select_tables(&s, &t, &Filter::default());
        assert_eq!(all.len(), 12);
        let no_global = select_tables(&s, &t, &Filter { hide_global: true, ..Default::default() });
        assert!(!no_global.contains(&"public.countries".to_string()));
        assert!(!no_global.contains(&"public.categories".to_string()));
        assert_eq!(no_global.len(), 10);
        let direct = select_tables(
            &s,
            &t,
            &Filter { only_class: Some(TenancyClass::Direct), ..Default::default() },
        );
        assert!(direct.iter().all(|n| t.class_of(n) == Some(TenancyClass::Direct)), "{direct:?}");
        assert!(direct.contains(&"public.courses".to_string()));
        let focus = select_tables(
            &s,
            &t,
            &Filter { focus: Some("public.courses".into()), ..Default::default() },
        );
        assert_eq!(
            focus,
            ["public.course_tags", "public.courses", "public.modules", "public.organizations"]
        );
        // The focus table stays even when its class is filtered out; its neighbours follow the filters.
        let f = Filter {
            focus: Some("public.countries".into()),
            hide_global: true,
            ..Default::default()
        };
        assert_eq!(select_tables(&s, &t, &f), ["public.countries", "public.invoices"]);
        let f = Filter { focus: Some("public.nope".into()), ..Default::default() };
        assert!(select_tables(&s, &t, &f).is_empty());
    }

    #[test]
    fn erd_marks_compare_by_qualified_name() {
        let before = small().build();
        let mut after = small()
            .table("public.audit", &["id", "at"])
            .policy(
                "public.courses",
                "members read",
                "SELECT",
                true,
                &["authenticated"],
                Some("true"),
                None,
            )
            .build();
        let courses = after.tables.iter_mut().find(|t| t.qualified() == "public.courses").unwrap();
        let mut col = courses.columns[0].clone();
        col.name = "archived_at".into();
        courses.columns.push(col);
        let m = marks(&before, &after);
        assert_eq!(m.new_tables, BTreeSet::from(["public.audit".to_string()]));
        assert_eq!(
            m.new_columns,
            BTreeSet::from([("public.courses".to_string(), "archived_at".to_string())])
        );
        assert_eq!(
            m.new_policies,
            BTreeSet::from([("public.courses".to_string(), "members read".to_string())])
        );
        assert_eq!(marks(&after, &after), Marks::default());
    }

    #[test]
    fn erd_short_types() {
        assert_eq!(short_type("timestamp with time zone"), "timestamptz");
        assert_eq!(short_type("timestamp(3) with time zone[]"), "timestamptz(3)[]");
        assert_eq!(short_type("time without time zone"), "time");
        assert_eq!(short_type("character varying(20)"), "varchar(20)");
        assert_eq!(short_type("character(2)"), "char(2)");
        assert_eq!(short_type("double precision"), "float8");
        assert_eq!(short_type("uuid"), "uuid");
    }

    /// Prints how long the whole pipeline takes on 300 tables / 600 foreign keys; asserts nothing
    /// about time. `cargo test -p tenant-planner-core erd_timing -- --nocapture` to see it.
    #[test]
    fn erd_timing_300_tables() {
        use std::time::Instant;
        let s = super::testgen::big();
        let start = Instant::now();
        let t = classify(&s, Profile::Postgres, &Overrides::default());
        let classified = start.elapsed();
        let tables = select_tables(&s, &t, &Filter::default());
        let selected = start.elapsed();
        let l = layout(&s, &t, &tables);
        let laid_out = start.elapsed();
        let out = svg(&s, &t, &l, &Marks::default());
        let drawn = start.elapsed();
        let m = mermaid(&s, &t, &tables);
        let all = start.elapsed();
        println!(
            "erd timing, 300 tables / 600 FKs: classify {:?}, select {:?}, layout {:?}, svg {:?} ({} KB), total {:?}; mermaid {:?} ({} KB); canvas {}x{}",
            classified,
            selected - classified,
            laid_out - selected,
            drawn - laid_out,
            out.len() / 1024,
            drawn,
            all - drawn,
            m.len() / 1024,
            l.width,
            l.height
        );
        assert_eq!(l.nodes.len(), 300);
    }
}
