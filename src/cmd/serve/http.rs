//! The HTTP side of `serve`: requests answered from the in-memory site only, the
//! reload event stream, and the error overlay shown while a change does not build.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::BroadcastStream;

use super::Served;

/// Where the reload events are sent.
pub(super) const EVENTS_PATH: &str = "/__brief/events";

/// The script put before `</body>` of every served page.
pub(super) const RELOAD_SCRIPT: &str = "<script>(function(){var s=new EventSource(\"/__brief/events\");s.onmessage=function(){location.reload()};})();</script>";

/// The longest request path answered; longer ones get 414.
const MAX_PATH: usize = 4096;

#[derive(Clone)]
pub(super) struct App {
    pub(super) served: Arc<RwLock<Served>>,
    pub(super) reload: tokio::sync::broadcast::Sender<u64>,
}

/// The `Content-Type` for an output path.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// The output path a request path names, or the status to answer with. Percent
/// escapes are decoded first, then any `.`/`..` segment, backslash or NUL is refused.
pub fn resolve_request(raw: &str) -> Result<String, StatusCode> {
    if raw.len() > MAX_PATH {
        return Err(StatusCode::URI_TOO_LONG);
    }
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8().map_err(|_| StatusCode::BAD_REQUEST)?;
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return Err(StatusCode::BAD_REQUEST);
    }
    let rel = &decoded[1..];
    if rel.split('/').any(|s| s == ".." || s == ".") || rel.starts_with('/') || rel.contains("//") {
        return Err(StatusCode::BAD_REQUEST);
    }
    Ok(if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() })
}

fn error_overlay(message: &str) -> String {
    format!(
        "<div id=\"brief-error\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;background:#2b0b0b;color:#ffdede;font:14px/1.4 ui-monospace,monospace;padding:1rem;border-top:4px solid #e5484d\"><strong>brief: the last change did not build; still serving the previous site.</strong><pre style=\"white-space:pre-wrap;margin:.5rem 0 0\">{}</pre></div>",
        crate::parse::text::escape_html(message)
    )
}

fn with_overlay(bytes: &[u8], message: &str) -> Vec<u8> {
    let overlay = error_overlay(message);
    let at = bytes
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b"<body"))
        .and_then(|b| bytes[b..].iter().position(|&c| c == b'>').map(|e| b + e + 1));
    let mut out = Vec::with_capacity(bytes.len() + overlay.len());
    match at {
        Some(i) => {
            out.extend_from_slice(&bytes[..i]);
            out.extend_from_slice(overlay.as_bytes());
            out.extend_from_slice(&bytes[i..]);
        }
        None => {
            out.extend_from_slice(overlay.as_bytes());
            out.extend_from_slice(bytes);
        }
    }
    out
}

pub(super) async fn handle(State(app): State<App>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n").into_response();
    }
    let rel = match resolve_request(uri.path()) {
        Ok(r) => r,
        Err(code) => return (code, format!("{}\n", code.canonical_reason().unwrap_or("bad request"))).into_response(),
    };
    let served = app.served.read().unwrap_or_else(|e| e.into_inner());
    // An old URL answers with a real redirect, as `_redirects` makes hosts do.
    if let Some(to) = served.redirects.get(&rel) {
        let mut r = (StatusCode::MOVED_PERMANENTLY, "moved\n").into_response();
        let location = percent_encoding::utf8_percent_encode(to, percent_encoding::CONTROLS).to_string();
        if let Ok(v) = HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    let (status, key) = if served.files.contains_key(&rel) {
        (StatusCode::OK, rel)
    } else if served.files.contains_key(&format!("{rel}/index.html")) {
        let location = format!("{}/", uri.path());
        let mut r = (StatusCode::MOVED_PERMANENTLY, "moved\n").into_response();
        if let Ok(v) = HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    } else {
        (StatusCode::NOT_FOUND, "404.html".to_string())
    };
    let Some(bytes) = served.files.get(&key) else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let ctype = content_type(&key);
    let body = match (&served.error, ctype.starts_with("text/html")) {
        (Some(msg), true) => with_overlay(bytes, msg),
        _ => bytes.to_vec(),
    };
    drop(served);
    let mut r = Response::new(if method == Method::HEAD { Body::empty() } else { Body::from(body) });
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

pub(super) async fn events(State(app): State<App>) -> impl IntoResponse {
    let stream = BroadcastStream::new(app.reload.subscribe())
        .filter_map(|v| v.ok())
        .map(|v| Ok::<_, std::convert::Infallible>(Event::default().data(format!("reload {v}"))));
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_resolve_inside_the_site_only() {
        assert_eq!(resolve_request("/"), Ok("index.html".into()));
        assert_eq!(resolve_request("/tags/%EB%B6%81%ED%95%9C/"), Ok("tags/북한/index.html".into()));
        assert_eq!(resolve_request("/style.css"), Ok("style.css".into()));
        for bad in
            ["/../etc/passwd", "/%2e%2e/etc/passwd", "/a/%2E%2E/%2E%2E/x", "/a\\..\\b", "/%00", "//etc/passwd", "/./x"]
        {
            assert_eq!(resolve_request(bad), Err(StatusCode::BAD_REQUEST), "{bad}");
        }
        assert_eq!(resolve_request(&format!("/{}", "a".repeat(5000))), Err(StatusCode::URI_TOO_LONG));
    }

    #[test]
    fn overlay_goes_after_body() {
        let out = String::from_utf8(with_overlay(b"<html><body class=x><p>hi</p></body>", "bad <date>")).unwrap();
        assert!(out.starts_with("<html><body class=x><div id=\"brief-error\""), "{out}");
        assert!(out.contains("bad &lt;date&gt;"));
    }
}
