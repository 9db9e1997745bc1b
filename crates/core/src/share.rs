//! Share links: the whole project (files, role and order overrides, profile, tenancy overrides)
//! and the open view, as `#p=<version>.<base64url(zlib(json))>` in the URL fragment, which never
//! reaches a server. The version number lets old links keep working; zlib's checksum tells a
//! corrupt or truncated link from a good one.

use crate::project::Project;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

/// The format written today. Decoding accepts every version up to it.
pub const LINK_VERSION: u32 = 1;
/// Above this many characters a link is refused (browsers and chat tools cut long URLs).
pub const MAX_LINK_CHARS: usize = 64 * 1024;

/// What the link reopens besides the project.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct View {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tab: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// Why the sender's last run stopped early ("cancelled at 002_x.sql:14", "stopped by the
    /// statement timeout …"): the link then opens without running, and says so. A link made
    /// before this field existed has none and runs as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    pub project: Project,
    #[serde(default)]
    pub view: View,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// Not a Tenant Planner link at all (no `p=`), or not base64url.
    NotALink(String),
    /// The data ends early or does not match its checksum.
    Corrupt(String),
    /// Made by a newer Tenant Planner.
    NewerVersion(u32),
    /// Too large for a link: offer the bundle instead.
    TooLarge { chars: usize },
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::NotALink(why) => write!(f, "this is not a Tenant Planner link ({why})"),
            LinkError::Corrupt(why) => write!(f, "the link is damaged or cut short ({why}); ask for it again, or for the exported bundle"),
            LinkError::NewerVersion(v) => write!(f, "the link was made by a newer Tenant Planner (format {v}; this one reads up to {LINK_VERSION}): open it with the newer version"),
            LinkError::TooLarge { chars } => write!(f, "the project is too large for a link ({} KB once compressed; the limit is {} KB): export the bundle instead", chars / 1024, MAX_LINK_CHARS / 1024),
        }
    }
}

/// The fragment (without `#`) for a project and view.
pub fn encode(shared: &Shared) -> Result<String, LinkError> {
    let json = serde_json::to_vec(shared).expect("a project serializes");
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&json, 9);
    let fragment = format!("p={LINK_VERSION}.{}", URL_SAFE_NO_PAD.encode(packed));
    if fragment.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLarge { chars: fragment.len() });
    }
    Ok(fragment)
}

/// A project and view from a fragment (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<Shared, LinkError> {
    let f = fragment.trim().trim_start_matches('#');
    let value = f
        .split('&')
        .find_map(|kv| kv.strip_prefix("p="))
        .ok_or_else(|| LinkError::NotALink("no p= in the fragment".into()))?;
    let (version, data) =
        value.split_once('.').ok_or_else(|| LinkError::NotALink("no version".into()))?;
    let version: u32 = version
        .parse()
        .map_err(|_| LinkError::NotALink(format!("version {version:?} is not a number")))?;
    if version > LINK_VERSION {
        return Err(LinkError::NewerVersion(version));
    }
    if version == 0 {
        return Err(LinkError::NotALink("version 0".into()));
    }
    let packed = URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('='))
        .map_err(|e| LinkError::Corrupt(format!("base64: {e}")))?;
    let json = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&packed, 64 * 1024 * 1024)
        .map_err(|e| LinkError::Corrupt(format!("{:?}", e.status)))?;
    // Format 1 is today's; later formats will convert older ones here.
    serde_json::from_slice(&json).map_err(|e| LinkError::Corrupt(format!("content: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::{Role, SqlFile};
    use crate::profile::Profile;

    /// A small deterministic generator (no extra dependency): random projects for round trips.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n.max(1)
        }
        fn text(&mut self, len: usize) -> String {
            const ALPHABET: &[&str] = &[
                "select ",
                "'",
                "\"",
                "$$",
                ";",
                "\n",
                "é",
                "ü",
                "🙂",
                "--",
                "/*",
                "*/",
                "\\",
                "organization_id",
                " ",
                "\t",
                "\0",
            ];
            (0..len).map(|_| ALPHABET[self.below(ALPHABET.len() as u64) as usize]).collect()
        }
    }

    fn random_project(r: &mut Rng) -> Shared {
        let n = r.below(6) as usize;
        let mut files: Vec<SqlFile> = (0..n)
            .map(|i| {
                let name = format!("{i:03}_{}.sql", r.text(2).replace(['/', '\0'], "_"));
                let len = r.below(400) as usize;
                SqlFile::new(name, r.text(len))
            })
            .collect();
        for f in &mut files {
            if r.below(3) == 0 {
                f.role_override = Some(Role::ALL[r.below(5) as usize]);
            }
        }
        let mut p = Project { files, ..Default::default() };
        if r.below(2) == 0 {
            p.manual_order = Some(p.files.iter().rev().map(|f| f.name.clone()).collect());
        }
        p.profile = [None, Some(Profile::Supabase), Some(Profile::Postgres)][r.below(3) as usize];
        if r.below(2) == 0 {
            p.tenancy.add_roots.push("public.orgs".into());
        }
        let view = View {
            tab: Some("erd".into()),
            table: (r.below(2) == 0).then(|| "public.tasks".into()),
            stopped: (r.below(2) == 0).then(|| "cancelled at 002_x.sql:14".into()),
        };
        Shared { project: p, view }
    }

    #[test]
    fn random_projects_round_trip() {
        let mut r = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..300 {
            let s = random_project(&mut r);
            let link = encode(&s).unwrap();
            assert!(link.starts_with("p=1."));
            assert!(
                link.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.=".contains(&b)),
                "{link}"
            );
            assert_eq!(decode(&format!("#{link}")).unwrap(), s);
        }
    }

    #[test]
    fn versions_corruption_and_size() {
        let s = Shared {
            project: Project {
                files: vec![SqlFile::new("a.sql", "select 1;")],
                ..Default::default()
            },
            view: View::default(),
        };
        let link = encode(&s).unwrap();
        assert_eq!(decode(&link.replacen("p=1.", "p=2.", 1)), Err(LinkError::NewerVersion(2)));
        assert!(matches!(decode("#x=1"), Err(LinkError::NotALink(_))));
        assert!(matches!(decode(&link.replacen("p=1.", "p=one.", 1)), Err(LinkError::NotALink(_))));
        // Cut short, and one character changed: both detected, never a wrong project.
        let cut = &link[..link.len() - 6];
        assert!(matches!(decode(cut), Err(LinkError::Corrupt(_))), "{:?}", decode(cut));
        let mut bytes = link.clone().into_bytes();
        let i = bytes.len() - 8;
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        assert!(matches!(decode(&String::from_utf8(bytes).unwrap()), Err(LinkError::Corrupt(_))));
        assert!(decode(&link).unwrap().project.files[0].text == "select 1;");
        // Incompressible text beyond the limit is refused with the size.
        let mut r = Rng(7);
        let noise: String = (0..120_000).map(|_| char::from(b'!' + r.below(90) as u8)).collect();
        let big = Shared {
            project: Project { files: vec![SqlFile::new("big.sql", noise)], ..Default::default() },
            view: View::default(),
        };
        assert!(matches!(encode(&big), Err(LinkError::TooLarge { .. })));
    }

    #[test]
    fn two_hundred_kb_of_sql_makes_a_link_of_tens_of_kb() {
        let mut sql = String::new();
        for i in 0..2000 {
            sql += &format!("create table public.t_{i} (id bigint primary key, organization_id uuid not null references public.organizations(id), name text);\n");
        }
        assert!(sql.len() > 200_000);
        let s = Shared {
            project: Project {
                files: vec![SqlFile::new("big.sql", sql.clone())],
                ..Default::default()
            },
            view: View::default(),
        };
        let link = encode(&s).unwrap();
        assert!(link.len() < sql.len() * 30 / 100, "{} of {}", link.len(), sql.len());
        assert_eq!(decode(&link).unwrap(), s);
    }

    /// The reason a table is marked shared travels in the link; a link made before reasons
    /// existed (only `shared_tables`) still opens, with the mark and no reason.
    #[test]
    fn shared_reasons_round_trip_and_old_links_open() {
        let mut project =
            Project { files: vec![SqlFile::new("a.sql", "select 1;")], ..Default::default() };
        project.mark_shared("public.contacts", "a directory every tenant reads");
        let s = Shared { project, view: View::default() };
        let back = decode(&encode(&s).unwrap()).unwrap();
        assert_eq!(
            back.project.shared_reasons["public.contacts"],
            "a directory every tenant reads"
        );
        assert_eq!(back, s);
        // Format 1 as it was written before the reasons: packed by hand from its JSON.
        let json = br#"{"project":{"files":[{"name":"a.sql","text":"select 1;"}],"shared_tables":["public.contacts"]},"view":{}}"#;
        let old = format!(
            "p=1.{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(json, 9))
        );
        let opened = decode(&old).unwrap();
        assert_eq!(opened.project.shared_tables, ["public.contacts"]);
        assert!(opened.project.shared_reasons.is_empty());
    }
}
