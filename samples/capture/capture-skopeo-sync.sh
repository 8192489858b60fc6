#!/usr/bin/env bash
# One command, as root on a fresh Debian machine: installs what it needs with apt, starts a
# real registry (distribution 2.8, Debian docker-registry) and mitmproxy on 127.0.0.1 only,
# records skopeo pushing a multi-arch OCI index (`copy --all`) and a single-arch tag, syncing
# the repository to another one (`skopeo sync --src docker --dest docker`: tag list, manifest
# GETs, cross-repo mounts), pulling the whole index by digest and one platform from it by tag;
# then stops what it started (by PID) and writes the HAR.
#   samples/capture/capture-skopeo-sync.sh [out.har]   (default: samples/real/skopeo-sync.har)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-$here/../real/skopeo-sync.har}")
host=registry.test
# Not the ports of the other capture scripts, so all can run at the same time.
reg_port=${REG_PORT:-5004}
proxy_port=${PROXY_PORT:-8094}

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"
need_packages docker-registry:docker-registry skopeo:skopeo mitmdump:mitmproxy

name_loopback "$host"

start_work

serve_registry "$work/registry.yml" "$work/data" "$reg_port"

start_recording "$work" "$proxy_port"

wait_port "$reg_port"
wait_port "$proxy_port"

index=$("$here/make-index.sh" "$work/img")

export HTTP_PROXY=http://127.0.0.1:$proxy_port HTTPS_PROXY=http://127.0.0.1:$proxy_port NO_PROXY='' no_proxy=''
reg=$host:$reg_port
isolated_skopeo "$work"

sk copy --quiet --all --dest-tls-verify=false "oci:$work/img:v1" "docker://$reg/demo/multi:v1"          # multi-arch index push (OCI)
sk copy --quiet --dest-tls-verify=false "oci:$work/img:v2" "docker://$reg/demo/multi:v2"                # single-arch tag, blobs already there
sk sync --all --src docker --dest docker --src-tls-verify=false --dest-tls-verify=false \
  "$reg/demo/multi" "$reg/mirror" >/dev/null                                                             # sync every tag to mirror/multi
sk copy --quiet --all --src-tls-verify=false "docker://$reg/demo/multi@$index" "oci:$work/pulled-all:v1" # pull the whole index by digest
sk --override-arch arm64 copy --quiet --src-tls-verify=false \
  "docker://$reg/mirror/multi:v1" "oci:$work/pulled-arm64:v1"                                            # pull one platform by tag

stop_recording "$work" "$out"
echo "wrote $out ($(grep -o '"startedDateTime"' "$out" | wc -l) entries; index $index)"
