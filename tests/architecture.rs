//! The shape of the code, checked: no import cycle among the top-level modules of
//! `src/` (each stage depends only on the stages before it), and no source file grows
//! past the size where it holds more than one concern.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The longest a source file may be, in lines.
const MAX_LINES: usize = 600;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Top-level module → the top-level modules its non-test code names as `crate::x`.
fn module_deps() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        let top = rel.split('/').next().unwrap().trim_end_matches(".rs").to_string();
        // Test-only modules (`tests.rs`, `tests_*.rs`) may reach anywhere too.
        let file = rel.rsplit('/').next().unwrap();
        if top == "main" || top == "lib" || file == "tests.rs" || file.starts_with("tests_") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        // Unit tests may reach anywhere; only the code itself counts.
        let code = text.split("#[cfg(test)]").next().unwrap();
        let entry = deps.entry(top.clone()).or_default();
        for line in code.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
            for (i, _) in line.match_indices("crate::") {
                let rest = &line[i + "crate::".len()..];
                let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                    group.split('}').next().unwrap().split(',').map(|s| s.trim().split("::").next().unwrap()).collect()
                } else {
                    vec![rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap()]
                };
                for n in names.into_iter().filter(|n| !n.is_empty() && *n != top) {
                    entry.insert(n.to_string());
                }
            }
        }
    }
    deps
}

#[test]
fn no_import_cycle_among_modules() {
    let deps = module_deps();
    assert!(deps.len() > 10, "found the modules: {deps:?}");
    // Depth-first search for a path back to the start.
    let mut cycles = Vec::new();
    for start in deps.keys() {
        let mut stack = vec![vec![start.clone()]];
        while let Some(path) = stack.pop() {
            for next in deps.get(path.last().unwrap()).into_iter().flatten() {
                if next == start {
                    cycles.push(path.join(" -> ") + " -> " + start);
                } else if !path.contains(next) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push(p);
                }
            }
        }
    }
    assert_eq!(cycles, Vec::<String>::new(), "module dependencies: {deps:#?}");
}

#[test]
fn machine_outputs_do_not_depend_on_render() {
    let deps = module_deps();
    assert!(!deps["outputs"].contains("render"), "{:?}", deps["outputs"]);
    assert!(!deps["parse"].contains("outputs"), "{:?}", deps["parse"]);
    assert!(!deps["routes"].contains("render"), "{:?}", deps["routes"]);
}

#[test]
fn no_source_file_is_over_the_limit() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, std::fs::read_to_string(f).unwrap().lines().count()))
        .filter(|(_, n)| *n > MAX_LINES)
        .map(|(f, n)| format!("{}: {n} lines", f.display()))
        .collect();
    assert_eq!(long, Vec::<String>::new());
}
