//! `brief serve`: the site kept in memory, served over HTTP on loopback, rebuilt on
//! change with only the affected pages re-rendered, and reloaded in open browsers.
//! Files are served only from the in-memory map, so no request can reach the disk.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::BroadcastStream;

use crate::diag::Diagnostic;
use crate::incremental::{Engine, FileMap};
use crate::site::Options;

/// Where the reload events are sent.
pub const EVENTS_PATH: &str = "/__brief/events";

/// The script put before `</body>` of every served page.
pub const RELOAD_SCRIPT: &str = "<script>(function(){var s=new EventSource(\"/__brief/events\");s.onmessage=function(){location.reload()};})();</script>";

/// The longest request path answered; longer ones get 414.
const MAX_PATH: usize = 4096;

/// What the server shows.
#[derive(Default)]
pub struct Served {
    /// Output path → bytes.
    pub files: FileMap,
    /// The last build error, shown on every page until fixed.
    pub error: Option<String>,
}

#[derive(Clone)]
struct App {
    served: Arc<RwLock<Served>>,
    reload: tokio::sync::broadcast::Sender<u64>,
}

/// How `serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Build settings (root, drafts, future, strict).
    pub build: Options,
    /// Address to bind.
    pub bind: String,
    /// Port (0 for any free one).
    pub port: u16,
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
        crate::parse::escape_html(message)
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

async fn handle(State(app): State<App>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n").into_response();
    }
    let rel = match resolve_request(uri.path()) {
        Ok(r) => r,
        Err(code) => return (code, format!("{}\n", code.canonical_reason().unwrap_or("bad request"))).into_response(),
    };
    let served = app.served.read().unwrap_or_else(|e| e.into_inner());
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

async fn events(State(app): State<App>) -> impl IntoResponse {
    let stream = BroadcastStream::new(app.reload.subscribe())
        .filter_map(|v| v.ok())
        .map(|v| Ok::<_, std::convert::Infallible>(Event::default().data(format!("reload {v}"))));
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn print_diags(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn render_diags(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

fn is_loopback(bind: &str) -> bool {
    bind == "localhost" || bind.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Run the server until Ctrl-C. Prints `serving <url>` once listening.
pub fn run(opts: ServeOptions) -> Result<(), Vec<Diagnostic>> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| vec![Diagnostic::error("serve", format!("cannot start the server runtime: {e}"))])?;
    rt.block_on(run_async(opts))
}

async fn run_async(opts: ServeOptions) -> Result<(), Vec<Diagnostic>> {
    if !is_loopback(&opts.bind) {
        eprintln!(
            "warning: serving on {} makes the site reachable from other machines; use the default 127.0.0.1 unless you mean it",
            opts.bind
        );
    }
    let addr = format!("{}:{}", opts.bind, opts.port);
    let listener = tokio::net::TcpListener::bind(&addr).await.map_err(|e| {
        vec![
            Diagnostic::error("serve", format!("cannot listen on {addr}: {e}"))
                .hint("choose another port with --port, or stop the program using it"),
        ]
    })?;
    let local: SocketAddr = listener.local_addr().map_err(|e| vec![Diagnostic::error("serve", e.to_string())])?;
    let host = if local.ip().is_unspecified() { "127.0.0.1".to_string() } else { local.ip().to_string() };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    let url = format!("http://{host}:{}/", local.port());
    let mut build = opts.build.clone();
    build.base_url = Some(url.clone());
    build.relative_urls = false;

    let start = Instant::now();
    let (served, engine) = match Engine::new(build.clone(), RELOAD_SCRIPT.to_string()) {
        Ok(e) => {
            print_diags(e.warnings());
            println!(
                "built {} briefing{} in memory in {:.0} ms",
                e.briefing_count(),
                if e.briefing_count() == 1 { "" } else { "s" },
                start.elapsed().as_secs_f64() * 1000.0
            );
            (Served { files: e.files.clone(), error: None }, Some(e))
        }
        Err(d) => {
            print_diags(&d);
            eprintln!("serving an error page until the site builds");
            (Served { files: Default::default(), error: Some(render_diags(&d)) }, None)
        }
    };
    let served = Arc::new(RwLock::new(served));
    let (reload, _) = tokio::sync::broadcast::channel(16);
    let app = App { served: served.clone(), reload: reload.clone() };
    watch(build, engine, served, reload)?;
    let router = Router::new().route(EVENTS_PATH, get(events)).fallback(handle).with_state(app);
    println!("serving {url} (Ctrl-C to stop)");
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| vec![Diagnostic::error("serve", format!("server error: {e}"))])?;
    println!("stopped");
    Ok(())
}

/// Watch the site's folders on a thread; rebuild on change and publish the result.
fn watch(
    build: Options,
    mut engine: Option<Engine>,
    served: Arc<RwLock<Served>>,
    reload: tokio::sync::broadcast::Sender<u64>,
) -> Result<(), Vec<Diagnostic>> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| vec![Diagnostic::error("serve", format!("cannot watch files: {e}"))])?;
    let root = build.root.clone();
    for dir in ["content", "templates", "themes", "static"] {
        let p = root.join(dir);
        if p.is_dir() {
            watcher
                .watch(&p, RecursiveMode::Recursive)
                .map_err(|e| vec![Diagnostic::error(&p, format!("cannot watch: {e}"))])?;
        }
    }
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| vec![Diagnostic::error(&root, format!("cannot watch: {e}"))])?;
    std::thread::spawn(move || {
        let _watcher = watcher;
        let mut version = 0u64;
        let root_canon = std::fs::canonicalize(&root).unwrap_or(root.clone());
        while let Ok(first) = rx.recv() {
            let seen = Instant::now();
            let mut paths: Vec<PathBuf> = Vec::new();
            let mut take = |ev: notify::Result<notify::Event>| {
                if let Ok(ev) = ev {
                    if !matches!(ev.kind, notify::EventKind::Access(_)) {
                        paths.extend(ev.paths);
                    }
                }
            };
            take(first);
            // Editors write in several steps; gather what arrives in the next moment.
            while let Ok(ev) = rx.recv_timeout(Duration::from_millis(15)) {
                take(ev);
            }
            let relevant: Vec<PathBuf> = paths
                .into_iter()
                .filter_map(|p| {
                    let rel = p.strip_prefix(&root_canon).or_else(|_| p.strip_prefix(&root)).ok()?.to_path_buf();
                    let top = rel.components().next()?.as_os_str().to_string_lossy().into_owned();
                    let keep = matches!(top.as_str(), "content" | "templates" | "themes" | "static")
                        || rel == std::path::Path::new("site.yaml");
                    keep.then(|| root.join(rel))
                })
                .collect();
            if relevant.is_empty() {
                continue;
            }
            let result = match engine.as_mut() {
                Some(e) => e.update(&relevant).map(|r| (r, None)),
                None => Engine::new(build.clone(), RELOAD_SCRIPT.to_string()).map(|e| {
                    let pages = e.files.len();
                    (
                        crate::incremental::Rebuild { pages, full: true, changed: Vec::new(), removed: Vec::new() },
                        Some(e),
                    )
                }),
            };
            let mut names: Vec<String> = relevant
                .iter()
                .filter(|p| p.exists())
                .map(|p| crate::diag::display_path(&root, p).display().to_string())
                .collect();
            names.sort();
            names.dedup();
            if names.is_empty() {
                names.push("removed files".into());
            }
            match result {
                Ok((r, fresh)) => {
                    if let Some(f) = fresh {
                        engine = Some(f);
                    }
                    if let Some(e) = &engine {
                        let mut s = served.write().unwrap_or_else(|e| e.into_inner());
                        if r.full {
                            s.files = e.files.clone();
                        } else {
                            for k in &r.changed {
                                if let Some(v) = e.files.get(k) {
                                    s.files.insert(k.clone(), v.clone());
                                }
                            }
                            for k in &r.removed {
                                s.files.remove(k);
                            }
                        }
                        s.error = None;
                    }
                    println!(
                        "rebuilt {} page{}{} in {:.1} ms after a change to {}",
                        r.pages,
                        if r.pages == 1 { "" } else { "s" },
                        if r.full { " (full)" } else { "" },
                        seen.elapsed().as_secs_f64() * 1000.0,
                        names.join(", ")
                    );
                }
                Err(d) => {
                    print_diags(&d);
                    eprintln!("build failed after a change to {}; still serving the previous site", names.join(", "));
                    served.write().unwrap_or_else(|e| e.into_inner()).error = Some(render_diags(&d));
                }
            }
            use std::io::Write as _;
            let _ = std::io::stdout().flush();
            version += 1;
            let _ = reload.send(version);
        }
    });
    Ok(())
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
