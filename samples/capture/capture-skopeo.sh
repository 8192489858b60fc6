#!/usr/bin/env bash
# One command, as root on a fresh Debian machine: installs what it needs with apt, starts a
# real registry (distribution 2.8, Debian docker-registry) and mitmproxy on 127.0.0.1 only,
# records skopeo pushing, inspecting, pulling, listing, copying and deleting a tiny image,
# then stops what it started (by PID) and writes the HAR.
#   samples/capture/capture-skopeo.sh [out.har]   (default: samples/real/skopeo-push-pull.har)
# An output ending in .zhar is written zlib-compressed by har_dump (mitmproxy's .zhar):
#   samples/capture/capture-skopeo.sh samples/real/skopeo-push-pull-zhar.zhar
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-$here/../real/skopeo-push-pull.har}")
har_ext=har
[[ $out == *.zhar ]] && har_ext=zhar
host=registry.test
reg_port=${REG_PORT:-5000}
proxy_port=${PROXY_PORT:-8089}

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"
need_packages docker-registry:docker-registry skopeo:skopeo mitmdump:mitmproxy

name_loopback "$host"

start_work

serve_registry "$work/registry.yml" "$work/data" "$reg_port"

start_recording "$work" "$proxy_port"

wait_port "$reg_port"
wait_port "$proxy_port"

"$here/make-image.sh" "$work/img" v1 >/dev/null

export HTTP_PROXY=http://127.0.0.1:$proxy_port HTTPS_PROXY=http://127.0.0.1:$proxy_port NO_PROXY='' no_proxy=''
ref=docker://$host:$reg_port
isolated_skopeo "$work"

sk copy --dest-tls-verify=false "oci:$work/img:v1" "$ref/demo/hello:v1"                         # push (OCI)
sk copy --dest-tls-verify=false --format v2s2 "oci:$work/img:v1" "$ref/demo/hello-docker:v1"   # push (Docker schema2)
sk inspect --tls-verify=false "$ref/demo/hello:v1" >/dev/null                                   # inspect
sk copy --src-tls-verify=false "$ref/demo/hello:v1" "oci:$work/pulled:v1"                       # pull by tag
digest=$(sk inspect --tls-verify=false --format '{{.Digest}}' "$ref/demo/hello:v1")
sk copy --src-tls-verify=false "$ref/demo/hello@$digest" "oci:$work/pulled-by-digest:v1"        # pull by digest
sk list-tags --tls-verify=false "$ref/demo/hello" >/dev/null                                    # list tags
sk copy --src-tls-verify=false --dest-tls-verify=false "$ref/demo/hello:v1" "$ref/demo/copy:v1" # copy between repositories
sk delete --tls-verify=false "$ref/demo/hello-docker:v1"                                        # delete

stop_recording "$work" "$out"
echo "wrote $out (image $digest)"
