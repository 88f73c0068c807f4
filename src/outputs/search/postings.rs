//! Lists of postings as `serve` keeps them (see [`super::cache`]): LEB128 gaps, and the
//! same numbers as the JSON text of the word's shard entry. An edit changes them in
//! place: [`splice`] puts one briefing's elements in or out, [`shift`] moves every
//! number from one on up or down by one. Only the numbers about the change are written
//! again, and a long list is read from the nearest of its [`Mark`]s, not from its start
//! (a common word's list holds every time it is used: tens of thousands of elements); a
//! test compares each with the list written anew, and each mark with a walk to it.

use super::{push_number, push_varint};

/// A place in a list of postings a walk may start from: where an element starts, the
/// briefing of the element before it, how many numbers come before it, and where its
/// text starts (counted from just after the list's `[`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Mark {
    byte: u32,
    doc: u32,
    num: u32,
    text: u32,
}

/// Elements between two marks as they are first made (few in unit tests, so that the
/// small sites of `serve`'s and the search index's tests have marks too).
const SPACING: usize = if cfg!(test) { 3 } else { 64 };

/// The shortest list (in bytes) given marks: a shorter one is read from its start.
const MARKED_FROM: usize = if cfg!(test) { 4 } else { 1024 };

/// Make the marks of `list` (with `stride` numbers an element) when it has none and is
/// long enough to need them. Edits keep them (see [`splice`] and [`shift`]).
pub(super) fn mark(list: &[u8], stride: usize, marks: &mut Vec<Mark>) {
    if marks.is_empty() && list.len() >= MARKED_FROM {
        *marks = marks_of(list, stride, SPACING);
    }
}

/// A mark before every `spacing`th element of `list` but the first.
fn marks_of(list: &[u8], stride: usize, spacing: usize) -> Vec<Mark> {
    let mut marks = Vec::with_capacity(list.len() / spacing);
    let (mut pos, mut doc, mut num, mut text) = (0usize, 0u32, 0usize, 0usize);
    let mut k = 0;
    while pos < list.len() {
        if k > 0 && k % spacing == 0 {
            marks.push(Mark { byte: pos as u32, doc, num: num as u32, text: text as u32 });
        }
        let (gap, len) = read_varint(&list[pos..]);
        doc += gap;
        text += pass(list, &mut pos, (gap, len), stride);
        num += stride;
        k += 1;
    }
    marks
}

/// The last mark whose element comes after a briefing before `n` (the start of the list
/// when there is none): every element at `n` or after is at the mark or after it.
fn start(marks: &[Mark], n: u32) -> Mark {
    let k = marks.partition_point(|m| m.doc < n);
    if k == 0 { Mark::default() } else { marks[k - 1] }
}

/// `v` moved by `d`.
fn moved(v: u32, d: i64) -> u32 {
    (i64::from(v) + d) as u32
}

/// Replace the elements of briefing `n` in one list of postings: `list` (LEB128 gaps,
/// with `stride - 1` more numbers an element: the weight of a field), whose last
/// briefing is `last`, and the same numbers as JSON text in `json` from its offset
/// (just after the list's `[`), when given. The new elements are `copies` of `n`, each
/// with `extra` after its gap. Only the numbers about `n` change: the gaps before and
/// after stay as they are. `marks` are the list's (see [`mark`]); they are kept.
#[allow(clippy::too_many_arguments)]
pub(super) fn splice(
    list: &mut Vec<u8>,
    last: &mut u32,
    marks: &mut Vec<Mark>,
    json: Option<(&mut Vec<u8>, usize)>,
    stride: usize,
    n: u32,
    copies: usize,
    extra: Option<u32>,
) {
    // Find the first element at `n` or later (a) and the first after `n` (b), with where
    // their numbers start in the text (each number there is its digits and a comma).
    let from = start(marks, n);
    let (mut pos, mut doc, mut num, mut text) = (from.byte as usize, from.doc, from.num as usize, from.text as usize);
    let mut a: Option<(usize, usize, u32, usize)> = None;
    let mut b: Option<After> = None;
    while pos < list.len() {
        let (gap, len) = read_varint(&list[pos..]);
        let d = doc + gap;
        if a.is_none() && d >= n {
            a = Some((pos, num, doc, text));
        }
        if d > n {
            // Its gap is the list's last number when nothing follows it.
            let last_number = stride == 1 && pos + len == list.len();
            b = Some(After { byte: pos, len, doc: d, num, text: text + digits(gap), last_number });
            break;
        }
        doc = d;
        text += pass(list, &mut pos, (gap, len), stride);
        num += stride;
    }
    let count = match b {
        Some(_) => None,
        None => Some(num),
    };
    // With no `a`, the new elements go at the end: before the text's `]`.
    let end_text = text.saturating_sub(1);
    let (a_byte, a_num, prev, a_text) = a.unwrap_or((list.len(), num, doc, end_text));
    let mut nums: Vec<u32> = Vec::with_capacity(copies * stride + 1);
    let mut from = prev;
    for _ in 0..copies {
        nums.push(n - from);
        from = n;
        nums.extend(extra);
    }
    let end_byte = match &b {
        Some(after) => {
            nums.push(after.doc - from);
            after.byte + after.len
        }
        None => {
            *last = from;
            list.len()
        }
    };
    let mut bytes = Vec::with_capacity(nums.len() * 2);
    for &x in &nums {
        push_varint(&mut bytes, x);
    }
    let written = bytes.len();
    list.splice(a_byte..end_byte, bytes);
    // Marks up to `a` stay; those in what was written over go; those after it move by
    // what the numbers written took against what they replaced (from `a` to b's gap).
    match &b {
        Some(after) => {
            let chars: usize = nums.iter().map(|&x| digits(x) + 1).sum();
            let d_text = chars as i64 - (after.text + 1 - a_text) as i64;
            let d_num = nums.len() as i64 - (after.num + 1 - a_num) as i64;
            let d_byte = written as i64 - (end_byte - a_byte) as i64;
            marks.retain_mut(|m| {
                let at = m.byte as usize;
                if at >= end_byte {
                    (m.byte, m.text, m.num) = (moved(m.byte, d_byte), moved(m.text, d_text), moved(m.num, d_num));
                }
                at <= a_byte || at >= end_byte
            });
        }
        None => marks.retain(|m| (m.byte as usize) <= a_byte && (m.byte as usize) < list.len()),
    }
    let Some((json, at)) = json else { return };
    // The same numbers in the text: from number `a_num` to the number after b's gap, or
    // to the end of the list.
    let s0 = at + a_text;
    let mut text: Vec<u8> = Vec::with_capacity(nums.len() * 4);
    let (s0, s1) = match (b, count) {
        (Some(after), _) => {
            for &x in &nums {
                push_number(&mut text, x);
                text.push(b',');
            }
            if after.last_number {
                // `b` was the last number: the text ends with it.
                text.pop();
                (s0, at + after.text)
            } else {
                (s0, at + after.text + 1)
            }
        }
        (None, count) => {
            let end = s0 + memchr::memchr(b']', &json[s0..]).unwrap_or(0);
            let count = count.unwrap_or(0);
            if nums.is_empty() {
                // The numbers from `a_num` on go, with the comma before them.
                (if a_num > 0 && a_num < count { s0 - 1 } else { s0 }, end)
            } else {
                if a_num == count && count > 0 {
                    text.push(b',');
                }
                for (k, &x) in nums.iter().enumerate() {
                    if k > 0 {
                        text.push(b',');
                    }
                    push_number(&mut text, x);
                }
                (s0, end)
            }
        }
    };
    json.splice(s0..s1, text);
}

/// The first element after the briefing spliced, as [`splice`] found it.
struct After {
    /// Where its gap starts in the list, and how many bytes the gap takes.
    byte: usize,
    len: usize,
    /// Its briefing.
    doc: u32,
    /// How many numbers come before it.
    num: usize,
    /// Where its gap ends in the text, from the list's start.
    text: usize,
    /// Whether its gap is the list's last number.
    last_number: bool,
}

/// Step `pos` past the element whose gap (its value and bytes) was just read there;
/// returns how many characters its numbers take in the text, each with its comma.
fn pass(list: &[u8], pos: &mut usize, (gap, len): (u32, usize), stride: usize) -> usize {
    *pos += len;
    let mut text = digits(gap) + 1;
    for _ in 1..stride {
        let (v, len) = read_varint(&list[*pos..]);
        *pos += len;
        text += digits(v) + 1;
    }
    text
}

/// How many characters `v` takes in decimal.
fn digits(v: u32) -> usize {
    v.checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// Add `delta` to the numbers from `k` on in one list (as [`splice`] takes it, its
/// JSON text from `json[open]`, just after its `[`, to `json[close]`, its `]`); its
/// `last` is at least `k`. Only the gap that crosses `k` changes: it is found from the
/// nearest mark, or from the nearer end of a list with none, by `k` against half of
/// `last`, and its place in the text is counted from the numbers passed (each its digits
/// and a comma), not read. `marks` are the list's (see [`mark`]); they are kept.
#[allow(clippy::too_many_arguments)]
pub(super) fn shift(
    list: &mut Vec<u8>,
    last: &mut u32,
    marks: &mut [Mark],
    json: &mut Vec<u8>,
    (open, close): (usize, usize),
    stride: usize,
    k: u32,
    delta: i32,
) {
    // The gap that crosses `k`: where it is in the list, its bytes, its value, and where
    // its text starts.
    let (start, end, gap, text_at) = if !marks.is_empty() || k <= *last / 2 {
        let from = self::start(marks, k);
        let (mut pos, mut doc, mut text) = (from.byte as usize, from.doc, open + from.text as usize);
        loop {
            let (gap, len) = read_varint(&list[pos..]);
            if doc + gap >= k || pos + len >= list.len() {
                break (pos, pos + len, gap, text);
            }
            doc += gap;
            text += pass(list, &mut pos, (gap, len), stride);
        }
    } else {
        let (mut end, mut doc, mut text) = (list.len(), *last, close);
        loop {
            let mut e = end;
            for _ in 1..stride {
                let (v, s) = varint_before(list, e);
                text -= digits(v) + 1;
                e = s;
            }
            let (gap, start) = varint_before(list, e);
            let before = doc - gap;
            text -= digits(gap);
            if start == 0 || before < k {
                break (start, e, gap, text);
            }
            text -= 1;
            doc = before;
            end = start;
        }
    };
    let new = gap.saturating_add_signed(delta);
    let mut bytes = Vec::with_capacity(5);
    push_varint(&mut bytes, new);
    // The marks after the gap: their element's briefing and all before it moved too.
    let (d_byte, d_text) = (bytes.len() as i64 - (end - start) as i64, digits(new) as i64 - digits(gap) as i64);
    let after = marks.partition_point(|m| m.byte as usize <= start);
    for m in &mut marks[after..] {
        (m.byte, m.text, m.doc) = (moved(m.byte, d_byte), moved(m.text, d_text), moved(m.doc, i64::from(delta)));
    }
    list.splice(start..end, bytes);
    let mut text = Vec::with_capacity(10);
    push_number(&mut text, new);
    json.splice(text_at..text_at + digits(gap), text);
    *last = last.saturating_add_signed(delta);
}

/// The LEB128 number that ends at `end` in `b`, and where it starts.
fn varint_before(b: &[u8], end: usize) -> (u32, usize) {
    let mut start = end - 1;
    while start > 0 && b[start - 1] >= 0x80 {
        start -= 1;
    }
    (read_varint(&b[start..end]).0, start)
}

/// One LEB128 number at the start of `b`, and how many bytes it takes.
fn read_varint(b: &[u8]) -> (u32, usize) {
    let (mut v, mut shift) = (0u32, 0);
    for (k, &x) in b.iter().enumerate() {
        v |= u32::from(x & 0x7f) << shift;
        if x < 0x80 {
            return (v, k + 1);
        }
        shift += 7;
    }
    (v, b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A seeded source of numbers below `m`, one a call.
    fn numbers(mut seed: u64) -> impl FnMut(u32) -> u32 {
        move |m| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % u64::from(m)) as u32
        }
    }

    /// A list of postings as `Inverted::add` writes it, and as its entry's JSON shows it.
    fn encoded(elems: &[(u32, u32)], stride: usize) -> (Vec<u8>, u32, Vec<u8>) {
        let (mut list, mut last, mut nums) = (Vec::new(), 0, Vec::new());
        for &(d, f) in elems {
            nums.push(d - last);
            if stride == 2 {
                nums.push(f);
            }
            last = d;
        }
        for &x in &nums {
            push_varint(&mut list, x);
        }
        let mut json = b"[\"w\",[".to_vec();
        for (k, &x) in nums.iter().enumerate() {
            if k > 0 {
                json.push(b',');
            }
            push_number(&mut json, x);
        }
        json.extend_from_slice(b"]]");
        (list, last, json)
    }

    /// Each mark is where a walk from the list's start finds it: at an element, after
    /// the briefing before it, the numbers before it and their text.
    fn assert_marks(list: &[u8], stride: usize, marks: &[Mark]) {
        let (mut pos, mut doc, mut num, mut text) = (0usize, 0u32, 0usize, 0usize);
        let mut found = Vec::new();
        while pos < list.len() {
            found.push(Mark { byte: pos as u32, doc, num: num as u32, text: text as u32 });
            let (gap, len) = read_varint(&list[pos..]);
            doc += gap;
            text += pass(list, &mut pos, (gap, len), stride);
            num += stride;
        }
        for m in marks {
            assert!(found.contains(m), "{m:?} is no element's mark in {list:?}");
        }
        assert!(marks.windows(2).all(|w| w[0].byte < w[1].byte), "marks in order: {marks:?}");
    }

    /// Many edits in turn on one list with marks: each leaves the list a build writes,
    /// and marks a walk finds; the walks start from them.
    #[test]
    fn marks_are_kept_through_edits() {
        let mut next = numbers(5u64);
        for stride in [1, 2] {
            let mut docs: Vec<(u32, u32)> = Vec::new();
            for d in 0..600 {
                if next(3) > 0 {
                    for _ in 0..(if stride == 1 { 1 + next(3) } else { 1 }) {
                        docs.push((d, 1 + next(9)));
                    }
                }
            }
            let (mut list, mut last, mut json) = encoded(&docs, stride);
            let mut marks = marks_of(&list, stride, 8);
            assert!(marks.len() > 30);
            for _ in 0..400 {
                let n = next(last + 2);
                let close = json.len() - 2;
                match next(3) {
                    0 => {
                        // A briefing put in (its number and those after move up).
                        shift(&mut list, &mut last, &mut marks, &mut json, (6, close), stride, n, 1);
                        let copies = if stride == 2 { 1 } else { 1 + next(3) as usize };
                        let extra = (stride == 2).then(|| 1 + next(9));
                        splice(&mut list, &mut last, &mut marks, Some((&mut json, 6)), stride, n, copies, extra);
                        for d in docs.iter_mut().filter(|d| d.0 >= n) {
                            d.0 += 1;
                        }
                        let at = docs.partition_point(|d| d.0 < n);
                        for _ in 0..copies {
                            docs.insert(at, (n, extra.unwrap_or(0)));
                        }
                    }
                    1 if n <= last => {
                        // A briefing taken out.
                        splice(&mut list, &mut last, &mut marks, Some((&mut json, 6)), stride, n, 0, None);
                        docs.retain(|d| d.0 != n);
                        if last > n {
                            let close = json.len() - 2;
                            shift(&mut list, &mut last, &mut marks, &mut json, (6, close), stride, n + 1, -1);
                            for d in docs.iter_mut().filter(|d| d.0 > n) {
                                d.0 -= 1;
                            }
                        }
                    }
                    _ => {
                        // A briefing's words changed.
                        let extra = (stride == 2).then(|| 1 + next(9));
                        splice(&mut list, &mut last, &mut marks, Some((&mut json, 6)), stride, n, 1, extra);
                        docs.retain(|d| d.0 != n);
                        let at = docs.partition_point(|d| d.0 < n);
                        docs.insert(at, (n, extra.unwrap_or(0)));
                    }
                }
                let (list2, last2, json2) = encoded(&docs, stride);
                assert_eq!(
                    (String::from_utf8_lossy(&json), &list, last),
                    (String::from_utf8_lossy(&json2), &list2, last2)
                );
                assert_marks(&list, stride, &marks);
            }
            assert!(marks.len() > 20, "{} marks left", marks.len());
        }
    }

    #[test]
    fn a_shifted_list_is_the_list_written_anew() {
        let mut next = numbers(11u64);
        let mut shifted = 0;
        for round in 0..4000 {
            let stride = 1 + (round % 2);
            // Some long enough to be walked from either end.
            let len = 1 + next(if round % 7 == 0 { 200 } else { 8 }) as usize;
            let mut docs: Vec<u32> = (0..len).map(|_| next(300)).collect();
            docs.sort_unstable();
            if stride == 2 {
                docs.dedup();
            }
            let k = next(310);
            let up = next(2) == 0;
            // Moving down follows a removal of `k - 1`: no briefing has that number.
            if !up && (k == 0 || docs.contains(&(k - 1))) {
                continue;
            }
            let elems: Vec<(u32, u32)> = docs.iter().map(|&d| (d, 1 + next(20))).collect();
            let (mut list, mut last, mut json) = encoded(&elems, stride);
            if last < k {
                continue;
            }
            shifted += 1;
            let delta = if up { 1 } else { -1 };
            let close = json.len() - 2;
            // Read from the nearer end, and from the nearest mark.
            let mut marks = if round % 3 == 0 { marks_of(&list, stride, 1 + round % 5) } else { Vec::new() };
            shift(&mut list, &mut last, &mut marks, &mut json, (6, close), stride, k, delta);
            let want: Vec<(u32, u32)> =
                elems.iter().map(|&(d, f)| (if d >= k { d.saturating_add_signed(delta) } else { d }, f)).collect();
            let (list2, last2, json2) = encoded(&want, stride);
            assert_eq!(
                (String::from_utf8_lossy(&json), &list, last),
                (String::from_utf8_lossy(&json2), &list2, last2),
                "{elems:?} from {k} by {delta} (stride {stride})"
            );
            assert_marks(&list, stride, &marks);
        }
        assert!(shifted > 1000, "{shifted} lists shifted");
    }

    #[test]
    fn a_spliced_list_is_the_list_written_anew() {
        let mut next = numbers(7u64);
        for round in 0..4000 {
            let stride = 1 + (round % 2);
            let len = next(if round % 7 == 0 { 200 } else { 8 }) as usize;
            let mut docs: Vec<u32> = (0..len).map(|_| next(300)).collect();
            docs.sort_unstable();
            if stride == 2 {
                docs.dedup();
            }
            let elems: Vec<(u32, u32)> = docs.iter().map(|&d| (d, 1 + next(20))).collect();
            // Mostly a briefing of the list or next to one; big gaps take two bytes.
            let n = match next(3) {
                0 if !docs.is_empty() => docs[next(docs.len() as u32) as usize],
                _ => next(320),
            };
            let copies = if stride == 2 { next(2) as usize } else { next(3) as usize };
            let extra = (stride == 2).then(|| 1 + next(200));
            let mut want: Vec<(u32, u32)> = elems.iter().copied().filter(|&(d, _)| d != n).collect();
            let at = want.partition_point(|&(d, _)| d < n);
            for _ in 0..copies {
                want.insert(at, (n, extra.unwrap_or(0)));
            }
            let (mut list, mut last, mut json) = encoded(&elems, stride);
            let mut marks = if round % 3 == 0 { marks_of(&list, stride, 1 + round % 5) } else { Vec::new() };
            splice(&mut list, &mut last, &mut marks, Some((&mut json, 6)), stride, n, copies, extra);
            let (list2, last2, json2) = encoded(&want, stride);
            assert_eq!(
                (String::from_utf8_lossy(&json), &list, last),
                (String::from_utf8_lossy(&json2), &list2, last2),
                "{elems:?} with {copies} of {n} (stride {stride})"
            );
            assert_marks(&list, stride, &marks);
        }
    }
}
