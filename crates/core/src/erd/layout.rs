//! Layered layout, top to bottom.
//!
//! Layers: the tenant band first (roots, then direct tables, then indirect tables by the length
//! of their tenancy path), then the user band (user tables, then the tables they own by path
//! length), then the global tables; empty layers are skipped, and bands are further apart than
//! layers. A layer with more than [`MAX_PER_ROW`] boxes (more in big diagrams) wraps into a grid of rows filled column
//! by column, so the left-to-right order survives the wrap. The order within each layer comes
//! from a few barycenter sweeps (each box moves towards the mean x of its foreign-key neighbours
//! in the layers above, then below). Boxes sit in grid cells, so they never overlap.
//!
//! Edges are orthogonal (up to four points): out of the top or bottom of the referencing box,
//! along a lane in the gap next to the referenced box's row, into the referenced box; a
//! self-reference is a small loop on the right side.

use super::boxes::BoxText;
use super::{class_of, path_steps, to_of, Edge, Index, Layout, Node};
use crate::catalog::Snapshot;
use crate::tenancy::{Tenancy, TenancyClass};
use std::collections::{BTreeMap, BTreeSet};

/// Boxes per row before a layer wraps, for up to 100 tables; bigger diagrams allow
/// 0.8·√tables per row so they stay roughly as wide as tall (14 for 300 tables).
pub const MAX_PER_ROW: usize = 8;
pub const GAP_X: f64 = 40.0;
pub const GAP_ROW: f64 = 40.0;
pub const GAP_LAYER: f64 = 90.0;
pub const GAP_BAND: f64 = 140.0;
pub const MARGIN: f64 = 40.0;
const SWEEPS: usize = 6;

/// (band, depth): band 0 tenant, 1 users, 2 global.
fn rank(t: &Tenancy, table: &str) -> (u8, usize) {
    match t.tables.get(table) {
        None => (2, 0),
        Some(tt) => match tt.class {
            TenancyClass::Root => (0, 0),
            TenancyClass::Direct | TenancyClass::Indirect => (0, tt.path.len().max(1)),
            TenancyClass::UserOwned => (1, tt.path.len()),
            TenancyClass::Global => (2, 0),
        },
    }
}

struct Placed {
    x: Vec<f64>,
    y: Vec<f64>,
    row_top: Vec<f64>,
    row_bottom: Vec<f64>,
    width: f64,
    height: f64,
}

/// Grid positions of every box for the given orders (x relative to the layer's left edge).
fn place(orders: &[Vec<usize>], bands: &[u8], size: &[(f64, f64)]) -> Placed {
    let n = size.len();
    let per_row = MAX_PER_ROW.max(((n as f64).sqrt() * 0.8).ceil() as usize);
    let mut p = Placed {
        x: vec![0.0; n],
        y: vec![0.0; n],
        row_top: vec![0.0; n],
        row_bottom: vec![0.0; n],
        width: 0.0,
        height: 0.0,
    };
    let mut layer_w = Vec::with_capacity(orders.len());
    let mut y = MARGIN;
    for (li, order) in orders.iter().enumerate() {
        if li > 0 {
            y += if bands[li] != bands[li - 1] { GAP_BAND } else { GAP_LAYER };
        }
        let rows = order.len().div_ceil(per_row).max(1);
        let cols = order.len().div_ceil(rows);
        let mut col_w = vec![0.0f64; cols];
        let mut row_h = vec![0.0f64; rows];
        for (i, &node) in order.iter().enumerate() {
            col_w[i / rows] = col_w[i / rows].max(size[node].0);
            row_h[i % rows] = row_h[i % rows].max(size[node].1);
        }
        let mut col_x = Vec::with_capacity(cols);
        let mut x = 0.0;
        for w in &col_w {
            col_x.push(x);
            x += w + GAP_X;
        }
        let mut row_y = Vec::with_capacity(rows);
        let mut ry = y;
        for h in &row_h {
            row_y.push(ry);
            ry += h + GAP_ROW;
        }
        for (i, &node) in order.iter().enumerate() {
            let (c, r) = (i / rows, i % rows);
            p.x[node] = col_x[c] + ((col_w[c] - size[node].0) / 2.0).floor();
            p.y[node] = row_y[r];
            p.row_top[node] = row_y[r];
            p.row_bottom[node] = row_y[r] + row_h[r];
        }
        layer_w.push((x - GAP_X).max(0.0));
        y = ry - GAP_ROW;
    }
    let inner = layer_w.iter().copied().fold(0.0, f64::max);
    for (li, order) in orders.iter().enumerate() {
        let dx = MARGIN + ((inner - layer_w[li]) / 2.0).floor();
        for &node in order {
            p.x[node] += dx;
        }
    }
    p.width = inner + 2.0 * MARGIN;
    p.height = y + MARGIN;
    p
}

/// Place the given tables (unknown names and repeats are skipped). See the module doc.
pub fn layout(s: &Snapshot, t: &Tenancy, tables: &[String]) -> Layout {
    let ix = Index::new(s);
    let mut seen = BTreeSet::new();
    let names: Vec<&str> = tables
        .iter()
        .map(String::as_str)
        .filter(|n| ix.tables.contains_key(*n) && seen.insert(*n))
        .collect();
    if names.is_empty() {
        return Layout { nodes: vec![], edges: vec![], width: 2.0 * MARGIN, height: 2.0 * MARGIN };
    }
    let id: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let size: Vec<(f64, f64)> =
        names.iter().map(|n| BoxText::new(&ix, ix.tables[*n], t.tables.get(*n)).size()).collect();

    // Foreign keys between shown tables: (from, to, constraint).
    let fk: Vec<(usize, usize, &crate::catalog::Constraint)> = ix
        .fks
        .iter()
        .filter_map(|c| {
            Some((
                *id.get(format!("{}.{}", c.schema, c.table).as_str())?,
                *id.get(to_of(c).as_str())?,
                *c,
            ))
        })
        .collect();
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    for &(a, b, _) in &fk {
        if a != b {
            adj[a].push(b);
            adj[b].push(a);
        }
    }

    // Layers, each first ordered by its tenancy chain (root first) so siblings start together.
    let mut by_rank: BTreeMap<(u8, usize), Vec<usize>> = BTreeMap::new();
    for (i, n) in names.iter().enumerate() {
        by_rank.entry(rank(t, n)).or_default().push(i);
    }
    let bands: Vec<u8> = by_rank.keys().map(|k| k.0).collect();
    let mut orders: Vec<Vec<usize>> = by_rank.into_values().collect();
    let chain = |i: usize| -> Vec<&str> {
        let mut c: Vec<&str> = t
            .tables
            .get(names[i])
            .map(|tt| tt.path.iter().rev().map(|s| s.ref_table.as_str()).collect())
            .unwrap_or_default();
        c.push(names[i]);
        c
    };
    for o in &mut orders {
        o.sort_by_cached_key(|&i| chain(i));
    }
    let mut layer_of = vec![0usize; names.len()];
    for (li, o) in orders.iter().enumerate() {
        for &i in o {
            layer_of[i] = li;
        }
    }

    // Barycenter sweeps: down (neighbours above), up (neighbours below), alternately.
    for sweep in 0..SWEEPS {
        let down = sweep % 2 == 0;
        let seq: Vec<usize> = if down {
            (1..orders.len()).collect()
        } else {
            (0..orders.len().saturating_sub(1)).rev().collect()
        };
        for li in seq {
            let p = place(&orders, &bands, &size);
            let center = |i: usize| p.x[i] + size[i].0 / 2.0;
            let mut keyed: Vec<(f64, usize)> = orders[li]
                .iter()
                .map(|&i| {
                    let ns: Vec<f64> = adj[i]
                        .iter()
                        .filter(|&&m| if down { layer_of[m] < li } else { layer_of[m] > li })
                        .map(|&m| center(m))
                        .collect();
                    let key = if ns.is_empty() {
                        center(i)
                    } else {
                        ns.iter().sum::<f64>() / ns.len() as f64
                    };
                    (key, i)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            orders[li] = keyed.into_iter().map(|(_, i)| i).collect();
        }
    }

    let p = place(&orders, &bands, &size);
    let nodes: Vec<Node> = orders
        .iter()
        .flatten()
        .map(|&i| Node {
            table: names[i].to_string(),
            x: p.x[i],
            y: p.y[i],
            w: size[i].0,
            h: size[i].1,
            class: class_of(t, names[i]),
        })
        .collect();

    // Edges.
    let shown: BTreeSet<&str> = names.iter().copied().collect();
    let tenant = path_steps(t, &shown, &[TenancyClass::Direct, TenancyClass::Indirect]);
    #[derive(Clone, Copy, PartialEq)]
    enum Side {
        Top,
        Bottom,
    }
    // Per edge: which sides it leaves and enters, and its lane's y.
    type Route = (Side, Side, f64);
    let mut routes: Vec<Option<Route>> = Vec::with_capacity(fk.len());
    // Per (box, side): the edges attached there, as (position along the side, edge, leaving).
    type Attached = Vec<(f64, usize, bool)>;
    let mut attach: BTreeMap<(usize, u8), Attached> = BTreeMap::new();
    let center = |i: usize| p.x[i] + size[i].0 / 2.0;
    for (e, &(a, b, _)) in fk.iter().enumerate() {
        if a == b {
            routes.push(None);
            continue;
        }
        let lane = 8.0 + 6.0 * (b % 5) as f64;
        let (sa, sb, y) = if p.y[b] + size[b].1 <= p.y[a] {
            (Side::Top, Side::Bottom, p.row_bottom[b] + lane)
        } else if p.y[a] + size[a].1 <= p.y[b] {
            (Side::Bottom, Side::Top, p.row_top[b] - lane)
        } else {
            (Side::Top, Side::Top, p.row_top[a].min(p.row_top[b]) - lane)
        };
        routes.push(Some((sa, sb, y)));
        attach.entry((a, sa as u8)).or_default().push((center(b), e, true));
        attach.entry((b, sb as u8)).or_default().push((center(a), e, false));
    }
    // Spread the ends along each side, ordered by where the other end is.
    let mut ends: Vec<[f64; 2]> = vec![[0.0; 2]; fk.len()];
    for ((node, _), mut list) in attach {
        list.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        let m = list.len() as f64;
        for (k, (_, e, is_from)) in list.into_iter().enumerate() {
            ends[e][usize::from(!is_from)] =
                (p.x[node] + size[node].0 * (k as f64 + 1.0) / (m + 1.0)).round();
        }
    }
    let mut loops: BTreeMap<usize, usize> = BTreeMap::new();
    let edges: Vec<Edge> = fk
        .iter()
        .enumerate()
        .map(|(e, &(a, b, c))| {
            let points = match routes[e] {
                None => {
                    let k = loops.entry(a).or_default();
                    let (r, y) = (p.x[a] + size[a].0, p.y[a] + 6.0 + 8.0 * (*k % 3) as f64);
                    *k += 1;
                    vec![(r, y), (r + 18.0, y), (r + 18.0, y + 14.0), (r, y + 14.0)]
                }
                Some((sa, sb, lane)) => {
                    let yy = |i: usize, side: Side| {
                        if side == Side::Top {
                            p.y[i]
                        } else {
                            p.y[i] + size[i].1
                        }
                    };
                    let (x0, x1) = (ends[e][0], ends[e][1]);
                    let (y0, y1) = (yy(a, sa), yy(b, sb));
                    if x0 == x1 && sa != sb {
                        vec![(x0, y0), (x1, y1)]
                    } else {
                        vec![(x0, y0), (x0, lane), (x1, lane), (x1, y1)]
                    }
                }
            };
            Edge {
                from: names[a].to_string(),
                to: names[b].to_string(),
                constraint: c.name.clone(),
                points,
                tenant_path: tenant.contains(&(names[a].to_string(), c.name.clone())),
            }
        })
        .collect();
    Layout { nodes, edges, width: p.width, height: p.height }
}

#[cfg(test)]
mod tests {
    use super::super::testgen::{big, small};
    use super::super::{select_tables, Filter};
    use super::*;
    use crate::profile::Profile;
    use crate::tenancy::{classify, Overrides};

    fn assert_sound(l: &Layout, tables: &[String]) {
        assert_eq!(l.nodes.len(), tables.len());
        let shown: BTreeSet<&str> = l.nodes.iter().map(|n| n.table.as_str()).collect();
        assert_eq!(shown, tables.iter().map(String::as_str).collect());
        for (i, a) in l.nodes.iter().enumerate() {
            assert!(
                a.x >= 0.0 && a.y >= 0.0 && a.x + a.w <= l.width && a.y + a.h <= l.height,
                "{a:?} outside {}x{}",
                l.width,
                l.height
            );
            assert!(a.w >= 180.0 && a.h >= 46.0);
            for b in &l.nodes[i + 1..] {
                let apart =
                    a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
        for e in &l.edges {
            assert!(e.points.len() >= 2);
            assert!(
                e.points
                    .iter()
                    .all(|(x, y)| (0.0..=l.width).contains(x) && (0.0..=l.height).contains(y)),
                "{e:?}"
            );
        }
    }

    #[test]
    fn erd_layout_small_schema() {
        let s = small().build();
        let t = classify(&s, Profile::Supabase, &Overrides::default());
        let tables = select_tables(&s, &t, &Filter::default());
        let l = layout(&s, &t, &tables);
        assert_sound(&l, &tables);
        let node = |n: &str| l.nodes.iter().find(|x| x.table == n).unwrap();
        // Layers: root above direct above indirect; users and globals below.
        assert!(node("public.organizations").y < node("public.courses").y);
        assert!(node("public.courses").y < node("public.modules").y);
        assert!(node("public.modules").y < node("public.lessons").y);
        assert!(node("public.lessons").y < node("auth.users").y);
        assert!(node("auth.users").y < node("public.countries").y);
        assert_eq!(node("public.courses").class, TenancyClass::Direct);
        assert_eq!(l.edges.len(), 13);
        let edge = |c: &str| l.edges.iter().find(|e| e.constraint == c).unwrap();
        for c in [
            "lessons_module_id_fkey",
            "modules_course_id_fkey",
            "courses_organization_id_fkey",
            "invoices_organization_id_fkey",
        ] {
            assert!(edge(c).tenant_path, "{c}");
        }
        for c in [
            "journal_user_id_fkey",
            "invoices_country_id_fkey",
            "categories_parent_id_fkey",
            "course_tags_category_id_fkey",
        ] {
            assert!(!edge(c).tenant_path, "{c}");
        }
        let e = edge("lessons_module_id_fkey");
        assert_eq!((e.from.as_str(), e.to.as_str()), ("public.lessons", "public.modules"));
        // The arrow ends on the referenced box.
        let (m, last) = (node("public.modules"), *e.points.last().unwrap());
        assert!(last.0 >= m.x && last.0 <= m.x + m.w && last.1 == m.y + m.h, "{e:?} {m:?}");
        // Deterministic.
        assert_eq!(l, layout(&s, &t, &tables));
        // A focus view keeps only the edges between shown tables; its tenant path is still marked.
        let f = select_tables(
            &s,
            &t,
            &Filter { focus: Some("public.modules".into()), ..Default::default() },
        );
        let l = layout(&s, &t, &f);
        assert_sound(&l, &f);
        assert_eq!(l.edges.len(), 2);
        assert!(l.edges.iter().all(|e| e.tenant_path));
    }

    #[test]
    fn erd_layout_300_tables_no_overlap() {
        let s = big();
        let t = classify(&s, Profile::Postgres, &Overrides::default());
        assert_eq!(t.root_names(), ["public.organizations", "public.tenants", "public.workspaces"]);
        let tables = select_tables(&s, &t, &Filter::default());
        assert_eq!(tables.len(), 300);
        let l = layout(&s, &t, &tables);
        assert_sound(&l, &tables);
        assert_eq!(l.edges.len(), 600);
        assert!(l.edges.iter().any(|e| e.tenant_path));
        assert!(l.width < 4000.0 && l.height < 8000.0, "{}x{}", l.width, l.height);
        let tall = l.nodes.iter().find(|n| n.table == "app.t005").unwrap();
        assert_eq!(tall.h, 28.0 + 18.0 * 25.0);
        let l2 = layout(&s, &t, &tables);
        assert_eq!(l, l2);
        // Unknown and repeated names are skipped.
        let mut odd = tables[..5].to_vec();
        odd.push(tables[0].clone());
        odd.push("nope.nope".into());
        assert_eq!(layout(&s, &t, &odd).nodes.len(), 5);
        assert_eq!(layout(&s, &t, &[]).nodes.len(), 0);
    }
}
