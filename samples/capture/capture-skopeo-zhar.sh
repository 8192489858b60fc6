#!/usr/bin/env bash
# The skopeo push/pull scenario written by mitmproxy's har_dump as zlib-compressed .zhar:
# samples/real/skopeo-push-pull-zhar.zhar. See capture-skopeo.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/capture-skopeo.sh" "${1:-$here/../real/skopeo-push-pull-zhar.zhar}"
