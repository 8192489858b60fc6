#!/usr/bin/env bash
# The chromium-playwright scenario recorded in Playwright's zip format (har.har plus one
# `_file` sidecar per body): samples/real/chromium-playwright-zip.zip. See capture-browser.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/capture-browser.sh" "${1:-$here/../real/chromium-playwright-zip.zip}"
