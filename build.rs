// Embeds every bundled example (examples/<name>/*.sql) into the app, so adding an example is
// adding a folder. The README.md of an example, when present, gives its one-line description.
use std::{env, fs, path::Path};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("examples");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut examples: Vec<_> = fs::read_dir(&dir)
        .map(|r| r.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    examples.sort();
    let mut out = String::from("pub static EXAMPLES: &[Example] = &[\n");
    for ex in examples {
        println!("cargo:rerun-if-changed={}", ex.display());
        let name = ex.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<_> = fs::read_dir(&ex)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "sql"))
            .collect();
        files.sort();
        let about = fs::read_to_string(ex.join("README.md"))
            .ok()
            .and_then(|t| {
                t.lines().find(|l| !l.trim().is_empty() && !l.starts_with('#')).map(str::to_string)
            })
            .unwrap_or_default();
        out += &format!("    Example {{ name: {name:?}, about: {about:?}, files: &[\n");
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            let fname = f.file_name().unwrap().to_string_lossy().into_owned();
            out += &format!("        ({fname:?}, include_str!({:?})),\n", f.display().to_string());
        }
        out += "    ] },\n";
    }
    out += "];\n";
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("examples.rs"), out).unwrap();
}
