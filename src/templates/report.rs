//! Tera's errors as diagnostics on the template file, line and column as written
//! (before `t()` calls were folded), each with a hint that fits it.
//!
//! Tera reports a syntax or rendering error as data, but the references it checks when
//! templates are added together (unknown filters, tests, functions, included templates,
//! blocks no parent defines) only as its own printed reports, one per reference:
//! `error: Unknown filter `x`` then ` --> name:line:col`. Those are read back here.

use std::collections::HashMap;
use std::path::PathBuf;

use tera::ErrorKind;

use super::Folds;
use super::fold;
use crate::diag::Diagnostic;

/// The template sources by name: (path as shown, text).
type Sources = HashMap<String, (PathBuf, String)>;

/// Where Tera 2's own filters, tests and functions are listed (add the section).
const TERA_DOCS: &str = "https://keats.github.io/tera/docs/";

/// Every diagnostic of a Tera error (several unknown references give one each).
pub(super) fn diagnostics(sources: &Sources, folds: &Folds, e: &tera::Error) -> Vec<Diagnostic> {
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let span = r.span();
            let kind =
                if matches!(e.kind(), ErrorKind::SyntaxError(_)) { "template syntax error" } else { "template error" };
            vec![
                at(
                    sources,
                    folds,
                    r.filename(),
                    span.start_line,
                    span.start_col,
                    format!("{kind}: {}", r.message().trim()),
                )
                .hint("fix the template; the page context is described in the README"),
            ]
        }
        ErrorKind::Msg(m) => {
            let found: Vec<Diagnostic> =
                m.split("\n\n").filter_map(|report| reference(sources, folds, report)).collect();
            if found.is_empty() { vec![general(e)] } else { found }
        }
        _ => vec![general(e)],
    }
}

/// An error with no place in a template (a missing parent, a loop of `extends`).
fn general(e: &tera::Error) -> Diagnostic {
    Diagnostic::stage("templates", format!("template error: {e}"))
        .hint("check template names in `extends`/`include` and that every referenced template exists")
}

/// The diagnostic at `line` (from 1) and `col` (from 0) of the compiled template `name`.
fn at(sources: &Sources, folds: &Folds, name: &str, line: usize, col: usize, message: String) -> Diagnostic {
    let (shown, text) = sources.get(name).cloned().unwrap_or_else(|| (PathBuf::from(name), String::new()));
    let col = folds.get(name).map_or(col, |f| fold::original_column(f, line, col));
    Diagnostic::error(shown, message).at(&text, line, col + 1)
}

/// One of Tera's printed reports of an unknown reference, read back.
fn reference(sources: &Sources, folds: &Folds, report: &str) -> Option<Diagnostic> {
    let mut lines = report.lines().map(str::trim).filter(|l| !l.is_empty());
    let what = lines.next()?.strip_prefix("error: ")?.trim();
    let place = lines.next()?.strip_prefix("--> ")?;
    let mut parts = place.rsplitn(3, ':');
    let col: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let name = parts.next()?;
    let named = |kind: &str| what.strip_prefix(kind).and_then(|r| r.strip_prefix(" `")?.strip_suffix('`'));
    let (message, hint) = if let Some(f) = named("Unknown filter") {
        (
            format!("unknown filter `{f}`"),
            format!(
                "`{f}` is neither one of Tera 2's filters (listed at {TERA_DOCS}#built-in-filters) nor brief's own: `date` (see docs/templates.md)"
            ),
        )
    } else if let Some(t) = named("Unknown test") {
        (
            format!("unknown test `{t}`"),
            format!("`{t}` is not one of Tera 2's tests, listed at {TERA_DOCS}#built-in-tests"),
        )
    } else if let Some(f) = named("Unknown function") {
        (
            format!("unknown function `{f}`"),
            format!(
                "`{f}` is neither one of Tera 2's functions (listed at {TERA_DOCS}#built-in-functions) nor brief's own: `t` (see docs/templates.md)"
            ),
        )
    } else if let Some(t) = named("Unknown template") {
        (
            format!("unknown template `{t}`"),
            format!("no template is named `{t}`: check the name, or add `templates/{t}` to the site or its theme"),
        )
    } else if let Some(b) = what.strip_prefix("Block `").and_then(|r| r.split('`').next()) {
        (
            format!("block `{b}` is not defined in any parent template"),
            format!("check the block's name, or define `{{% block {b} %}}` in the template this one extends"),
        )
    } else {
        (what.to_string(), "fix the template; the page context is described in the README".to_string())
    };
    Some(at(sources, folds, name, line, col.saturating_sub(1), format!("template error: {message}")).hint(hint))
}
