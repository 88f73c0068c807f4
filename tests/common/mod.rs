//! Test helpers: a site in a temporary folder, built through the real `brief` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// A site folder in a temp dir.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    /// An empty site (no site.yaml).
    pub fn new() -> Self {
        TestSite { dir: tempfile::tempdir().expect("tempdir") }
    }

    /// A site with this site.yaml.
    pub fn with_config(yaml: &str) -> Self {
        let s = Self::new();
        s.write("site.yaml", yaml);
        s
    }

    /// A copy of the fixture site `tests/fixtures/NAME/`.
    pub fn from_fixture(name: &str) -> Self {
        let s = Self::new();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        assert!(from.is_dir(), "no fixture {}", from.display());
        for rel in files_under(&from) {
            s.write(&rel, std::fs::read(from.join(&rel)).unwrap());
        }
        s
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Write a file (folders created).
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Write a briefing with the given front-matter lines and body.
    pub fn briefing(&self, rel: &str, title: &str, date: &str, extra: &str, body: &str) {
        let text = format!("---\ntitle: \"{title}\"\ndate: {date}\n{extra}---\n{body}\n");
        self.write(&format!("content/{rel}"), text);
    }

    /// Run `brief --root SITE <args>`.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::cargo_bin("brief")
            .unwrap()
            .arg("--root")
            .arg(self.root())
            .args(args)
            .env("NO_COLOR", "1")
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .unwrap()
    }

    /// Build and assert success.
    pub fn build_ok(&self, args: &[&str]) -> String {
        let mut a = vec!["build"];
        a.extend_from_slice(args);
        let out = self.run(&a);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "build failed:\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Build and assert success; returns stderr (warnings).
    pub fn build_warnings(&self, args: &[&str]) -> String {
        let mut a = vec!["build"];
        a.extend_from_slice(args);
        let out = self.run(&a);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "build failed:\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }

    /// Build and assert failure; returns stderr.
    pub fn build_err(&self, args: &[&str]) -> String {
        let mut a = vec!["build"];
        a.extend_from_slice(args);
        let out = self.run(&a);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "expected exit 1, stderr:\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }

    /// Read an output file of public/.
    pub fn page(&self, rel: &str) -> String {
        let p = self.root().join("public").join(rel);
        std::fs::read_to_string(&p)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}; files: {:?}", p.display(), self.files()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.root().join("public").join(rel).exists()
    }

    /// Every file under public/, sorted, relative.
    pub fn files(&self) -> Vec<String> {
        files_under(&self.root().join("public"))
    }
}

pub fn files_under(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        walkdir(dir).into_iter().map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/")).collect();
    v.sort();
    v
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else { return out };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Titles of the list items (`<h2 class="item-title"><a ...>TITLE</a>`) of a list page, in order.
pub fn item_titles(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in html.split("<h2 class=\"item-title\">").skip(1) {
        let a = part.split('>').nth(1).unwrap_or("");
        out.push(a.split("</a").next().unwrap_or("").to_string());
    }
    out
}
