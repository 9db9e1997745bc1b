//! The layout as a standalone SVG document: styles in one embedded `<style>` (scoped under the
//! root's `erd-svg` class), classes on the elements, data attributes for the UI.

use super::boxes::{BoxText, HEADER_H, LINE_H, MARK_KEY_X, MARK_NEW_X, NAME_X, PAD};
use super::{path_steps, Index, Layout, Marks};
use crate::catalog::{Constraint, Snapshot};
use crate::tenancy::{Tenancy, TenancyClass};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

const LEGEND_W: f64 = 200.0;

const STYLE: &str = "\
.erd-svg{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace;font-size:12px;background:#fff}
.erd-svg text{fill:#0f172a}
.erd-svg .box{fill:#fff;stroke:#94a3b8}
.erd-svg .hdr,.erd-svg .sw{stroke:none}
.erd-svg .tenancy-root .hdr,.erd-svg .sw-root{fill:#1e3a8a}
.erd-svg .tenancy-direct .hdr,.erd-svg .sw-direct{fill:#166534}
.erd-svg .tenancy-indirect .hdr,.erd-svg .sw-indirect{fill:#115e59}
.erd-svg .tenancy-user-owned .hdr,.erd-svg .sw-user-owned{fill:#6b21a8}
.erd-svg .tenancy-global .hdr,.erd-svg .sw-global{fill:#4b5563}
.erd-svg .table{cursor:pointer}
.erd-svg .table:focus{outline:none}
.erd-svg .focus-ring{fill:none;stroke:none}
.erd-svg .table:focus-visible .focus-ring{stroke:#1d4ed8;stroke-width:3}
.erd-svg .table:hover .box{stroke:#0f172a;stroke-width:2}
.erd-svg .name{fill:#fff;font-weight:700}
.erd-svg .rls{fill:#e2e8f0;font-size:10px;text-anchor:end}
.erd-svg .rls-off{fill:#fde68a}
.erd-svg .tenancy-direct .rls-off,.erd-svg .tenancy-indirect .rls-off{fill:#fecaca;font-weight:700}
.erd-svg .rls-empty{fill:#fde68a}
.erd-svg .new .box{stroke:#15803d;stroke-width:2;stroke-dasharray:6 3}
.erd-svg .tag rect{fill:#facc15}
.erd-svg .tag text{fill:#111827;font-size:9px;font-weight:700}
.erd-svg .cname{fill:#0f172a}
.erd-svg .pk .cname{font-weight:700}
.erd-svg .ctype{fill:#64748b}
.erd-svg .keys{fill:#475569;font-size:10px;text-anchor:end}
.erd-svg .mark-new{fill:#15803d;font-weight:700}
.erd-svg .mark-tk{fill:#b45309}
.erd-svg .more{fill:#64748b;font-style:italic}
.erd-svg .edge{fill:none;stroke:#94a3b8;stroke-width:1.2}
.erd-svg .edge.tenant-path{stroke:#d97706;stroke-width:2.6}
.erd-svg .edge.user-path{stroke:#9333ea;stroke-width:1.6;stroke-dasharray:5 3}
.erd-svg .edge:hover{stroke-width:3}
.erd-svg .arrow{fill:#94a3b8}
.erd-svg .arrow-tenant{fill:#d97706}
.erd-svg .arrow-user{fill:#9333ea}
.erd-svg .legend-box{fill:#f8fafc;stroke:#cbd5e1}
.erd-svg .legend .h{font-weight:700}
.erd-svg .legend .k{font-size:10px;fill:#475569}
";

/// XML text and attribute escaping; characters XML cannot carry become U+FFFD.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\t'
            | '\n'
            | '\r'
            | '\u{20}'..='\u{D7FF}'
            | '\u{E000}'..='\u{FFFD}'
            | '\u{10000}'..='\u{10FFFF}' => o.push(c),
            _ => o.push('\u{FFFD}'),
        }
    }
    o
}

/// A coordinate: whole numbers without decimals, others with one.
fn n(x: f64) -> String {
    if (x - x.round()).abs() < 0.05 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

fn describe(c: &Constraint) -> String {
    format!(
        "{}.{}({}) → {}.{}({})",
        c.schema,
        c.table,
        c.columns.join(", "),
        c.ref_schema.as_deref().unwrap_or(&c.schema),
        c.ref_table.as_deref().unwrap_or(""),
        c.ref_columns.as_deref().unwrap_or(&[]).join(", ")
    )
}

/// Draw `l` (from [`super::layout`] on the same snapshot and tenancy). See the module doc of
/// [`super`] for the data attributes.
pub fn svg(s: &Snapshot, t: &Tenancy, l: &Layout, marks: &Marks) -> String {
    let ix = Index::new(s);
    let shown: BTreeSet<&str> = l.nodes.iter().map(|x| x.table.as_str()).collect();
    let user_steps = path_steps(t, &shown, &[TenancyClass::UserOwned]);
    let constraints: BTreeMap<(String, &str), &Constraint> =
        ix.fks.iter().map(|c| ((super::from_of(c), c.name.as_str()), *c)).collect();
    let new_policy_tables: BTreeSet<&str> =
        marks.new_policies.iter().map(|(t, _)| t.as_str()).collect();
    let legend_h = legend_height();
    let keys_h = if t.key_roots.is_empty() { 0.0 } else { 34.0 + 30.0 * t.key_roots.len() as f64 };
    let (w, h) = (l.width + LEGEND_W + 20.0, l.height.max(legend_h + keys_h + 80.0));
    let mut o = String::with_capacity(4096 + l.nodes.len() * 1500 + l.edges.len() * 300);
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"erd-svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" data-testid=\"erd-svg\" role=\"group\" aria-label=\"Entity-relationship diagram, {}: Tab to a table, Enter selects it\">\n<style>\n{STYLE}</style>\n",
        n(w),
        n(h),
        n(w),
        n(h),
        if l.nodes.len() == 1 { "1 table".to_string() } else { format!("{} tables", l.nodes.len()) }
    );
    o.push_str("<defs>");
    for (id, class) in [
        ("erd-arrow", "arrow"),
        ("erd-arrow-tenant", "arrow-tenant"),
        ("erd-arrow-user", "arrow-user"),
    ] {
        let _ = write!(o, "<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path class=\"{class}\" d=\"M0,0L10,5L0,10z\"/></marker>");
    }
    o.push_str("</defs>\n<g class=\"edges\">\n");
    for e in &l.edges {
        let user = !e.tenant_path && user_steps.contains(&(e.from.clone(), e.constraint.clone()));
        let (class, marker) = if e.tenant_path {
            ("edge tenant-path", "erd-arrow-tenant")
        } else if user {
            ("edge user-path", "erd-arrow-user")
        } else {
            ("edge", "erd-arrow")
        };
        let d: Vec<String> = e
            .points
            .iter()
            .enumerate()
            .map(|(i, (x, y))| format!("{}{},{}", if i == 0 { 'M' } else { 'L' }, n(*x), n(*y)))
            .collect();
        let title = constraints
            .get(&(e.from.clone(), e.constraint.as_str()))
            .map(|c| describe(c))
            .unwrap_or_else(|| format!("{} → {}", e.from, e.to));
        let note = if e.tenant_path {
            " (tenant path)"
        } else if user {
            " (user path)"
        } else {
            ""
        };
        let _ = writeln!(
            o,
            "<path class=\"{class}\" d=\"{}\" marker-end=\"url(#{marker})\" data-testid=\"erd-edge\" data-from=\"{}\" data-to=\"{}\" data-constraint=\"{}\"><title>{}{note}</title></path>",
            d.join(""),
            esc(&e.from),
            esc(&e.to),
            esc(&e.constraint),
            esc(&format!("{} {title}", e.constraint))
        );
    }
    o.push_str("</g>\n<g class=\"tables\">\n");
    for node in &l.nodes {
        let q = node.table.as_str();
        let class = node.class.as_str();
        let Some(table) = ix.tables.get(q) else { continue };
        let tt = t.tables.get(q);
        let b = BoxText::new(&ix, table, tt);
        let is_new = marks.new_tables.contains(q);
        let new_policy = new_policy_tables.contains(q);
        let mut classes = format!("table tenancy-{class}");
        if is_new {
            classes.push_str(" new");
        }
        if new_policy {
            classes.push_str(" new-policy");
        }
        let _ = write!(
            o,
            "<g class=\"{classes}\" data-table=\"{}\" data-class=\"{class}\" data-testid=\"erd-table\"{}{} transform=\"translate({},{})\" tabindex=\"0\" role=\"button\">",
            esc(q),
            if is_new { " data-new=\"true\"" } else { "" },
            if new_policy { " data-new-policy=\"true\"" } else { "" },
            n(node.x),
            n(node.y)
        );
        let mut title = format!("{q} · {class}");
        if let Some(tt) = tt {
            if !tt.path.is_empty() {
                let steps: Vec<String> = tt.path.iter().map(|s| s.describe()).collect();
                let _ = write!(title, "\n{}", steps.join("\n"));
            }
        }
        let (bw, bh) = (node.w, node.h);
        let _ = write!(
            o,
            "<title>{}</title><rect class=\"focus-ring\" x=\"-5\" y=\"-5\" width=\"{}\" height=\"{}\" rx=\"7\"/><rect class=\"box\" width=\"{}\" height=\"{}\" rx=\"4\"/><path class=\"hdr\" d=\"M0,{}V4A4,4 0 0 1 4,0H{}A4,4 0 0 1 {},4V{}Z\"/><text class=\"name\" x=\"{}\" y=\"18\">{}</text>",
            esc(&title),
            n(bw + 10.0),
            n(bh + 10.0),
            n(bw),
            n(bh),
            n(HEADER_H),
            n(bw - 4.0),
            n(bw),
            n(HEADER_H),
            n(PAD),
            esc(&b.title)
        );
        if is_new {
            let x = b.tag_x();
            let _ = write!(o, "<g class=\"tag\"><rect x=\"{}\" y=\"7\" width=\"30\" height=\"14\" rx=\"3\"/><text x=\"{}\" y=\"17.5\">NEW</text></g>", n(x), n(x + 6.0));
        }
        let rls_class = if b.rls != "off" && b.policies == 0 {
            format!("rls rls-{} rls-empty", b.rls)
        } else {
            format!("rls rls-{}", b.rls)
        };
        let _ = write!(
            o,
            "<text class=\"{rls_class}\" data-rls=\"{}\" data-policies=\"{}\" x=\"{}\" y=\"18\">{}{}</text>",
            b.rls,
            b.policies,
            n(bw - PAD),
            if new_policy { "✚ " } else { "" },
            esc(&b.badge)
        );
        let type_x = b.type_x();
        for (i, c) in b.lines.iter().enumerate() {
            let y = HEADER_H + LINE_H * i as f64 + 13.0;
            let col_new = marks.new_columns.contains(&(q.to_string(), c.full_name.clone()));
            let mut cc = String::from("col");
            for (on, name) in [
                (c.pk, " pk"),
                (c.fk, " fk"),
                (c.not_null, " nn"),
                (c.tenant_key, " tk"),
                (col_new, " new"),
            ] {
                if on {
                    cc.push_str(name);
                }
            }
            let _ = write!(
                o,
                "<g class=\"{cc}\" data-column=\"{}\"{}>",
                esc(&c.full_name),
                if col_new { " data-new=\"true\"" } else { "" }
            );
            if c.name != c.full_name || c.type_ != super::short_type(&c.full_type) {
                let _ = write!(o, "<title>{} {}</title>", esc(&c.full_name), esc(&c.full_type));
            }
            let _ = write!(o, "<text y=\"{}\">", n(y));
            if col_new {
                let _ = write!(o, "<tspan class=\"mark-new\" x=\"{}\">+</tspan>", n(MARK_NEW_X));
            }
            if c.tenant_key {
                let _ = write!(o, "<tspan class=\"mark-tk\" x=\"{}\">◆</tspan>", n(MARK_KEY_X));
            }
            let _ = write!(o, "<tspan class=\"cname\" x=\"{}\">{}</tspan><tspan class=\"ctype\" x=\"{}\">{}</tspan>", n(NAME_X), esc(&c.name), n(type_x), esc(&c.type_));
            let keys = c.keys();
            if !keys.is_empty() {
                let _ = write!(o, "<tspan class=\"keys\" x=\"{}\">{keys}</tspan>", n(bw - 6.0));
            }
            o.push_str("</text></g>");
        }
        if b.more > 0 || b.lines.is_empty() {
            let y = HEADER_H + LINE_H * b.lines.len() as f64 + 13.0;
            let _ = write!(
                o,
                "<text class=\"more\" x=\"{}\" y=\"{}\">{}</text>",
                n(NAME_X),
                n(y),
                esc(&b.more_text())
            );
        }
        o.push_str("</g>\n");
    }
    o.push_str("</g>\n");
    legend(&mut o, l.width, legend_h);
    key_roots(&mut o, t, l.width, super::layout::MARGIN + legend_h + 10.0, keys_h);
    o.push_str("</svg>\n");
    o
}

const LEGEND_CLASSES: [(TenancyClass, &str); 5] = [
    (TenancyClass::Root, "tenant root"),
    (TenancyClass::Direct, "direct (tenant key)"),
    (TenancyClass::Indirect, "indirect (via FKs)"),
    (TenancyClass::UserOwned, "user / user-owned"),
    (TenancyClass::Global, "global"),
];
const LEGEND_MARKS: [(&str, &str); 6] = [
    ("PK", "primary key"),
    ("FK", "foreign key"),
    ("NN", "not null"),
    ("◆", "tenant key"),
    ("+", "new column"),
    ("NEW", "new table"),
];
const LEGEND_EDGES: [(&str, &str); 3] =
    [("edge tenant-path", "tenant path"), ("edge user-path", "user path"), ("edge", "foreign key")];

fn legend_height() -> f64 {
    30.0 + 18.0 * (LEGEND_CLASSES.len() + LEGEND_MARKS.len() + LEGEND_EDGES.len() + 1) as f64
        + 2.0 * 8.0
        + 6.0
}

fn legend(o: &mut String, x: f64, h: f64) {
    let _ = write!(o, "<g class=\"legend\" data-testid=\"erd-legend\" transform=\"translate({},{})\"><rect class=\"legend-box\" width=\"{}\" height=\"{}\" rx=\"4\"/><text class=\"h\" x=\"10\" y=\"20\">Legend</text>", n(x), n(super::layout::MARGIN), n(LEGEND_W), n(h));
    let mut y = 30.0;
    for (c, label) in LEGEND_CLASSES {
        let _ = write!(o, "<rect class=\"sw sw-{}\" x=\"10\" y=\"{}\" width=\"16\" height=\"12\" rx=\"2\"/><text x=\"34\" y=\"{}\">{label}</text>", c.as_str(), n(y + 3.0), n(y + 13.0));
        y += 18.0;
    }
    y += 8.0;
    for (k, label) in LEGEND_MARKS {
        let _ = write!(
            o,
            "<text class=\"k\" x=\"10\" y=\"{}\">{}</text><text x=\"34\" y=\"{}\">{label}</text>",
            n(y + 13.0),
            esc(k),
            n(y + 13.0)
        );
        y += 18.0;
    }
    y += 8.0;
    for (class, label) in LEGEND_EDGES {
        let _ = write!(
            o,
            "<path class=\"{class}\" d=\"M10,{}H28\"/><text x=\"34\" y=\"{}\">{label}</text>",
            n(y + 9.0),
            n(y + 13.0)
        );
        y += 18.0;
    }
    let _ = writeln!(
        o,
        "<text class=\"k\" x=\"10\" y=\"{}\">RLS · n = enabled, n policies</text></g>",
        n(y + 9.0)
    );
}

/// Tenant roots that are a key without a table (tenancy without foreign keys): no box to draw,
/// so they are listed under the legend, with the column that carries them (◆ in the boxes).
fn key_roots(o: &mut String, t: &Tenancy, x: f64, y: f64, h: f64) {
    if t.key_roots.is_empty() {
        return;
    }
    let _ = write!(o, "<g class=\"legend key-roots\" data-testid=\"erd-key-roots\" transform=\"translate({},{})\"><rect class=\"legend-box\" width=\"{}\" height=\"{}\" rx=\"4\"/><text class=\"h\" x=\"10\" y=\"20\">Tenant keys without a table</text>", n(x), n(y), n(LEGEND_W), n(h));
    let mut yy = 38.0;
    for k in &t.key_roots {
        let _ = write!(
            o,
            "<text x=\"10\" y=\"{}\" data-key-root=\"{}\">◆ {} ({})</text>",
            n(yy),
            esc(&k.name),
            esc(&k.column),
            esc(&k.type_)
        );
        let _ = write!(
            o,
            "<text class=\"k\" x=\"20\" y=\"{}\">root of {} table(s)</text>",
            n(yy + 14.0),
            k.tables.len()
        );
        yy += 30.0;
    }
    o.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::super::testgen::{big, small};
    use super::super::{layout, marks, select_tables, Filter};
    use super::*;
    use crate::profile::Profile;
    use crate::tenancy::{classify, Overrides};

    fn count(h: &str, needle: &str) -> usize {
        h.matches(needle).count()
    }

    #[test]
    fn erd_svg_escapes_and_tags_every_table() {
        let s = small()
            .table("public.a<b&\"c", &["id", "x'y<z", "organization_id"])
            .fk("public.a<b&\"c", &["organization_id"], "public.organizations", &["id"])
            .build();
        let t = classify(&s, Profile::Supabase, &Overrides::default());
        let tables = select_tables(&s, &t, &Filter::default());
        let l = layout(&s, &t, &tables);
        let out = svg(&s, &t, &l, &Marks::default());
        assert!(out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(out.trim_end().ends_with("</svg>"));
        assert!(out.contains("<style>"));
        assert!(out.contains("data-table=\"public.a&lt;b&amp;&quot;c\""), "escaped attribute");
        assert!(out.contains(">a&lt;b&amp;&quot;c</text>"), "escaped text");
        assert!(out.contains("x&apos;y&lt;z"));
        assert!(!out.contains("a<b"));
        assert_eq!(count(&out, "data-testid=\"erd-table\""), 13);
        assert_eq!(count(&out, "data-table=\""), 13);
        // Every box is reachable by keyboard, named by its <title> (which starts with the name
        // the box shows: an aria-label would have to repeat every visible column to match the
        // box's visible text), and has a ring to show its focus.
        assert_eq!(count(&out, "tabindex=\"0\" role=\"button\">"), 13);
        assert_eq!(count(&out, "role=\"button\"><title>"), 13);
        assert_eq!(count(&out, "<rect class=\"focus-ring\""), 13);
        assert!(!out.contains("aria-label=\"public."), "no box overrides its visible text");
        assert!(out.contains("<title>public.a&lt;b&amp;&quot;c · direct"), "escaped title");
        assert!(out.contains("aria-label=\"Entity-relationship diagram, 13 tables: "));
        assert_eq!(count(&out, "data-class=\""), 13);
        for n in &l.nodes {
            let attr =
                format!("data-table=\"{}\" data-class=\"{}\"", esc(&n.table), n.class.as_str());
            assert_eq!(count(&out, &attr), 1, "{attr}");
        }
        assert_eq!(count(&out, "data-testid=\"erd-edge\""), l.edges.len());
        assert_eq!(
            count(&out, "url(#erd-arrow-tenant)"),
            l.edges.iter().filter(|e| e.tenant_path).count()
        );
        assert!(out.contains("data-from=\"public.lessons\" data-to=\"public.modules\""));
        // RLS badges.
        assert!(out.contains("data-rls=\"off\" data-policies=\"0\""));
        assert!(out.contains("data-rls=\"on\" data-policies=\"0\""));
        assert!(out.contains(">RLS forced · 1</text>"));
        assert!(out.contains(">RLS · 0 policies</text>"));
        // Tenant key marker on the direct table's key.
        assert!(out.contains("class=\"col fk nn tk\" data-column=\"organization_id\""));
        assert!(out.contains("<tspan class=\"mark-tk\""));
        // Balanced groups and no stray ampersands.
        assert_eq!(count(&out, "<g"), count(&out, "</g>"));
        assert_eq!(
            count(&out, "&"),
            count(&out, "&amp;")
                + count(&out, "&lt;")
                + count(&out, "&gt;")
                + count(&out, "&quot;")
                + count(&out, "&apos;")
        );
    }

    #[test]
    fn erd_svg_marks_new_tables_columns_and_policies() {
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
        let mut col = courses.columns[2].clone();
        col.name = "archived_at".into();
        col.type_ = "timestamp with time zone".into();
        courses.columns.push(col);
        let t = classify(&after, Profile::Supabase, &Overrides::default());
        let l = layout(&after, &t, &select_tables(&after, &t, &Filter::default()));
        let out = svg(&after, &t, &l, &marks(&before, &after));
        assert_eq!(count(&out, "data-new=\"true\" transform"), 1);
        assert!(out.contains("class=\"table tenancy-global new\" data-table=\"public.audit\""));
        assert!(out.contains("data-column=\"archived_at\" data-new=\"true\""));
        assert!(out.contains(">timestamptz</tspan>"));
        assert!(out.contains("data-table=\"public.courses\" data-class=\"direct\" data-testid=\"erd-table\" data-new-policy=\"true\""));
        assert!(out.contains(">NEW</text>"));
    }

    #[test]
    fn erd_svg_300_tables() {
        let s = big();
        let t = classify(&s, Profile::Postgres, &Overrides::default());
        let l = layout(&s, &t, &select_tables(&s, &t, &Filter::default()));
        let out = svg(&s, &t, &l, &Marks::default());
        assert_eq!(count(&out, "data-testid=\"erd-table\""), 300);
        assert_eq!(count(&out, "data-testid=\"erd-edge\""), 600);
        let cols = s.table("app.t005").unwrap().columns.len();
        assert!(out.contains(&format!(">+ {} more</text>", cols - 24)));
        assert!(!out.contains("style=\""), "styles are classes, not inline");
    }
}
