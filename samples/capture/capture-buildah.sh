#!/usr/bin/env bash
# One command, as root on a fresh Debian machine: installs what it needs with apt, starts a
# real registry (distribution 2.8, Debian docker-registry) and mitmproxy on 127.0.0.1 only;
# builds a tiny two-platform image offline with buildah, records buildah pushing it as a
# Docker manifest list (`buildah manifest push --all --format v2s2`) and one platform as an OCI
# image, pulling every tag (`pull --all-tags`) and one platform
# through the list (`from --arch arm64`); then stops what it started (by PID) and writes the HAR.
# Every buildah storage (vfs), run root and blob-info cache lives in the run's temporary directory.
#   samples/capture/capture-buildah.sh [out.har]   (default: samples/real/buildah-manifest-list.har)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-$here/../real/buildah-manifest-list.har}")
host=registry.test
# Not the ports of the other capture scripts, so all can run at the same time.
reg_port=${REG_PORT:-5005}
proxy_port=${PROXY_PORT:-8095}

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"
need_packages docker-registry:docker-registry buildah:buildah mitmdump:mitmproxy

name_loopback "$host"

start_work

serve_registry "$work/registry.yml" "$work/data" "$reg_port"

start_recording "$work" "$proxy_port"

wait_port "$reg_port"
wait_port "$proxy_port"

# buildah state: everything in $work, nothing from the machine's configuration but
# /etc/containers/policy.json. Each store is one "machine": "build" builds and pushes, "all"
# and "arm" start empty and pull, so their pulls fetch every blob.
mkdir -p "$work/tmp"
: >"$work/registries.conf"
echo "{}" >"$work/auth.json"
export TMPDIR=$work/tmp CONTAINERS_REGISTRIES_CONF=$work/registries.conf REGISTRY_AUTH_FILE=$work/auth.json
isolated_containers_cache "$work"
b() { local s=$1; shift; own_cache buildah --root "$work/store-$s" --runroot "$work/run-$s" --storage-driver vfs "$@"; }

# Offline builds (no traffic): a one-file image from scratch per platform, committed in OCI
# format with a pinned timestamp, and a local manifest list of both.
mkdir -p "$work/rootfs"
build() { # build NAME ARCH
  local c
  printf 'hello from oci-har-check, buildah %s\n' "$2" >"$work/rootfs/hello.txt"
  touch -d '2024-01-01 00:00:00Z' "$work/rootfs/hello.txt"
  c=$(b build from --quiet --name "$1-work" scratch)
  b build copy --quiet "$c" "$work/rootfs/hello.txt" /hello.txt >/dev/null
  b build config --arch "$2" --os linux --cmd '["/hello.txt"]' "$c"
  b build commit --quiet --timestamp 0 --identity-label=false --format oci "$c" "localhost/$1:v1" >/dev/null
  b build rm "$c" >/dev/null
}
build tiny amd64
build tiny-arm64 arm64
b build manifest create localhost/tiny-list >/dev/null
b build manifest add localhost/tiny-list containers-storage:localhost/tiny:v1 >/dev/null
b build manifest add localhost/tiny-list containers-storage:localhost/tiny-arm64:v1 >/dev/null

export HTTP_PROXY=http://127.0.0.1:$proxy_port HTTPS_PROXY=http://127.0.0.1:$proxy_port NO_PROXY='' no_proxy=''
reg=$host:$reg_port

b build manifest push --quiet --all --format v2s2 --tls-verify=false \
  localhost/tiny-list "docker://$reg/demo/list:v1"                                         # Docker manifest list (and schema 2 images)
b build push --quiet --tls-verify=false --format oci localhost/tiny:v1 "docker://$reg/demo/list:v2" # one platform as an OCI image
b all pull --quiet --all-tags --tls-verify=false "$reg/demo/list" >/dev/null                # every tag (tag list, then each)
b arm from --quiet --arch arm64 --tls-verify=false "docker://$reg/demo/list:v1" >/dev/null  # one platform through the list

stop_recording "$work" "$out"
echo "wrote $out ($(grep -o '"startedDateTime"' "$out" | wc -l) entries)"
