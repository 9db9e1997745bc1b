//! What a table's box says, and how big that makes it: shared by the layout (sizes) and the SVG
//! (positions of the text), so the two always agree.

use super::{short_type, Index};
use crate::catalog::Table;
use crate::tenancy::TableTenancy;

/// Width of a character of the 12 px monospace font (0.6 em).
pub const CHAR_W: f64 = 7.2;
/// Width of a character of the 10 px font (badges, keys).
pub const SMALL_W: f64 = 6.0;
pub const HEADER_H: f64 = 28.0;
pub const LINE_H: f64 = 18.0;
/// Columns listed at most; the rest are a "+ N more" line.
pub const MAX_COLUMNS: usize = 24;
pub const MIN_W: f64 = 180.0;
pub const PAD: f64 = 8.0;
/// x of the marker gutter ("+" new column, "◆" tenant key) and of a column's name.
pub const MARK_NEW_X: f64 = 5.0;
pub const MARK_KEY_X: f64 = 13.0;
pub const NAME_X: f64 = 24.0;
/// Room kept in every header for the "NEW" tag.
pub const TAG_W: f64 = 40.0;
const TITLE_MAX: usize = 40;
const NAME_MAX: usize = 32;
const TYPE_MAX: usize = 24;

pub struct ColLine {
    pub name: String,
    pub full_name: String,
    pub type_: String,
    pub full_type: String,
    pub pk: bool,
    pub fk: bool,
    pub not_null: bool,
    pub tenant_key: bool,
}

impl ColLine {
    /// `PK`, `FK`, `NN` (not null; implied by PK so not repeated there), space separated.
    pub fn keys(&self) -> String {
        let mut k: Vec<&str> = Vec::new();
        if self.pk {
            k.push("PK");
        }
        if self.fk {
            k.push("FK");
        }
        if self.not_null && !self.pk {
            k.push("NN");
        }
        k.join(" ")
    }
}

pub struct BoxText {
    /// The name shown (without `public.`), cut to 40 characters.
    pub title: String,
    /// `RLS off` / `RLS · n policies` / `RLS forced · n`
    pub badge: String,
    /// off | on | forced
    pub rls: &'static str,
    pub policies: usize,
    pub lines: Vec<ColLine>,
    /// Columns not listed.
    pub more: usize,
    name_chars: usize,
    type_chars: usize,
    key_chars: usize,
}

pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut o: String = s.chars().take(max - 1).collect();
        o.push('…');
        o
    }
}

impl BoxText {
    pub fn new(ix: &Index, t: &Table, tt: Option<&TableTenancy>) -> BoxText {
        let q = t.qualified();
        let pk = ix.pk.get(&q);
        let fk = ix.fk_cols.get(&q);
        let tenant_key: &[String] = tt.map(|x| x.tenant_key.as_slice()).unwrap_or(&[]);
        let all: Vec<ColLine> = t
            .columns
            .iter()
            .map(|c| {
                let ty = short_type(&c.type_);
                ColLine {
                    name: cut(&c.name, NAME_MAX),
                    full_name: c.name.clone(),
                    type_: cut(&ty, TYPE_MAX),
                    full_type: c.type_.clone(),
                    pk: pk.is_some_and(|p| p.contains(c.name.as_str())),
                    fk: fk.is_some_and(|f| f.contains(c.name.as_str())),
                    not_null: c.not_null,
                    tenant_key: tenant_key.contains(&c.name),
                }
            })
            .collect();
        // Too many columns: keep keys first (primary, foreign, tenant), then the others, in table order.
        let mut keep = vec![all.len() <= MAX_COLUMNS; all.len()];
        if all.len() > MAX_COLUMNS {
            let mut left = MAX_COLUMNS;
            for important in [true, false] {
                for (i, c) in all.iter().enumerate() {
                    if left > 0 && !keep[i] && (c.pk || c.fk || c.tenant_key) == important {
                        keep[i] = true;
                        left -= 1;
                    }
                }
            }
        }
        let more = keep.iter().filter(|k| !**k).count();
        let lines: Vec<ColLine> =
            all.into_iter().zip(keep).filter(|(_, k)| *k).map(|(c, _)| c).collect();
        let policies = ix.policies.get(&q).copied().unwrap_or(0);
        let (rls, badge) = if !t.rls_enabled {
            ("off", "RLS off".to_string())
        } else if t.rls_forced {
            ("forced", format!("RLS forced · {policies}"))
        } else {
            (
                "on",
                format!("RLS · {policies} {}", if policies == 1 { "policy" } else { "policies" }),
            )
        };
        let title = cut(if t.schema == "public" { &t.name } else { &q }, TITLE_MAX);
        BoxText {
            title,
            badge,
            rls,
            policies,
            name_chars: lines.iter().map(|l| l.name.chars().count()).max().unwrap_or(0),
            type_chars: lines.iter().map(|l| l.type_.chars().count()).max().unwrap_or(0),
            key_chars: lines.iter().map(|l| l.keys().len()).max().unwrap_or(0),
            lines,
            more,
        }
    }

    /// Lines below the header: the columns, the "+ N more" line, or one "no columns" line.
    pub fn body_lines(&self) -> usize {
        (self.lines.len() + usize::from(self.more > 0)).max(1)
    }

    pub fn more_text(&self) -> String {
        if self.lines.is_empty() && self.more == 0 {
            "(no columns)".into()
        } else {
            format!("+ {} more", self.more)
        }
    }

    pub fn type_x(&self) -> f64 {
        NAME_X + (self.name_chars + 1) as f64 * CHAR_W
    }

    /// x where the NEW tag starts (after the title).
    pub fn tag_x(&self) -> f64 {
        PAD + self.title.chars().count() as f64 * CHAR_W + 6.0
    }

    pub fn size(&self) -> (f64, f64) {
        let header = self.tag_x() + TAG_W + (self.badge.chars().count() + 2) as f64 * SMALL_W + PAD;
        let body = self.type_x()
            + (self.type_chars + 1) as f64 * CHAR_W
            + self.key_chars as f64 * SMALL_W
            + 6.0;
        let more = NAME_X + self.more_text().chars().count() as f64 * CHAR_W + PAD;
        let w = header.max(body).max(more).max(MIN_W).ceil();
        (w, HEADER_H + LINE_H * self.body_lines() as f64)
    }
}
