//! Patching the index as last made ([`Built`]) for one edit: a briefing's postings put
//! in or taken out at its number, and every later number moved by one, in each word's
//! lists and entry (see [`super::postings`]); and the marks `serve` keeps in long lists.

use rayon::prelude::*;

use super::cache::Built;
use super::postings::{Mark, mark, shift, splice};
use super::{DocWords, Postings, Vocab, entry};

/// Put briefing number `n` into the postings of `b` with the words `now` instead of
/// `was`, as [`super::Inverted::add`] would have put it, and change the words' entries to
/// match. Returns each word touched, whether it had postings and whether it has them.
/// With `marking`, the lists' marks are kept (and made for a list that grew long).
pub(super) fn patch(
    b: &mut Built,
    vocab: &Vocab,
    n: u32,
    was: &DocWords,
    now: &DocWords,
    marking: bool,
) -> Vec<(u32, bool, bool)> {
    let mut body: Vec<u32> = was.body.iter().chain(&now.body).copied().collect();
    body.sort_unstable();
    body.dedup();
    let mut fields: Vec<u32> = was.fields.iter().chain(&now.fields).map(|&(w, _)| w).collect();
    fields.sort_unstable();
    fields.dedup();
    let mut words: Vec<u32> = body.iter().chain(&fields).copied().collect();
    words.sort_unstable();
    words.dedup();
    let mut touched = Vec::with_capacity(words.len());
    // Without marks kept, each list is walked from its start: `none` stays empty.
    let mut none: [Vec<Mark>; 2] = Default::default();
    for w in words {
        let (p, e) = (&mut b.inv.lists[w as usize], &mut b.entries[w as usize]);
        let [body_marks, fields_marks] = if marking { &mut b.marks[w as usize] } else { &mut none };
        let had = !p.is_empty();
        // The entry's lists start after `["word",[`.
        let word = &vocab.words[w as usize];
        let body_at = body_start(&mut b.body_at[w as usize], word);
        if body.binary_search(&w).is_ok() {
            let times = now.body.iter().filter(|&&x| x == w).count();
            if marking {
                mark(&p.body, 1, body_marks);
            }
            splice(&mut p.body, &mut p.body_last, body_marks, had.then_some((&mut *e, body_at)), 1, n, times, None);
        }
        if fields.binary_search(&w).is_ok() {
            let weight = now.fields.iter().find(|&&(x, _)| x == w).map(|&(_, f)| f);
            let at = had.then(|| memchr::memchr(b']', &e[body_at..]).map_or(0, |k| body_at + k + 3));
            if marking {
                mark(&p.fields, 2, fields_marks);
            }
            splice(
                &mut p.fields,
                &mut p.fields_last,
                fields_marks,
                at.map(|at| (&mut *e, at)),
                2,
                n,
                usize::from(weight.is_some()),
                weight,
            );
        }
        let has = !p.is_empty();
        if !had || !has {
            // A word new to the index is written whole; one gone has no entry.
            e.clear();
            if has {
                entry(e, word, p);
            }
        }
        touched.push((w, had, has));
    }
    touched
}

/// Give every long list of `b` its marks (see [`mark`]), in parallel.
pub(super) fn mark_lists(b: &mut Built) {
    b.marks.resize_with(b.inv.lists.len(), Default::default);
    b.inv.lists.par_iter().zip(&mut b.marks).for_each(|(p, [body, fields])| {
        mark(&p.body, 1, body);
        mark(&p.fields, 2, fields);
    });
}

/// Add `delta` to every briefing number from `k` on in every list of `b`: in each list
/// only the gap that crosses `k` changes (see [`shift`]), found from the nearest mark
/// with `marking`, else from the list's nearer end.
pub(super) fn shift_all(b: &mut Built, vocab: &Vocab, k: u32, delta: i32, marking: bool) {
    // Without marks kept, `none` stays empty.
    let mut none: [Vec<Mark>; 2] = Default::default();
    let lists = b.inv.lists.iter_mut().zip(&mut b.entries).zip(&mut b.body_at).zip(&vocab.words);
    for (w, (((p, e), body_at), word)) in lists.enumerate() {
        let marks = if marking { &mut b.marks[w] } else { &mut none };
        shift_one(p, e, body_at, word, marks, marking, k, delta);
    }
}

/// [`shift_all`] for one word's lists, with their marks (made first when `marking`).
#[allow(clippy::too_many_arguments)]
fn shift_one(
    p: &mut Postings,
    e: &mut Vec<u8>,
    body_at: &mut u32,
    word: &str,
    [body_marks, fields_marks]: &mut [Vec<Mark>; 2],
    marking: bool,
    k: u32,
    delta: i32,
) {
    let fields_last = p.fields_last >= k && !p.fields.is_empty();
    let body_last = p.body_last >= k && !p.body.is_empty();
    if !fields_last && !body_last {
        return;
    }
    // The fields' list is the entry's last, from its last `[` to the `]]` closing it.
    let fields_open = memchr::memrchr(b'[', e).map_or(0, |f| f + 1);
    if fields_last {
        let close = e.len() - 2;
        if marking {
            mark(&p.fields, 2, fields_marks);
        }
        shift(&mut p.fields, &mut p.fields_last, fields_marks, e, (fields_open, close), 2, k, delta);
    }
    if body_last {
        // The body's list ends just before `,[` of the fields' list.
        let open = body_start(body_at, word);
        if marking {
            mark(&p.body, 1, body_marks);
        }
        shift(&mut p.body, &mut p.body_last, body_marks, e, (open, fields_open - 3), 1, k, delta);
    }
}

/// Where the list of body postings starts in the entry of `word` (after `["word",[`),
/// kept in `at` once known.
fn body_start(at: &mut u32, word: &str) -> usize {
    if *at == 0 {
        *at = (serde_json::to_string(word).map_or(0, |j| j.len()) + 3) as u32;
    }
    *at as usize
}
