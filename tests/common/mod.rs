//! The one test harness: a site in a temporary folder, built through the real `brief`
//! binary; fixture sites copied from folders under `tests/`; one tree walker with the
//! views the tests need (file lists, content hashes, full snapshots); and snapshot
//! redaction of temporary paths.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// A command running the `brief` binary, with the test-only fault injection off.
pub fn brief() -> Command {
    Command::from_std(brief_std())
}

/// The same as a plain process command, for tests that spawn and kill it.
pub fn brief_std() -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("brief"));
    c.env("NO_COLOR", "1").env_remove("BRIEF_FAIL_WRITE_AFTER").env_remove("BRIEF_WRITE_FAULT");
    c
}

/// A site three levels deep in a temporary folder (so a path that climbs out of
/// `public/` still lands inside the folder a test can watch), and an empty working
/// directory the binary runs in.
pub struct TestSite {
    pub dir: tempfile::TempDir,
    root: PathBuf,
    cwd: PathBuf,
    /// Environment variables every command of this site runs with.
    env: std::cell::RefCell<Vec<(String, String)>>,
}

impl TestSite {
    /// An empty site (no site.yaml, no content/).
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("outer/inner/site");
        fs::create_dir_all(&root).unwrap();
        let cwd = dir.path().join("cwd");
        fs::create_dir_all(&cwd).unwrap();
        TestSite { dir, root, cwd, env: Default::default() }
    }

    /// A site with an empty `content/` and no site.yaml.
    pub fn empty() -> Self {
        let s = Self::new();
        fs::create_dir_all(s.root.join("content")).unwrap();
        s
    }

    /// A site with this site.yaml.
    pub fn with_config(yaml: &str) -> Self {
        let s = Self::new();
        s.write("site.yaml", yaml);
        s
    }

    /// A site copied from the folder `tests/<rel>` (a `.gitattributes` is not copied).
    pub fn fixture(rel: &str) -> Self {
        let s = Self::new();
        let src = fixture_dir(rel);
        assert!(src.is_dir(), "missing fixture {}", src.display());
        copy_tree(&src, &s.root);
        s
    }

    /// A copy of the fixture site `tests/fixtures/NAME/`.
    pub fn from_fixture(name: &str) -> Self {
        Self::fixture(&format!("fixtures/{name}"))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder holding the site and the working directory.
    pub fn tmp(&self) -> &Path {
        self.dir.path()
    }

    /// The working directory the binary runs in.
    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Write a file (folders created).
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let p = self.root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, text).unwrap();
        p
    }

    /// Write a briefing with the given front-matter lines and body.
    pub fn briefing(&self, rel: &str, title: &str, date: &str, extra: &str, body: &str) {
        let text = format!("---\ntitle: \"{title}\"\ndate: {date}\n{extra}---\n{body}\n");
        self.write(&format!("content/{rel}"), text);
    }

    /// Write `content/<rel>` as `---\n<front>---\n<body>`, exactly.
    pub fn raw_briefing(&self, rel: &str, front: &str, body: &str) -> PathBuf {
        self.write(&format!("content/{rel}"), format!("---\n{front}---\n{body}"))
    }

    /// Run every later command of this site with `key` set to `value`.
    pub fn set_env(&self, key: &str, value: &str) {
        self.env.borrow_mut().push((key.into(), value.into()));
    }

    /// `brief --root SITE <args>`, ready to run from the empty working directory.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = brief();
        c.current_dir(&self.cwd).arg("--root").arg(&self.root).args(args);
        c.envs(self.env.borrow().iter().map(|(k, v)| (k, v)));
        c.timeout(std::time::Duration::from_secs(120));
        c
    }

    /// Run `brief --root SITE <args>`.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
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
        // The build's `note:` lines (urls.lock, schedule) are not warnings.
        stderr.lines().filter(|l| !l.starts_with("note: ")).map(|l| format!("{l}\n")).collect()
    }

    /// Build and assert failure; returns stderr.
    pub fn build_err(&self, args: &[&str]) -> String {
        let mut a = vec!["build"];
        a.extend_from_slice(args);
        self.fails(&a)
    }

    /// Run a command, assert it exits with status 1 without a panic; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "expected exit 1, stderr:\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }

    /// Run `brief --root SITE <args>` and return its stderr, asserting it succeeded.
    pub fn stderr_ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "brief {args:?} failed:\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }

    /// Read an output file of public/.
    pub fn page(&self, rel: &str) -> String {
        let p = self.public().join(rel);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}; files: {:?}", p.display(), self.files()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }

    /// The search index's record of each briefing (title, URL, date, tags, summary),
    /// newest first: every document block the manifest names.
    pub fn search_records(&self) -> Vec<serde_json::Value> {
        let manifest: serde_json::Value = serde_json::from_str(&self.page("search/data/manifest.json")).unwrap();
        let (docs, block) = (manifest["docs"].as_u64().unwrap(), manifest["block"].as_u64().unwrap());
        let pattern = manifest["blocks"].as_str().unwrap();
        let mut all = Vec::new();
        for k in 0..docs.div_ceil(block) {
            let b: serde_json::Value =
                serde_json::from_str(&self.page(&format!("search/data/{}", pattern.replace("{}", &k.to_string()))))
                    .unwrap();
            all.extend(b.as_array().unwrap().iter().cloned());
        }
        assert_eq!(all.len() as u64, docs);
        all.reverse();
        all
    }

    /// Every file of the search index as one text, to check what it holds or lacks.
    pub fn search_text(&self) -> String {
        let dir = self.public().join("search/data");
        files_under(&dir).iter().map(|rel| fs::read_to_string(dir.join(rel)).unwrap()).collect::<Vec<_>>().join("\n")
    }

    /// Every file under public/, sorted, relative.
    pub fn files(&self) -> Vec<String> {
        files_under(&self.public())
    }

    /// `text` with this site's temporary paths replaced by `[SITE]` and `[TMP]`, for
    /// snapshots.
    /// `brief import GENERATOR SITE/GENERATOR SITE-TMP/out` with `extra` arguments: the
    /// report and the folder written, after asserting the import succeeded without a panic.
    pub fn import(&self, generator: &str, extra: &[&str]) -> (String, PathBuf) {
        let dest = self.tmp().join("out");
        let out = brief()
            .args(["import", generator])
            .args(extra)
            .arg(self.root().join(generator))
            .arg(&dest)
            .output()
            .unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "import failed:\n{stdout}\n{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        (stdout.into_owned(), dest)
    }

    pub fn redact(&self, text: &str) -> String {
        let site = self.root.display().to_string();
        let tmp = self.tmp().display().to_string();
        text.replace(&site, "[SITE]").replace(&tmp, "[TMP]")
    }
}

/// The folder `tests/<rel>`.
pub fn fixture_dir(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(rel)
}

/// Copy a folder's contents into `dst` (a `.gitattributes` is left behind).
pub fn copy_tree(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for e in fs::read_dir(src).unwrap().flatten() {
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &to);
        } else if e.file_name() != ".gitattributes" {
            fs::copy(e.path(), &to).unwrap();
        }
    }
}

/// What one path in a folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Dir,
    File { len: u64, hash: u64 },
    Link(PathBuf),
    Other,
    Unreadable,
}

/// The one tree walker: every path under `dir` (relative, sorted) and what it is,
/// without following links and without entering `skip`.
pub fn snapshot(dir: &Path, skip: Option<&Path>) -> BTreeMap<PathBuf, Entry> {
    walk_tree(dir, skip, true)
}

/// [`snapshot`], reading each file's bytes only when `hash` is set (else files show
/// as `File { len: 0, hash: 0 }`): for polling a folder that is being written.
pub fn walk_tree(dir: &Path, skip: Option<&Path>, hash: bool) -> BTreeMap<PathBuf, Entry> {
    fn walk(base: &Path, dir: &Path, skip: Option<&Path>, hash: bool, out: &mut BTreeMap<PathBuf, Entry>) {
        let Ok(rd) = fs::read_dir(dir) else {
            out.insert(dir.strip_prefix(base).unwrap().to_path_buf(), Entry::Unreadable);
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if Some(p.as_path()) == skip {
                continue;
            }
            let rel = p.strip_prefix(base).unwrap().to_path_buf();
            let Ok(m) = fs::symlink_metadata(&p) else { continue };
            let ft = m.file_type();
            let entry = if ft.is_symlink() {
                Entry::Link(fs::read_link(&p).unwrap_or_default())
            } else if ft.is_dir() {
                walk(base, &p, skip, hash, out);
                Entry::Dir
            } else if ft.is_file() && !hash {
                Entry::File { len: 0, hash: 0 }
            } else if ft.is_file() {
                match fs::read(&p) {
                    Ok(bytes) => {
                        let mut h = DefaultHasher::new();
                        h.write(&bytes);
                        Entry::File { len: bytes.len() as u64, hash: h.finish() }
                    }
                    Err(_) => Entry::Unreadable,
                }
            } else {
                Entry::Other
            };
            out.insert(rel, entry);
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, skip, hash, &mut out);
    }
    out
}

/// Every path under `dir`, relative, `/`-separated, sorted (folders too).
pub fn paths_under(dir: &Path) -> Vec<String> {
    snapshot(dir, None).into_keys().map(|p| p.to_string_lossy().replace('\\', "/")).collect()
}

/// Every file under `dir`, relative, `/`-separated, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    snapshot(dir, None)
        .into_iter()
        .filter(|(_, e)| matches!(e, Entry::File { .. } | Entry::Unreadable))
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .collect()
}

/// Every file under `dir`: relative path → (length, hash of the bytes); folders as
/// `name/` → (0, 0).
pub fn tree(dir: &Path) -> BTreeMap<String, (u64, u64)> {
    snapshot(dir, None)
        .into_iter()
        .map(|(p, e)| {
            let rel = p.to_string_lossy().into_owned();
            match e {
                Entry::File { len, hash } => (rel, (len, hash)),
                _ => (format!("{rel}/"), (0, 0)),
            }
        })
        .collect()
}

/// The spare tree a build keeps beside `public/` of the site at `root`.
pub fn spare(root: &Path) -> PathBuf {
    root.join(".public.prev")
}

/// What the spare holds besides an output: the file that keeps it out of version control.
pub const GITIGNORE: &str = ".gitignore";

/// `tree` of the spare without its [`GITIGNORE`].
pub fn spare_tree(root: &Path) -> BTreeMap<String, (u64, u64)> {
    let mut t = tree(&spare(root));
    t.remove(GITIGNORE);
    t
}

/// Entries beside `public/` (at `root`) that a build makes while it writes, other
/// than the spare: none may be left once it ends.
pub fn leftovers(root: &Path) -> Vec<String> {
    fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.") && n != ".public.prev")
        .collect()
}

/// Two `tree`s are equal, or a failure naming up to ten paths missing, extra and
/// changed.
#[track_caller]
pub fn assert_same_tree(actual: &BTreeMap<String, (u64, u64)>, expected: &BTreeMap<String, (u64, u64)>, what: &str) {
    if actual == expected {
        return;
    }
    let missing: Vec<_> = expected.keys().filter(|k| !actual.contains_key(*k)).take(10).collect();
    let extra: Vec<_> = actual.keys().filter(|k| !expected.contains_key(*k)).take(10).collect();
    let changed: Vec<_> =
        actual.iter().filter(|(k, v)| expected.get(*k).is_some_and(|e| e != *v)).map(|(k, _)| k).take(10).collect();
    panic!(
        "{what}: {} paths vs {} expected; missing {missing:?}, extra {extra:?}, changed {changed:?}",
        actual.len(),
        expected.len()
    );
}

/// Titles of the list items (`<h2 class="item-title"><a ...>TITLE</a>`) of a list page,
/// in order, as HTML (`<code>x</code> y` for a title with inline Markdown).
pub fn item_titles(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in html.split("<h2 class=\"item-title\">").skip(1) {
        let a = part.split_once('>').map_or("", |(_, rest)| rest);
        out.push(a.split("</a>").next().unwrap_or("").to_string());
    }
    out
}

/// Whether the tests run as root (permission tests then cannot deny access).
pub fn is_root() -> bool {
    std::process::Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The YAML front matter of a written briefing's text.
pub fn front_matter(text: &str) -> serde_yaml::Value {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("closing line");
    serde_yaml::from_str(&rest[..end]).unwrap()
}

/// The YAML front matter of the briefing file at `path`.
pub fn front_matter_of(path: &Path) -> serde_yaml::Value {
    front_matter(&fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}
