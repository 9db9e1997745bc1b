//! Mermaid `erDiagram` text.
//!
//! Mermaid's grammar (erDiagram.jison) is narrower than Postgres names, so:
//! - entity ids are `schema_table` made of `[A-Za-z0-9_]` (other characters become `_`, a
//!   leading digit gets a `t_` prefix, clashes get `_2`, `_3`…), shown under their real name with
//!   the alias syntax `id["schema.table"]` (Mermaid 10.5+);
//! - attribute types and names are single words of `[A-Za-z0-9_()[]-]` (`timestamp with time
//!   zone` → `timestamptz`, remaining spaces → `_`); a renamed column keeps its real name in the
//!   attribute's comment, and names that are key words (`pk`, `fk`, `uk`) get a trailing `_`;
//! - quoted strings (aliases, comments, labels) lose `"`, `%`, `\` and control characters.
//!
//! One `%%` comment per table gives its tenancy class. Relationships: one per foreign key
//! between listed tables, `child }o--|| parent` when every FK column is NOT NULL, `}o--o|`
//! otherwise, labelled with the FK columns.

use super::{class_of, short_type, to_of, Index};
use crate::catalog::Snapshot;
use crate::tenancy::Tenancy;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// A word Mermaid reads as one token: `[A-Za-z_][A-Za-z0-9_]*` plus the `extra` characters.
fn word(s: &str, extra: &str, prefix: &str) -> String {
    let mut o: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' || extra.contains(c) { c } else { '_' })
        .collect();
    if !o.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        o.insert_str(0, prefix);
    }
    if matches!(o.to_ascii_lowercase().as_str(), "pk" | "fk" | "uk") {
        o.push('_');
    }
    o
}

/// Text inside a quoted string.
fn quoted(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '"' | '%' | '\\') && !c.is_control()).collect()
}

/// The tables (`schema.name`; unknown and repeated names skipped) as an `erDiagram`.
pub fn mermaid(s: &Snapshot, t: &Tenancy, tables: &[String]) -> String {
    let ix = Index::new(s);
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut order: Vec<&str> = Vec::new();
    for q in tables {
        let Some(table) = ix.tables.get(q.as_str()) else { continue };
        if ids.contains_key(q.as_str()) {
            continue;
        }
        let base = word(&format!("{}_{}", table.schema, table.name), "", "t_");
        let mut id = base.clone();
        let mut k = 2;
        while used.contains(&id.to_ascii_lowercase()) {
            id = format!("{base}_{k}");
            k += 1;
        }
        used.insert(id.to_ascii_lowercase());
        ids.insert(q.as_str(), id);
        order.push(q.as_str());
    }
    let mut o = String::from("erDiagram\n");
    for q in &order {
        let table = ix.tables[*q];
        let id = &ids[*q];
        let tt = t.tables.get(*q);
        let _ = writeln!(o, "    %% {}: {}", quoted(q), class_of(t, q).as_str());
        let alias = quoted(q);
        let head = if alias.trim().is_empty() { id.clone() } else { format!("{id}[\"{alias}\"]") };
        if table.columns.is_empty() {
            let _ = writeln!(o, "    {head}");
            continue;
        }
        let _ = writeln!(o, "    {head} {{");
        let pk = ix.pk.get(*q);
        let fk = ix.fk_cols.get(*q);
        for c in &table.columns {
            let ty = word(&short_type(&c.type_), "()[]-", "t_");
            let name = word(&c.name, "", "c_");
            let mut keys: Vec<&str> = Vec::new();
            if pk.is_some_and(|p| p.contains(c.name.as_str())) {
                keys.push("PK");
            }
            if fk.is_some_and(|f| f.contains(c.name.as_str())) {
                keys.push("FK");
            }
            let mut notes: Vec<String> = Vec::new();
            if tt.is_some_and(|tt| tt.tenant_key.contains(&c.name)) {
                notes.push("tenant key".into());
            }
            if name != c.name {
                notes.push(format!("column {}", quoted(&c.name)));
            }
            let keys =
                if keys.is_empty() { String::new() } else { format!(" {}", keys.join(", ")) };
            let note =
                if notes.is_empty() { String::new() } else { format!(" \"{}\"", notes.join("; ")) };
            let _ = writeln!(o, "        {ty} {name}{keys}{note}");
        }
        o.push_str("    }\n");
    }
    for c in &ix.fks {
        let (Some(from), Some(to)) =
            (ids.get(format!("{}.{}", c.schema, c.table).as_str()), ids.get(to_of(c).as_str()))
        else {
            continue;
        };
        let table = ix.tables[format!("{}.{}", c.schema, c.table).as_str()];
        let not_null =
            c.columns.iter().all(|col| table.columns.iter().any(|x| &x.name == col && x.not_null));
        let card = if not_null { "||" } else { "o|" };
        let _ = writeln!(o, "    {from} }}o--{card} {to} : \"{}\"", quoted(&c.columns.join(", ")));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::super::testgen::{big, small};
    use super::super::{select_tables, Filter};
    use super::*;
    use crate::profile::Profile;
    use crate::tenancy::{classify, Overrides};

    /// Checks the shape of every line against the subset of the grammar we write.
    fn check(out: &str) -> (usize, usize) {
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some("erDiagram"));
        let is_word = |w: &str, extra: &str| {
            w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || extra.contains(c))
        };
        let (mut entities, mut rels, mut in_block) = (0, 0, false);
        for line in lines {
            let l = line.trim();
            if in_block {
                if l == "}" {
                    in_block = false;
                    continue;
                }
                let (head, comment) =
                    l.split_once(" \"").map(|(h, c)| (h, Some(c))).unwrap_or((l, None));
                let parts: Vec<&str> = head.split(' ').collect();
                assert!(parts.len() >= 2, "{line}");
                assert!(is_word(parts[0], "()[]-"), "type {line}");
                assert!(is_word(parts[1], ""), "name {line}");
                assert!(
                    !matches!(parts[1].to_ascii_lowercase().as_str(), "pk" | "fk" | "uk"),
                    "{line}"
                );
                assert!(
                    ["", "PK", "FK", "PK, FK"].contains(&parts[2..].join(" ").as_str()),
                    "keys {line}"
                );
                if let Some(c) = comment {
                    assert!(c.ends_with('"') && !c[..c.len() - 1].contains('"'), "{line}");
                }
            } else if l.starts_with("%%") {
                assert!(!l.starts_with("%%{"));
            } else if l.contains("}o--") {
                let parts: Vec<&str> = l.splitn(5, ' ').collect();
                assert!(is_word(parts[0], "") && is_word(parts[2], ""), "{line}");
                assert!(parts[1] == "}o--||" || parts[1] == "}o--o|", "{line}");
                assert_eq!(parts[3], ":");
                assert!(
                    parts[4].starts_with('"')
                        && parts[4].ends_with('"')
                        && parts[4].matches('"').count() == 2,
                    "{line}"
                );
                rels += 1;
            } else {
                let (id, rest) = l.split_once("[\"").expect(line);
                assert!(is_word(id, ""), "{line}");
                assert!(rest.ends_with("\"]") || rest.ends_with("\"] {"), "{line}");
                entities += 1;
                in_block = rest.ends_with('{');
            }
        }
        assert!(!in_block);
        (entities, rels)
    }

    #[test]
    fn erd_mermaid_small() {
        let s = small()
            .table("public.a<b&\"c", &["id", "pk", "my col", "organization_id"])
            .fk("public.a<b&\"c", &["organization_id"], "public.organizations", &["id"])
            .table("public.a_b", &["id"])
            .table("public.a-b", &["id"])
            .build();
        let t = classify(&s, Profile::Supabase, &Overrides::default());
        let tables = select_tables(&s, &t, &Filter::default());
        let out = mermaid(&s, &t, &tables);
        let (entities, rels) = check(&out);
        assert_eq!(entities, tables.len());
        assert_eq!(rels, 14);
        assert!(out.contains("    %% public.courses: direct\n"));
        assert!(out.contains("    public_courses[\"public.courses\"] {\n        uuid id PK\n        uuid organization_id FK \"tenant key\"\n"));
        assert!(out.contains("    public_lessons }o--|| public_modules : \"module_id\"\n"));
        assert!(out.contains("    public_invoices }o--o| public_countries : \"country_id\"\n"));
        assert!(out.contains("    public_profiles }o--|| auth_users : \"id\"\n"));
        assert!(out.contains("        uuid id PK, FK\n"), "profiles.id");
        assert!(out.contains("public_a_b__c[\"public.a<b&c\"]"), "{out}");
        assert!(
            out.contains("        text pk_ \"column pk\"\n        text my_col \"column my col\"\n")
        );
        // public.a-b and public.a_b both want public_a_b.
        assert!(
            out.contains("public_a_b[\"public.a-b\"]")
                && out.contains("public_a_b_2[\"public.a_b\"]"),
            "{out}"
        );
        // Only the listed tables, only their relationships.
        let f = select_tables(
            &s,
            &t,
            &Filter { focus: Some("public.modules".into()), ..Default::default() },
        );
        assert_eq!(check(&mermaid(&s, &t, &f)), (3, 2));
    }

    #[test]
    fn erd_mermaid_300_tables() {
        let s = big();
        let t = classify(&s, Profile::Postgres, &Overrides::default());
        let tables = select_tables(&s, &t, &Filter::default());
        let out = mermaid(&s, &t, &tables);
        assert_eq!(check(&out), (300, 600));
        assert_eq!(out.matches("\n    %% ").count(), 300);
        assert!(out.contains(" timestamptz created_at"));
        assert!(!out.contains("timestamp with"));
    }
}
