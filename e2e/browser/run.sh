#!/usr/bin/env bash
# Real-browser journeys: starts Lantern on demo data, drives headless Chromium through each
# role's pages with Selenium, and checks every page with axe-core. Installs what it needs.
#   e2e/browser/run.sh [PYTEST_ARGS...]      e.g. e2e/browser/run.sh -k officer
# Environment: LANTERN_BIN (default .build/debug/lantern), LANTERN_BROWSER_TIMEOUT (seconds, default 600).
set -euo pipefail
cd "$(dirname "$0")/../.."
lantern=${LANTERN_BIN:-.build/debug/lantern}
[ -x "$lantern" ] || { echo "no Lantern binary at $lantern: build it (swift build) or set LANTERN_BIN" >&2; exit 1; }
lantern=$(cd "$(dirname "$lantern")" && pwd)/$(basename "$lantern")
artifacts=e2e/browser/artifacts

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Chromium and its driver, from Debian (they are built together, so their versions match).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
fi
if ! python3 -m pip --version >/dev/null 2>&1; then
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-pip
fi
# selenium-axe-python brings axe-core 4.x; axe-selenium-python's bundled axe-core (3.1) is the fallback.
if ! python3 -c 'import selenium, pytest, axe_selenium_python, selenium_axe_python' 2>/dev/null; then
  packages=("selenium>=4.11,<5" "pytest>=7" "axe-selenium-python==2.1.6" "selenium-axe-python==2.2.0")
  python3 -m pip install -q "${packages[@]}" 2>/dev/null \
    || python3 -m pip install -q --break-system-packages "${packages[@]}"
fi

rm -rf "$artifacts"
mkdir -p "$artifacts"
work=$(mktemp -d)
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$lantern" demo --folder "$work" --port "$port" >"$artifacts/server.log" 2>&1 &
server=$!
stop() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM

url="http://127.0.0.1:$port"
for _ in $(seq 1200); do
  if python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1] + '/health', timeout=1)" "$url" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    echo "lantern demo exited before serving:" >&2; cat "$artifacts/server.log" >&2; exit 1
  fi
  sleep 0.1
done
python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1] + '/health', timeout=1)" "$url" \
  || { echo "lantern did not answer $url/health within 120 s" >&2; cat "$artifacts/server.log" >&2; exit 1; }
echo "Lantern demo on $url (server log: $artifacts/server.log)"

status=0
LANTERN_URL="$url" timeout --kill-after=15 "${LANTERN_BROWSER_TIMEOUT:-600}" \
  python3 -m pytest e2e/browser -p no:cacheprovider -q -rfE "$@" || status=$?
if [ "$status" -eq 124 ]; then echo "browser tests stopped after ${LANTERN_BROWSER_TIMEOUT:-600} s" >&2; fi
if [ "$status" -ne 0 ]; then echo "screenshots and page sources of failures: $artifacts/" >&2; fi
exit "$status"
