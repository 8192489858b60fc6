#!/usr/bin/env bash
# One command, as root on a fresh Debian machine: installs what it needs with apt, starts a
# real registry (distribution 2.8, Debian docker-registry), mitmproxy and a private containerd
# daemon on 127.0.0.1 / in a temporary directory only, records containerd's `ctr` pushing,
# pulling (by tag, by digest, in other namespaces), fetching and mounting a tiny image, then
# stops what it started (by PID) and writes the HAR.
#   samples/capture/capture-ctr.sh [out.har]   (default: samples/real/ctr-push-pull.har)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-$here/../real/ctr-push-pull.har}")
host=registry.test
reg_port=${REG_PORT:-5003}
proxy_port=${PROXY_PORT:-8093}

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"
need_packages docker-registry:docker-registry containerd:containerd mitmdump:mitmproxy

name_loopback "$host"

start_work

serve_registry "$work/registry.yml" "$work/data" "$reg_port"

start_recording "$work" "$proxy_port"

wait_port "$reg_port"
wait_port "$proxy_port"

proxy=http://127.0.0.1:$proxy_port
export HTTP_PROXY=$proxy HTTPS_PROXY=$proxy http_proxy=$proxy https_proxy=$proxy NO_PROXY='' no_proxy=''

# A private containerd: its own root, state, socket and plugin dirs under $work, no CRI, and
# the native snapshotter (plain copies; no overlay mounts to leak). The proxy is in its
# environment too, although with ctr 1.6 the registry traffic is the ctr client's own.
# content_sharing_policy "isolated": by default ("shared") a namespace may use blobs another
# namespace already has, so a pull into a fresh namespace would HEAD the manifest and stop.
start_containerd "$work"

digest=$("$here/make-image.sh" "$work/img" v1)
tar -C "$work/img" -cf "$work/image.tar" .

reg=$host:$reg_port
pull_opts=(--plain-http --snapshotter native --max-concurrent-downloads 1)

c images import --base-name local/tiny "$work/image.tar" >/dev/null  # offline: no traffic
local_ref=local/tiny:v1
c images push --plain-http --max-concurrent-uploaded-layers 1 "$reg/demo/ctr:v1" "$local_ref"  # push (POST + PUT per blob)
c images push --plain-http --max-concurrent-uploaded-layers 1 "$reg/demo/ctr-second:v1" "$local_ref"  # push to a second repository
c -n pulled images pull "${pull_opts[@]}" "$reg/demo/ctr:v1" >/dev/null  # pull by tag, fresh namespace
c -n bydigest images pull "${pull_opts[@]}" "$reg/demo/ctr@$digest" >/dev/null  # pull by digest, fresh namespace
c -n fetched content fetch --plain-http "$reg/demo/ctr:v1" >/dev/null  # fetch content, no unpack
c -n pulled images push --plain-http --max-concurrent-uploaded-layers 1 "$reg/demo/ctr-mounted:v1" "$reg/demo/ctr:v1"  # push of pulled content (cross-repo mount)
c -n missing images pull "${pull_opts[@]}" "$reg/demo/ctr:missing" >/dev/null 2>&1 || true  # unknown tag (fails)

stop_recording "$work" "$out"
echo "wrote $out ($(grep -o '"startedDateTime"' "$out" | wc -l) entries; image $digest)"
