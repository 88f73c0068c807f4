//! Reading back the byte encodings of the cache's records (pages, index).

/// Bytes of a cache file being read back, from the front: each read takes what it
/// reads off, and gives `None` when the bytes end first (a cut or damaged file).
/// Lengths and numbers are eight bytes, little-endian (see [`super::digests::Put`]).
pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    /// `N` bytes as an array.
    pub fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    pub fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.take(16)?.try_into().ok()?))
    }

    pub fn n(&mut self) -> Option<usize> {
        usize::try_from(u64::from_le_bytes(self.take(8)?.try_into().ok()?)).ok()
    }

    pub fn str(&mut self) -> Option<String> {
        let n = self.n()?;
        std::str::from_utf8(self.take(n)?).ok().map(str::to_string)
    }

    pub fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.n()?;
        // A count no longer than the bytes left: a damaged one reserves nothing.
        let mut v = Vec::with_capacity(n.min(self.0.len() / 8));
        for _ in 0..n {
            v.push(self.str()?);
        }
        Some(v)
    }

    pub fn list(&mut self) -> Option<Vec<usize>> {
        let n = self.n()?;
        let bytes = self.take(n.checked_mul(8)?)?;
        bytes.chunks_exact(8).map(|c| usize::try_from(u64::from_le_bytes(c.try_into().ok()?)).ok()).collect()
    }
}
