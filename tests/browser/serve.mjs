// A tiny static file server for the browser tests: 127.0.0.1 only, a free port.
//
//   node serve.mjs ROOT [/prefix/=DIR ...]
//
// Serves the files under ROOT at `/` (and each DIR under its prefix), nothing outside
// them (symlinks included); a folder gets its index.html, a folder without its
// trailing slash a redirect, anything else 404 with the site's own 404.html. Prints
// `listening http://127.0.0.1:PORT/` once ready, then serves until killed.
import { createServer } from "node:http";
import { createReadStream, realpathSync, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".pdf": "application/pdf",
};

const [rootArg, ...mountArgs] = process.argv.slice(2);
if (!rootArg) {
  console.error("usage: node serve.mjs ROOT [/prefix/=DIR ...]");
  process.exit(2);
}
// Longest prefix first, so /fixture/ wins over /.
const mounts = [["/", rootArg], ...mountArgs.map((m) => m.split(/=(.*)/s).slice(0, 2))]
  .map(([prefix, dir]) => [prefix.endsWith("/") ? prefix : prefix + "/", realpathSync(resolve(dir))])
  .sort((a, b) => b[0].length - a[0].length);

function inside(root, p) {
  return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
}

/// The real file for a URL path under `root`, or null; "redirect" for a folder
/// asked for without its trailing slash.
function locate(root, rel) {
  const candidate = resolve(root, "." + sep + rel);
  if (!inside(root, candidate)) return null;
  let real;
  try {
    real = realpathSync(candidate);
  } catch {
    return null;
  }
  if (!inside(root, real)) return null;
  const st = statSync(real);
  if (st.isDirectory()) {
    if (!rel.endsWith("/") && rel !== "") return "redirect";
    return locate(root, join(rel, "index.html"));
  }
  return st.isFile() ? real : null;
}

function send(req, res, status, file, extra = {}) {
  const st = statSync(file);
  res.writeHead(status, {
    "content-type": TYPES[extname(file).toLowerCase()] || "application/octet-stream",
    "content-length": st.size,
    "cache-control": "no-store",
    ...extra,
  });
  if (req.method === "HEAD") return res.end();
  createReadStream(file).pipe(res);
}

function notFound(req, res, root) {
  const page = locate(root, "404.html");
  if (page && page !== "redirect") return send(req, res, 404, page);
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
  res.end("not found\n");
}

const server = createServer((req, res) => {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" });
    return res.end();
  }
  const url = new URL(req.url, "http://127.0.0.1");
  let path;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400);
    return res.end("bad path\n");
  }
  if (path.includes("\0")) {
    res.writeHead(400);
    return res.end("bad path\n");
  }
  const [prefix, root] = mounts.find(([p]) => path.startsWith(p) || path + "/" === p) || mounts[mounts.length - 1];
  if (path + "/" === prefix) {
    res.writeHead(301, { location: prefix + url.search });
    return res.end();
  }
  const rel = path.slice(prefix.length);
  let file;
  try {
    file = locate(root, rel);
  } catch {
    file = null;
  }
  if (file === "redirect") {
    res.writeHead(301, { location: url.pathname + "/" + url.search });
    return res.end();
  }
  if (!file) return notFound(req, res, root);
  send(req, res, 200, file);
});

server.listen(0, "127.0.0.1", () => {
  console.log(`listening http://127.0.0.1:${server.address().port}/`);
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)));
