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
            let bytes = encode(&p).expect("encodable");
            let back = decode(&bytes, &cfg.timezone).expect("decodable");
            assert_eq!(format!("{back:?}"), format!("{p:?}"), "{}", f.shown.display());
            let (a, b) = (p.item.map(|b| b.content.unpack()), back.item.map(|b| b.content.unpack()));
            assert_eq!(a, b);
            // Cut anywhere, the entry is refused, never half read.
            for cut in [1, bytes.len() / 2, bytes.len() - 1] {
                assert!(decode(&bytes[..cut], &cfg.timezone).is_none());
            }
            seen += 1;
        }
    }
    assert!(seen > 10, "{seen} briefings");
}

#[test]
fn a_damaged_file_is_not_read() {
    let header = [7u8; 32];
    let mut b = MAGIC.to_vec();
    b.extend_from_slice(&header);
    b.extend_from_slice(&5u128.to_le_bytes());
    b.extend_from_slice(&3u32.to_le_bytes());
    b.extend_from_slice(b"abc");
    b.extend_from_slice(&1u64.to_le_bytes());
    // How the one file was read, then when, then the length of this part.
    let stamp = FileStamp { ino: 9, len: 3, mtime_ns: 10, ctime_ns: 11 };
    let mut read = Vec::new();
    read.extend_from_slice(&4u32.to_le_bytes());
    read.extend_from_slice(b"a.md");
    read.extend_from_slice(&5u128.to_le_bytes());
    stamp.put(&mut read);
    read.extend_from_slice(&12i128.to_le_bytes());
    read.extend_from_slice(&(read.len() as u64 + 8).to_le_bytes());
    b.extend_from_slice(&read);
    let sum = xxh3_64(&b);
    b.extend_from_slice(&sum.to_le_bytes());
    let (index, files, since) = read_index(&b, &header).expect("whole");
    assert_eq!(index[&5], (MAGIC.len() + 32 + 16 + 4, MAGIC.len() + 32 + 16 + 4 + 3));
    assert_eq!(files.get(b"a.md".as_slice()), Some(&(stamp, 5)));
    assert_eq!(since, 12);
    assert!(read_index(&b, &[8u8; 32]).is_none(), "another program's or other settings'");
    let mut bad = b.clone();
    bad[MAGIC.len() + 32 + 16 + 4] ^= 1;
    assert!(read_index(&bad, &header).is_none(), "a changed byte");
    assert!(read_index(&b[..b.len() - 1], &header).is_none(), "a cut file");
}
