#!/usr/bin/env bash
# One command, as root on a fresh Debian machine: records skopeo listing the tags of a
# repository that holds five (pushed beforehand, outside the recording, in the order b c e a d),
# and of a repository that does not exist, against distribution 2.8 through mitmproxy; stops
# what it started (by PID). distribution's filesystem driver lists tags in directory order, not
# the lexical order TAGS-02 asks for: the registry deviation this sample keeps in the corpus.
#   samples/capture/capture-skopeo-tags.sh [out.har]   (default: samples/real/skopeo-list-tags.har)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-$here/../real/skopeo-list-tags.har}")
host=registry.test
reg_port=${REG_PORT:-5006}
proxy_port=${PROXY_PORT:-8096}

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"
need_packages docker-registry:docker-registry skopeo:skopeo mitmdump:mitmproxy

name_loopback "$host"

start_work

serve_registry "$work/registry.yml" "$work/data" "$reg_port"
wait_port "$reg_port"

"$here/make-image.sh" "$work/img" v1 >/dev/null
ref=docker://$host:$reg_port
isolated_skopeo "$work"

# Set-up, not recorded: no proxy in the environment yet.
for tag in b c e a d; do sk copy --quiet --dest-tls-verify=false "oci:$work/img:v1" "$ref/demo/tags:$tag"; done

start_recording "$work" "$proxy_port"
wait_port "$proxy_port"
export HTTP_PROXY=http://127.0.0.1:$proxy_port HTTPS_PROXY=http://127.0.0.1:$proxy_port NO_PROXY='' no_proxy=''

sk list-tags --tls-verify=false "$ref/demo/tags"                                          # five tags
sk list-tags --tls-verify=false "$ref/demo/nothing-here" >/dev/null 2>&1 || true          # unknown repository

stop_recording "$work" "$out"
echo "wrote $out ($(grep -o '"startedDateTime"' "$out" | wc -l) entries)"
