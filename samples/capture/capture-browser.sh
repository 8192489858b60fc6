#!/usr/bin/env bash
# One command, as root on a fresh Debian machine: installs Debian's chromium with apt and
# playwright-core with npm into a temporary directory (a capture-time tool, never a project
# dependency), starts a real registry (distribution 2.8, Debian docker-registry) on 127.0.0.1,
# and lets browser-client.mjs push, pull, list, mount, cancel, look up referrers and delete
# from inside Chromium; Playwright's recordHar writes the HAR. Stops the registry by PID.
#   samples/capture/capture-browser.sh [out.har]   (default: samples/real/chromium-playwright.har)
# With --artifact, the client pushes an image and two artifacts whose subject is that image,
# maintains the referrers tag (distribution 2.8 has no referrers API) and reads it back:
#   samples/capture/capture-browser.sh --artifact [out.har]   (default: samples/real/chromium-artifact.har)
# An output ending in .zip is recorded in Playwright's zip format (bodies as `_file` sidecars):
#   samples/capture/capture-browser.sh samples/real/chromium-playwright-zip.zip
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
scenario=basic default_out=chromium-playwright.har
if [[ ${1:-} == --artifact ]]; then
  scenario=artifact default_out=chromium-artifact.har
  shift
fi
out=$(realpath -m "${1:-$here/../real/$default_out}")
ext=har
[[ $out == *.zip ]] && ext=zip
reg_port=${REG_PORT:-5000}
playwright_version=${PLAYWRIGHT_VERSION:-1.65.1}

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"
need_packages docker-registry:docker-registry chromium:chromium node:nodejs npm:npm

# Another server on the port would answer instead of ours.
if (exec 3<>"/dev/tcp/127.0.0.1/$reg_port") 2>/dev/null; then
  echo "127.0.0.1:$reg_port is already in use (set REG_PORT)" >&2
  exit 1
fi

start_work

# playwright-core only drives a browser; it downloads none (the browser is Debian's chromium).
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$work/pw" --no-audit --no-fund --no-save \
  --loglevel=error "playwright-core@$playwright_version" >/dev/null

serve_registry "$work/registry.yml" "$work/data" "$reg_port"

wait_port "$reg_port"

# Chromium and Playwright keep their files (profile, caches, temporaries) in this run's directory.
mkdir -p "$work/home" "$work/profile" "$work/tmp"
HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_CACHE_HOME=$work/home/.cache TMPDIR=$work/tmp \
  PLAYWRIGHT_CORE=$work/pw/node_modules/playwright-core \
  node "$here/browser-client.mjs" "http://127.0.0.1:$reg_port" "$work/capture.$ext" "$work/profile" "$scenario"

[[ -s $work/capture.$ext ]] || { echo "no HAR written; registry log:" >&2; cat "$work/registry.log" >&2; exit 1; }
cp "$work/capture.$ext" "$out"
echo "wrote $out ($(chromium --version 2>/dev/null))"
