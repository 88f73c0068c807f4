//! Content past its expiry date, as Hugo treated it: Hugo builds no page past its
//! `expiryDate` unless the config sets `buildExpired = true`. A briefing of brief's
//! expires as the site says (`expired: keep` or `remove`); a page does not expire.

use std::path::Path;

use super::{Entry, Found, Kind, Note, NoteKind};

/// Hugo builds no page of content past its `expiryDate` unless `buildExpired = true`;
/// brief keeps an expired briefing's page, marked, unless site.yaml says `expired:
/// remove`. Where a post has an expiry date, the site does as Hugo did, and the report
/// says so (with the posts already past theirs at `now`).
pub(super) fn expire_as_hugo(found: &mut Found, cfg_path: &Path, build_expired: bool, now: jiff::Timestamp) {
    let tz = jiff::tz::TimeZone::get(&found.settings.timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    // brief's pages do not expire: one Hugo hid already is a draft, one it would hide
    // later stays, and each is reported.
    for e in found.entries.iter_mut().filter(|e| e.kind == Kind::Page && !e.fm.draft) {
        let Some(expires) = e.fm.expires.clone() else { continue };
        let past = crate::parse::parse_date(&expires, &tz).is_ok_and(|x| x.timestamp() <= now);
        let (kind, text) = if past && !build_expired {
            e.fm.draft = true;
            let text = format!(
                "`expiryDate: {expires}` of a page, past: Hugo builds no page for it, and brief's pages do not \
                 expire, so it is a draft (`draft: true`)"
            );
            (NoteKind::Converted, text)
        } else {
            let text = format!(
                "`expiryDate: {expires}` of a page: brief's pages do not expire, so it stays published after it"
            );
            (NoteKind::NotConverted, text)
        };
        e.notes.push(Note::new(0, kind, text));
    }
    let expiring: Vec<&Entry> =
        found.entries.iter().filter(|e| e.kind == Kind::Briefing && !e.fm.draft && e.fm.expires.is_some()).collect();
    if expiring.is_empty() {
        return;
    }
    let past: Vec<String> = expiring
        .iter()
        .filter(|e| {
            let at = e.fm.expires.as_deref().and_then(|x| crate::parse::parse_date(x, &tz).ok());
            at.is_some_and(|x| x.timestamp() <= now)
        })
        .map(|e| format!("`{}`", e.source.display()))
        .collect();
    let past = if past.is_empty() { String::new() } else { format!("; past it now: {}", past.join(", ")) };
    let n = expiring.len();
    let note = if build_expired {
        let text = format!(
            "`buildExpired = true`: the old site kept the pages of posts past their `expiryDate` ({n} post(s) have \
             one{past}); brief keeps them too (`expired: keep`, its default), marked as expired and `noindex`"
        );
        Note::new(0, NoteKind::Info, text)
    } else {
        found.settings.expired = Some("remove".into());
        let text = format!(
            "`expired: remove` in site.yaml: Hugo builds no page of a post past its `expiryDate` (`buildExpired` is \
             off), so brief publishes none either ({n} post(s) have one{past})"
        );
        Note::new(0, NoteKind::Converted, text)
    };
    found.site_notes.push((cfg_path.to_path_buf(), note));
}
