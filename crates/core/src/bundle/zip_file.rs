//! The bundle as a .zip, made in memory (deflate), with a fixed timestamp so the same project
//! gives the same bytes.

use super::Entry;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

pub fn zip(entries: &[Entry], folder: &str) -> Result<Vec<u8>, String> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for e in entries {
        let path = if folder.is_empty() { e.path.clone() } else { format!("{folder}/{}", e.path) };
        w.start_file(path, opts).map_err(|x| format!("zip: {x}"))?;
        w.write_all(e.text.as_bytes()).map_err(|x| format!("zip: {x}"))?;
    }
    w.finish().map(|c| c.into_inner()).map_err(|x| format!("zip: {x}"))
}
