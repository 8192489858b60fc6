#!/usr/bin/env bash
# One command, as root on a fresh Debian machine: installs what it needs with apt, starts a
# real registry (distribution 2.8, Debian docker-registry) with htpasswd Basic auth and
# mitmproxy on 127.0.0.1 only; builds tiny images offline with buildah, records podman
# failing to log in and logging in, podman and buildah pushing (OCI and Docker schema2), a
# multi-arch index pushed with podman manifest, podman pulling by tag and by digest,
# searching and listing tags; then stops what it started (by PID) and writes the HAR.
# Every podman/buildah storage (vfs), run root, auth file and blob-info cache lives in the
# run's temporary directory.
#   samples/capture/capture-podman.sh [out.har]   (default: samples/real/podman-push-pull.har)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-$here/../real/podman-push-pull.har}")
host=registry.test
# Not the ports of the other capture scripts, so all can run at the same time.
reg_port=${REG_PORT:-5002}
proxy_port=${PROXY_PORT:-8092}
user=alice password=wonderland

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"
need_packages docker-registry:docker-registry podman:podman buildah:buildah mitmdump:mitmproxy htpasswd:apache2-utils

name_loopback "$host"

start_work

serve_registry "$work/registry.yml" "$work/data" "$reg_port" "$(htpasswd_auth "$work/htpasswd" "$user" "$password")"

start_recording "$work" "$proxy_port"

wait_port "$reg_port"
wait_port "$proxy_port"

# podman and buildah state: everything in $work, nothing from the machine's configuration
# but /etc/containers/policy.json. Each store is one "machine": "build" builds and pushes,
# "tag" and "digest" start empty and pull, so their pulls fetch every blob.
mkdir -p "$work/tmp"
: >"$work/registries.conf"
# The auth file must exist: podman login writes to it, the other calls read it.
echo "{}" >"$work/auth.json"
export TMPDIR=$work/tmp CONTAINERS_REGISTRIES_CONF=$work/registries.conf REGISTRY_AUTH_FILE=$work/auth.json
isolated_containers_cache "$work"
store() { echo --root "$work/store-$1" --runroot "$work/run-$1" --storage-driver vfs; }
# shellcheck disable=SC2046
p() { local s=$1; shift; own_cache podman $(store "$s") --cgroup-manager cgroupfs --events-backend none --tmpdir "$work/libpod-$s" "$@"; }
# shellcheck disable=SC2046
b() { own_cache buildah $(store build) "$@"; }
# A call that must fail: the refused login is part of the recording.
p_fails() {
  if p "$@" >/dev/null 2>"$work/expected-failure.log"; then
    echo "expected podman $2 to fail, but it succeeded" >&2
    exit 1
  fi
}

# Offline builds (no traffic): a one-file image from scratch, committed with a pinned
# timestamp so its digests are stable; OCI and Docker formats, and an arm64 twin for the index.
mkdir -p "$work/rootfs"
printf 'hello from oci-har-check\n' >"$work/rootfs/hello.txt"
touch -d '2024-01-01 00:00:00Z' "$work/rootfs/hello.txt"
build() { # build NAME ARCH FORMAT
  local c
  c=$(b from --quiet --name "$1-work" scratch)
  b copy --quiet "$c" "$work/rootfs/hello.txt" /hello.txt >/dev/null
  b config --arch "$2" --os linux --cmd '["/hello.txt"]' "$c"
  b commit --quiet --timestamp 0 --identity-label=false --format "$3" "$c" "localhost/$1:v1" >/dev/null
  b rm "$c" >/dev/null
}
build tiny amd64 oci
build tiny-docker amd64 docker
build tiny-arm64 arm64 oci
p build manifest create localhost/tiny-list >/dev/null
p build manifest add localhost/tiny-list containers-storage:localhost/tiny:v1 >/dev/null
p build manifest add localhost/tiny-list containers-storage:localhost/tiny-arm64:v1 >/dev/null

export HTTP_PROXY=http://127.0.0.1:$proxy_port HTTPS_PROXY=http://127.0.0.1:$proxy_port NO_PROXY='' no_proxy=''
reg=$host:$reg_port

p_fails build login --tls-verify=false -u "$user" -p not-the-password "$reg"            # wrong password: 401
p build login --tls-verify=false -u "$user" -p "$password" "$reg" >/dev/null            # login (Basic)
p build push --quiet --tls-verify=false --format oci --digestfile "$work/hello.digest" \
  localhost/tiny:v1 "docker://$reg/demo/hello:v1"                                         # podman push (OCI)
b push --quiet --tls-verify=false localhost/tiny-docker:v1 "docker://$reg/demo/hello-docker:v1" # buildah push (Docker schema2)
p build manifest push --quiet --all --tls-verify=false --format oci \
  localhost/tiny-list "docker://$reg/demo/multi:v1"                                       # multi-arch index
p tag pull --quiet --tls-verify=false "$reg/demo/hello:v1" >/dev/null                    # pull by tag
digest=$(cat "$work/hello.digest")
p digest pull --quiet --tls-verify=false "$reg/demo/hello@$digest" >/dev/null            # pull by digest
p tag pull --quiet --tls-verify=false "$reg/demo/multi:v1" >/dev/null                    # pull through the index (amd64)
p build search --tls-verify=false --list-tags "$reg/demo/hello" >/dev/null               # list tags
p build search --tls-verify=false "$reg/demo" >/dev/null                                 # search (catalog)

stop_recording "$work" "$out"
echo "wrote $out ($(grep -o '"startedDateTime"' "$out" | wc -l) entries; image $digest)"
