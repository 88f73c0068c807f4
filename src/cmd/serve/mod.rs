//! `brief serve`: the site kept in memory, served over HTTP on loopback, rebuilt on
//! change with only the affected pages re-rendered, and reloaded in open browsers.
//! Files are served only from the in-memory map, so no request can reach the disk.

#[cfg(test)]
mod bench;
mod clock;
mod editions;
mod engine;
mod http;
mod loaded;
mod reindex;
mod restructure;
mod structural;
#[cfg(test)]
mod tests;
mod watch;

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use axum::Router;
use axum::routing::get;

use crate::diag::Diagnostic;
use crate::site::Options;
use engine::{Engine, FileMap};
use http::{App, EVENTS_PATH, RELOAD_SCRIPT};

/// What the server shows.
#[derive(Default)]
pub struct Served {
    /// Output path → bytes.
    pub files: FileMap,
    /// The last build error, shown on every page until fixed.
    pub error: Option<String>,
    /// Old URLs (as output files) → where a 301 sends them.
    pub redirects: std::collections::HashMap<String, String>,
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
    crate::memory::hold_freed();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| vec![Diagnostic::stage("serve", format!("cannot start the server runtime: {e}"))])?;
    rt.block_on(run_async(opts))
}

async fn run_async(mut opts: ServeOptions) -> Result<(), Vec<Diagnostic>> {
    // The watcher reports absolute paths: with a relative root (`--root site`) no
    // changed file was found under `content/`, and every edit rebuilt the whole site.
    if let Ok(root) = std::path::absolute(&opts.build.root) {
        opts.build.root = root;
    }
    if !is_loopback(&opts.bind) {
        eprintln!(
            "warning: serving on {} makes the site reachable from other machines; use the default 127.0.0.1 unless you mean it",
            opts.bind
        );
    }
    let addr = format!("{}:{}", opts.bind, opts.port);
    let listener = tokio::net::TcpListener::bind(&addr).await.map_err(|e| {
        vec![
            Diagnostic::stage("serve", format!("cannot listen on {addr}: {e}"))
                .hint("choose another port with --port, or stop the program using it"),
        ]
    })?;
    let local: SocketAddr = listener.local_addr().map_err(|e| vec![Diagnostic::stage("serve", e.to_string())])?;
    let host = if local.ip().is_unspecified() { "127.0.0.1".to_string() } else { local.ip().to_string() };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    let url = format!("http://{host}:{}/", local.port());
    let mut build = opts.build.clone();
    build.base_url = Some(url.clone());
    build.relative_urls = false;

    let start = Instant::now();
    let (served, engine) = match Engine::new(build.clone(), RELOAD_SCRIPT.to_string()) {
        Ok(mut e) => {
            print_diags(e.warnings());
            println!(
                "built {} briefing{} in memory in {:.0} ms",
                e.briefing_count(),
                if e.briefing_count() == 1 { "" } else { "s" },
                start.elapsed().as_secs_f64() * 1000.0
            );
            if let Some(note) = e.take_lock_note() {
                println!("{note}");
            }
            (Served { files: e.files.clone(), error: None, redirects: e.redirects.clone() }, Some(e))
        }
        Err(d) => {
            print_diags(&d);
            eprintln!("serving an error page until the site builds");
            (Served { files: Default::default(), error: Some(render_diags(&d)), redirects: Default::default() }, None)
        }
    };
    let served = Arc::new(RwLock::new(served));
    let (reload, _) = tokio::sync::broadcast::channel(16);
    let app = App { served: served.clone(), reload: reload.clone() };
    watch::watch(build, engine, served, reload)?;
    let router = Router::new().route(EVENTS_PATH, get(http::events)).fallback(http::handle).with_state(app);
    // Listen for Ctrl-C before the first request can be served: the shutdown future
    // below is only polled once the server runs, and a Ctrl-C before that would kill
    // the process without "stopped".
    let stop = stop_signal()?;
    println!("serving {url} (Ctrl-C to stop)");
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    axum::serve(listener, router)
        .with_graceful_shutdown(stop)
        .await
        .map_err(|e| vec![Diagnostic::stage("serve", format!("server error: {e}"))])?;
    println!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C; on Unix the handler is registered when this is called.
#[cfg(unix)]
fn stop_signal() -> Result<impl std::future::Future<Output = ()>, Vec<Diagnostic>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut sig = signal(SignalKind::interrupt())
        .map_err(|e| vec![Diagnostic::stage("serve", format!("cannot listen for Ctrl-C: {e}"))])?;
    Ok(async move {
        sig.recv().await;
    })
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn stop_signal() -> Result<impl std::future::Future<Output = ()>, Vec<Diagnostic>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
