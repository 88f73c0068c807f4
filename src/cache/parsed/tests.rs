//! The parse cache's encoding and file, read back and damaged.
use super::*;

/// Every briefing of the example site and of the test fixtures reads back the same,
/// warnings and all.
#[test]
fn parses_read_back_the_same() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for root in [repo.to_path_buf(), repo.join("tests/browser/fixture")] {
        let cfg = crate::config::Config::load(&root.join("site.yaml"), Path::new("site.yaml")).unwrap();
        let found = crate::source::discover(&root, &root.join("content"), &cfg);
        for f in &found.briefings {
            let p = crate::source::load_briefing(f, &cfg);
            let (bytes, body) = encode(&p).map(|(e, b)| (e, b.to_vec())).expect("encodable");
            let body = &body[..];
            let back = decode(&bytes, body, &cfg.timezone).expect("decodable");
            assert_eq!(format!("{back:?}"), format!("{p:?}"), "{}", f.shown.display());
            let (a, b) = (p.item.map(|b| b.content.unpack()), back.item.map(|b| b.content.unpack()));
            assert_eq!(a, b);
            // Cut anywhere, the entry is refused, never half read.
            for cut in [1, bytes.len() / 2, bytes.len() - 1] {
                assert!(decode(&bytes[..cut], body, &cfg.timezone).is_none());
            }
            seen += 1;
        }
    }
    assert!(seen > 10, "{seen} briefings");
}

/// A site of `n` briefing files under a temporary root, and its settings.
fn site(n: usize) -> (tempfile::TempDir, crate::config::Config) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.yaml"), "title: T\n").unwrap();
    let cfg = crate::config::Config::load(&dir.path().join("site.yaml"), Path::new("site.yaml")).unwrap();
    for k in 0..n {
        let text = format!("---\ntitle: Briefing {k}\ndate: 2024-05-0{}\n---\nBody {k} of 북한.\n", 1 + k % 9);
        std::fs::write(dir.path().join(format!("b{k}.md")), text).unwrap();
    }
    (dir, cfg)
}

/// One build's save: each of `texts` (by name) parsed anew unless the last save has it.
fn save(root: &Path, cfg: &crate::config::Config, names: &[usize]) -> Parses {
    let old = Parses::open(root, cfg).expect("a cache folder");
    let saver = old.saver().expect("a saver");
    for &k in names {
        let shown = PathBuf::from(format!("b{k}.md"));
        let text = std::fs::read_to_string(root.join(&shown)).unwrap();
        let key = Parses::key(&shown, &text);
        let stamp = FileStamp::of(&root.join(&shown)).unwrap();
        if old.entry(key).is_some() {
            saver.keep(key);
        } else {
            let p = crate::parse::parse_briefing(&shown, &crate::parse::Place::of(&shown, cfg), &text, cfg);
            let (entry, body) = encode(&p).unwrap();
            saver.add(key, entry, body);
        }
        saver.read_as(&shown, stamp, key);
    }
    saver.finish(&old);
    Parses::open(root, cfg).expect("a cache folder")
}

fn key_of(root: &Path, k: usize) -> u128 {
    let shown = PathBuf::from(format!("b{k}.md"));
    Parses::key(&shown, &std::fs::read_to_string(root.join(&shown)).unwrap())
}

/// A build that parsed a few files appends them as one segment (the file keeps its
/// inode, and what was in it stays where it was, for a build still reading it); a
/// file that would hold too much is written anew; a segment that does not read whole
/// ends the file, and the segments before it are read.
#[test]
fn a_few_new_parses_are_appended_and_a_damaged_segment_ends_the_file() {
    use std::os::unix::fs::MetadataExt as _;
    let (dir, cfg) = site(40);
    let root = dir.path();
    let file = root.join(".brief-cache/parsed");
    let all: Vec<usize> = (0..40).collect();
    let first = save(root, &cfg, &all);
    assert_eq!(first.index.len(), 40);
    let ino = std::fs::metadata(&file).unwrap().ino();
    let place0 = first.index[&key_of(root, 0)];
    let bodies = root.join(".brief-cache/bodies");
    let bodies_ino = std::fs::metadata(&bodies).unwrap().ino();
    // Nothing new: the file stays as it is (the table of how files were read is
    // written again: they were written within the second, so the next build reads them
    // again).
    let len = std::fs::metadata(&file).unwrap().len();
    assert_eq!(save(root, &cfg, &all).index.len(), 40);
    assert_eq!((std::fs::metadata(&file).unwrap().ino(), std::fs::metadata(&file).unwrap().len()), (ino, len));
    // One file edited: one segment appended, the rest where it was.
    std::fs::write(root.join("b3.md"), "---\ntitle: Edited\ndate: 2024-05-04\n---\nEdited.\n").unwrap();
    let second = save(root, &cfg, &all);
    let m = std::fs::metadata(&file).unwrap();
    assert_eq!(m.ino(), ino, "appended, not replaced");
    assert!(m.len() > len);
    assert_eq!(second.index.len(), 41, "the old entry of the edited file is still in the file");
    assert!(second.entry(key_of(root, 3)).is_some());
    assert_eq!(second.index[&key_of(root, 0)], place0, "kept where it was");
    assert_eq!(std::fs::metadata(&bodies).unwrap().ino(), bodies_ino, "bodies appended too");
    let p = second.read_back(key_of(root, 3), &cfg.timezone, None).unwrap();
    assert_eq!(p.item.unwrap().content.unpack().html(), "<p>Edited.</p>\n");
    let p = second.read_back(key_of(root, 0), &cfg.timezone, None).unwrap();
    assert!(p.item.unwrap().content.unpack().html().contains("Body 0 of 북한."));
    // The read table is the last segment's: the edited file is as read.
    let stamp = FileStamp::of(&root.join("b3.md")).unwrap();
    assert_eq!(second.read.get(b"b3.md".as_slice()), Some(&(stamp, key_of(root, 3))));
    // A damaged last segment: the file reads to the segment before it.
    let whole = std::fs::read(&file).unwrap();
    let mut bad = whole.clone();
    let n = bad.len();
    bad[n - 20] ^= 1;
    std::fs::write(&file, &bad).unwrap();
    let back = Parses::open(root, &cfg).unwrap();
    assert_eq!((back.index.len(), back.end.map(|e| e.0 as u64)), (40, Some(len)));
    assert!(back.entry(key_of(root, 3)).is_none());
    // ... and the next save writes the file anew (it does not end where it was read).
    let third = save(root, &cfg, &all);
    assert_ne!(std::fs::metadata(&file).unwrap().ino(), ino, "written anew");
    assert_eq!(third.index.len(), 40);
    assert_eq!(std::fs::metadata(&file).unwrap().len(), third.end.unwrap().0 as u64, "no damaged tail");
    // Many edits: the file would hold more than twice what a build uses: written anew
    // (it never holds the three rounds' entries).
    for round in 0..3 {
        for k in 0..40 {
            std::fs::write(
                root.join(format!("b{k}.md")),
                format!("---\ntitle: R{round} {k}\ndate: 2024-05-01\n---\nx\n"),
            )
            .unwrap();
        }
        save(root, &cfg, &all);
    }
    let back = Parses::open(root, &cfg).unwrap();
    assert!(back.index.len() <= 80, "{} entries: at most the last two rounds'", back.index.len());
    for k in 0..40 {
        let p = back.read_back(key_of(root, k), &cfg.timezone, None).unwrap();
        assert_eq!(p.item.unwrap().title, format!("R2 {k}"));
    }
}

#[test]
fn a_damaged_file_is_not_read() {
    let (dir, cfg) = site(3);
    let root = dir.path();
    let saved = save(root, &cfg, &[0, 1, 2]);
    let file = root.join(".brief-cache/parsed");
    let b = std::fs::read(&file).unwrap();
    let found = read_index(&b, &saved.header).expect("whole");
    assert_eq!(found.entries.len(), 3);
    assert_eq!(found.end.0, b.len());
    assert!(read_index(&b, &[8u8; 32]).is_none(), "another program's or other settings'");
    for at in [20, 50, SEGMENTS_AT + 3, SEGMENTS_AT + 40, b.len() / 2, b.len() - 30, b.len() - 1] {
        let mut bad = b.clone();
        bad[at] ^= 1;
        assert!(read_index(&bad, &saved.header).is_none(), "a changed byte at {at}");
    }
    assert!(read_index(&b[..b.len() - 1], &saved.header).is_none(), "a cut file");
    // A bodies file of another pair: nothing is read.
    let bodies = root.join(".brief-cache/bodies");
    let mut other = std::fs::read(&bodies).unwrap();
    other[0] ^= 1;
    std::fs::write(&bodies, &other).unwrap();
    assert!(Parses::open(root, &cfg).unwrap().index.is_empty());
}

/// A body whose bytes the disk changed is not read back (held), or fails the build's
/// spill check (left in the lent file), and is not kept when the files are written
/// anew.
#[test]
fn a_changed_body_is_never_used() {
    let (dir, cfg) = site(3);
    let root = dir.path();
    save(root, &cfg, &[0, 1, 2]);
    let bodies = root.join(".brief-cache/bodies");
    let mut b = std::fs::read(&bodies).unwrap();
    let at = b.windows(6).position(|w| w == b"Body 1").unwrap();
    b[at] = b'X';
    std::fs::write(&bodies, &b).unwrap();
    let back = Parses::open(root, &cfg).unwrap();
    let tz = &cfg.timezone;
    assert!(back.read_back(key_of(root, 1), tz, None).is_none());
    assert!(back.read_back(key_of(root, 0), tz, None).is_some());
    let spill = crate::spill::Spill::create(root).expect("a spill");
    assert!(back.lend_to(&spill));
    let lent = back.read_back(key_of(root, 1), tz, Some(&spill)).unwrap().item.unwrap();
    assert_eq!(spill.check(), Ok(()), "not read yet");
    assert_eq!(lent.content.unpack().html(), "");
    assert!(spill.lent_failed());
    let err = spill.check().unwrap_err();
    assert!(err.contains("a body does not match its digest"), "{err}");
    // Written anew (nothing appended matches the file any more) with an edited file,
    // without that entry.
    std::fs::OpenOptions::new().append(true).open(root.join(".brief-cache/parsed")).unwrap().write_all(b"x").unwrap();
    std::fs::write(root.join("b0.md"), "---\ntitle: Edited\ndate: 2024-05-01\n---\nEdited.\n").unwrap();
    let again = save(root, &cfg, &[0, 1, 2]);
    assert_eq!(again.index.len(), 2, "b0 anew and b2: not b1");
    assert!(again.read_back(key_of(root, 2), tz, None).is_some());
    assert!(again.read_back(key_of(root, 1), tz, None).is_none());
    forget(root);
    assert!(Parses::open(root, &cfg).unwrap().index.is_empty());
}

/// A body read back into a spill that was lent the bodies file is read from the file,
/// and is the body that was saved.
#[test]
fn a_body_left_in_the_lent_file_reads_back() {
    let (dir, cfg) = site(3);
    let root = dir.path();
    let saved = save(root, &cfg, &[0, 1, 2]);
    let spill = crate::spill::Spill::create(root).expect("a spill");
    assert!(saved.lend_to(&spill));
    for k in 0..3 {
        let held = saved.read_back(key_of(root, k), &cfg.timezone, None).unwrap().item.unwrap();
        let lent = saved.read_back(key_of(root, k), &cfg.timezone, Some(&spill)).unwrap().item.unwrap();
        assert!(held.content.block().is_some() && lent.content.block().is_none(), "left in the file");
        assert_eq!(lent.content.unpack(), held.content.unpack());
        assert!(lent.content.unpack().html().contains(&format!("Body {k} of 북한.")));
    }
    assert_eq!(spill.check(), Ok(()));
}
