#!/usr/bin/env bash
# Browser tests of the default theme: Debian's Chromium driven by playwright-core,
# axe-core, and the Nu HTML checker (vnu-jar), against the example site and the
# fixture site of tests/browser/fixture, built with the debug binary and served on
# 127.0.0.1. The Nu checker also reads the list pages of tests/fixtures/summaries_titles
# (summaries taken from raw HTML, titles with Markdown). Installs what it needs (idempotent), exits non-zero on any failure, and
# ends with `browser: N passed, M failed`.
#
#   scripts/browser-test.sh            # run everything
#   scripts/browser-test.sh --docs     # also refresh docs/screenshot*.png
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
T0=$(date +%s)

DOCS=()
for a in "$@"; do
  case "$a" in
    --docs) DOCS=(--docs "$ROOT/docs") ;;
    *) echo "usage: scripts/browser-test.sh [--docs]" >&2; exit 2 ;;
  esac
done

export DEBIAN_FRONTEND=noninteractive
APT_UPDATED=
apt_install() {
  if [ -z "$APT_UPDATED" ]; then apt-get update -qq; APT_UPDATED=1; fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
if [ ! -x /usr/bin/chromium ]; then
  echo "== installing chromium"
  apt_install chromium
fi
if ! command -v java >/dev/null 2>&1; then
  echo "== installing default-jre-headless"
  apt_install default-jre-headless
fi

echo "== npm packages (tests/browser)"
(
  cd tests/browser
  # --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime; java is Debian's.
  if [ -f package-lock.json ]; then
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  else
    npm install --ignore-scripts --no-audit --no-fund --loglevel=error
  fi
)

# The debug binary is quick enough for these small sites, and saves CI a release build
# with fat LTO. It is the one `cargo test` builds for the integration tests: building
# one small test target makes it (and after `cargo test`, compiles nothing). `cargo
# build`, even with `--profile test`, compiled the crate again after `cargo test` (70 s
# in CI: the same profile, other dependency hashes, as a build without the
# dev-dependencies resolves them).
echo "== cargo test --no-run --test architecture (the binary the tests use)"
cargo test --no-run --quiet --test architecture
BRIEF="$ROOT/target/debug/brief"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/brief-browser.XXXXXX")
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

echo "== building the example site and the fixture sites (copies: a build records urls.lock)"
mkdir -p "$TMP/src"
cp -r site.yaml content urls.lock authors.yaml "$TMP/src/"
cp -r tests/browser/fixture "$TMP/src-fixture"
cp -r tests/fixtures/summaries_titles "$TMP/src-summaries"
cp -r tests/fixtures/editions "$TMP/src-editions"
"$BRIEF" --root "$TMP/src" build -o "$TMP/site"
"$BRIEF" --root "$TMP/src-fixture" build -o "$TMP/fixture"
"$BRIEF" --root "$TMP/src-summaries" build -o "$TMP/summaries"
# Three editions (English, Arabic right to left, Chinese), served under /ed/.
"$BRIEF" --root "$TMP/src-editions" build --base-url https://briefs.example.org/ed/ -o "$TMP/editions"

# The example site at /, the fixture (base_url with the sub-path /desk/) at /desk/.
node tests/browser/serve.mjs "$TMP/site" "/desk/=$TMP/fixture" "/ed/=$TMP/editions" >"$TMP/serve.log" 2>&1 &
SERVER_PID=$!
URL=
for _ in $(seq 1 100); do
  URL=$(sed -n 's/^listening \(http:[^ ]*\)$/\1/p' "$TMP/serve.log")
  [ -n "$URL" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$URL" ]; then
  cat "$TMP/serve.log" >&2
  echo "browser: 0 passed, 1 failed"
  exit 1
fi
echo "serving on $URL"

status=0
echo "== browser checks (tests/browser/run.mjs)"
node tests/browser/run.mjs \
  --site "example=${URL}=$TMP/site" \
  --site "fixture=${URL}desk/=$TMP/fixture" \
  --site "editions=${URL}ed/=$TMP/editions" \
  --out "$ROOT/tests/browser/screenshots" \
  --result "$TMP/run.json" "${DOCS[@]}" || status=1

echo "== Nu HTML checker (tests/browser/vnu.mjs)"
node tests/browser/vnu.mjs --result "$TMP/vnu.json" "$TMP/site" "$TMP/fixture" "$TMP/editions" --lists-only "$TMP/summaries" || status=1

read -r PASSED FAILED < <(node -e '
  const fs = require("fs");
  let p = 0, f = 0;
  for (const file of process.argv.slice(1)) {
    try { const r = JSON.parse(fs.readFileSync(file, "utf8")); p += r.passed; f += r.failed; } catch { f += 1; }
  }
  console.log(p, f);
' "$TMP/run.json" "$TMP/vnu.json")
if [ "$status" -ne 0 ] && [ "$FAILED" -eq 0 ]; then FAILED=1; fi
echo "took $(( $(date +%s) - T0 )) s; screenshots in tests/browser/screenshots/"
echo "browser: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
