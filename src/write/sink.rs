//! A writer that compares a streamed output with the previous file as the bytes arrive,
//! and writes a new file only once they differ: a large output that did not change
//! (the search index) costs a read, not a write.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

/// How a streamed output ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    /// Byte for byte the previous file; nothing was written.
    Same,
    /// A new file was written.
    Written,
}

/// The writer. `create` makes the new file when it is first needed.
pub(super) struct Sink<C: FnMut() -> io::Result<File>> {
    /// The previous file while the bytes still match it.
    old: Option<File>,
    /// How many bytes matched so far.
    matched: u64,
    scratch: Vec<u8>,
    new: Option<File>,
    create: C,
}

impl<C: FnMut() -> io::Result<File>> Sink<C> {
    /// Compare with `old` (none: write from the first byte).
    pub fn new(old: Option<File>, create: C) -> Self {
        Sink { old, matched: 0, scratch: Vec::new(), new: None, create }
    }

    /// Start the new file: the bytes that matched are copied from the previous file.
    fn diverge(&mut self) -> io::Result<&mut File> {
        let mut f = (self.create)()?;
        if let Some(mut old) = self.old.take()
            && self.matched > 0
        {
            old.seek(SeekFrom::Start(0))?;
            let copied = io::copy(&mut (&mut old).take(self.matched), &mut f)?;
            if copied != self.matched {
                return Err(io::Error::other("the previous file changed while it was compared"));
            }
        }
        self.old = None;
        Ok(self.new.insert(f))
    }

    /// Finish: whether a new file was written.
    pub fn finish(mut self) -> io::Result<Outcome> {
        if let Some(f) = &mut self.new {
            f.flush()?;
            return Ok(Outcome::Written);
        }
        if let Some(old) = &mut self.old {
            let mut one = [0u8; 1];
            if old.read(&mut one)? == 0 {
                return Ok(Outcome::Same);
            }
        }
        // The previous file is longer, or there is none: the new one is what matched.
        self.diverge()?.flush()?;
        Ok(Outcome::Written)
    }
}

impl<C: FnMut() -> io::Result<File>> Write for Sink<C> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(f) = &mut self.new {
            return f.write(buf);
        }
        if let Some(old) = &mut self.old {
            self.scratch.resize(buf.len(), 0);
            if read_full(old, &mut self.scratch)? == buf.len() && self.scratch == buf {
                self.matched += buf.len() as u64;
                return Ok(buf.len());
            }
        }
        self.diverge()?.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.new {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

/// Read until `buf` is full or the file ends; how many bytes were read.
fn read_full(f: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(old: Option<&[u8]>, chunks: &[&[u8]]) -> (Outcome, Option<Vec<u8>>) {
        let dir = tempfile::tempdir().unwrap();
        let old_path = dir.path().join("old");
        let new_path = dir.path().join("new");
        let old = old.map(|b| {
            std::fs::write(&old_path, b).unwrap();
            File::open(&old_path).unwrap()
        });
        let mut sink = Sink::new(old, || File::create_new(&new_path));
        for c in chunks {
            sink.write_all(c).unwrap();
        }
        let outcome = sink.finish().unwrap();
        (outcome, std::fs::read(&new_path).ok())
    }

    #[test]
    fn writes_only_when_the_bytes_differ() {
        assert_eq!(run(Some(b"abcdef"), &[b"abc", b"def"]), (Outcome::Same, None));
        assert_eq!(run(Some(b""), &[]), (Outcome::Same, None));
        assert_eq!(run(Some(b"abcdef"), &[b"abc", b"dXf"]), (Outcome::Written, Some(b"abcdXf".to_vec())));
        assert_eq!(run(Some(b"abcdef"), &[b"abc"]), (Outcome::Written, Some(b"abc".to_vec())));
        assert_eq!(run(Some(b"abc"), &[b"abc", b"def"]), (Outcome::Written, Some(b"abcdef".to_vec())));
        assert_eq!(run(Some(b"abc"), &[]), (Outcome::Written, Some(Vec::new())));
        assert_eq!(run(None, &[b"abc", b"def"]), (Outcome::Written, Some(b"abcdef".to_vec())));
        assert_eq!(run(None, &[]), (Outcome::Written, Some(Vec::new())));
    }
}
