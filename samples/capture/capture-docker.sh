#!/usr/bin/env bash
# One command, as root on a fresh Debian machine: installs what it needs with apt, starts two
# real registries (distribution 2.8, Debian docker-registry: one with htpasswd Basic auth, one
# with token auth from token-server.mjs), mitmproxy and a private Docker Engine (dockerd, from
# Debian's docker.io) on 127.0.0.1 / in a temporary directory only, and records dockerd
# logging in, pushing (Docker schema 2), mounting across repositories and pulling; then stops
# what it started (by PID) and writes two HARs.
#   samples/capture/capture-docker.sh [basic.har [token.har]]
#   (defaults: samples/real/docker-push-pull.har and samples/real/docker-token-auth.har)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out_basic=$(realpath -m "${1:-$here/../real/docker-push-pull.har}")
out_token=$(realpath -m "${2:-$here/../real/docker-token-auth.har}")
host=registry.test
auth_host=auth.test
# Not the ports of the other capture scripts, so all can run at the same time.
reg_port=${REG_PORT:-5140}             # htpasswd registry
token_reg_port=${TOKEN_REG_PORT:-5141} # token-auth registry
token_port=${TOKEN_PORT:-5142}         # token server
proxy_port=${PROXY_PORT:-8140}
user=alice password=wonderland
service=$host:$token_reg_port
issuer=oci-har-check-token-server

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"

# Debian's docker.io (dockerd and /usr/bin/docker of the same build; a `docker` elsewhere on
# PATH, e.g. a static CLI in /usr/local/bin, is never used); apt_install starts no daemon.
if [[ ! -x /usr/sbin/dockerd || ! -x /usr/bin/docker ]]; then apt_install docker.io; fi
need_packages docker-registry:docker-registry mitmdump:mitmproxy htpasswd:apache2-utils openssl:openssl node:nodejs

# Docker never proxies localhost or loopback literals: the registries and the token server
# get names, so dockerd's requests go through the recording proxy.
name_loopback "$host" "$auth_host"

start_work

# --- Images, offline: a docker-archive (`docker save` layout: manifest.json) that is also the
# OCI layout make-image.sh writes. hello:v1 is make-image.sh's one-layer image; hello:v2 adds
# a second layer on top of the same first one. Sorted tars, fixed mtime and owner, gzip -n.
make_archive() { # make_archive DIR → DIR/images.tar
  local dir=$1 layout=$1/layout m1 c1 l1 d1 d2 l2 c2 config
  m1=$("$here/make-image.sh" "$layout" v1)
  { read -r c1; read -r l1; } < <(grep -o '"digest":"sha256:[0-9a-f]*"' "$layout/blobs/sha256/${m1#sha256:}" | cut -d: -f3 | tr -d '"')
  d1=$(grep -o '"diff_ids":\["sha256:[0-9a-f]*"' "$layout/blobs/sha256/$c1" | cut -d: -f3 | tr -d '"')
  mkdir -p "$dir/rootfs2"
  printf 'second layer from oci-har-check\n' >"$dir/rootfs2/v2.txt"
  tar --sort=name --mtime='2024-01-01 00:00:00Z' --owner=0 --group=0 --numeric-owner \
    --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    -C "$dir/rootfs2" -cf "$dir/layer2.tar" .
  d2=$(sha256sum "$dir/layer2.tar" | cut -d' ' -f1)
  gzip -9 -n <"$dir/layer2.tar" >"$dir/layer2.tar.gz"
  l2=$(sha256sum "$dir/layer2.tar.gz" | cut -d' ' -f1)
  mv "$dir/layer2.tar.gz" "$layout/blobs/sha256/$l2"
  config=$(printf '{"created":"2024-01-01T00:00:00Z","architecture":"amd64","os":"linux","config":{"Cmd":["/hello.txt"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s","sha256:%s"]},"history":[{"created":"2024-01-01T00:00:00Z","created_by":"oci-har-check make-image.sh"},{"created":"2024-01-01T00:00:00Z","created_by":"oci-har-check capture-docker.sh"}]}' "$d1" "$d2")
  c2=$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)
  printf '%s' "$config" >"$layout/blobs/sha256/$c2"
  printf '[{"Config":"blobs/sha256/%s","RepoTags":["oci-har-check/hello:v1"],"Layers":["blobs/sha256/%s"]},{"Config":"blobs/sha256/%s","RepoTags":["oci-har-check/hello:v2"],"Layers":["blobs/sha256/%s","blobs/sha256/%s"]}]' \
    "$c1" "$l1" "$c2" "$l1" "$l2" >"$layout/manifest.json"
  tar --sort=name --mtime='2024-01-01 00:00:00Z' --owner=0 --group=0 --numeric-owner \
    -C "$layout" -cf "$dir/images.tar" .
}
make_archive "$work/image"

proxy=http://127.0.0.1:$proxy_port

# start_dockerd DIR INSECURE_REGISTRY — a private Docker Engine: its daemon.json, data root,
# exec root (with the containerd it starts and manages), pidfile, trust key and API socket in
# DIR; vfs storage (plain copies, no mounts), no bridge, no iptables. It runs in a private
# mount namespace with an empty tmpfs on /run: dockerd 20.10 would otherwise use a system
# containerd it finds at /run/containerd/containerd.sock, and it always creates
# /run/docker/plugins. Only dockerd, not the CLI, talks to registries: the proxy goes in its
# environment. INSECURE_REGISTRY lets it fall back to http (it tries https first; mitmdump
# passes that TLS through unrecorded, see --ignore-hosts below, and it fails at once).
# Sets dockerd_pid, and the socket and CLI config directory dk() uses.
start_dockerd() {
  local dir=$1
  mkdir -p "$dir"
  # The default trust key path is /etc/docker/key.json; daemon.json (this one, not the
  # machine's /etc/docker/daemon.json) moves it.
  printf '{"deprecated-key-path":"%s"}\n' "$dir/key.json" >"$dir/daemon.json"
  HTTP_PROXY=$proxy HTTPS_PROXY=$proxy http_proxy=$proxy https_proxy=$proxy NO_PROXY='' no_proxy='' \
    unshare --mount --propagation private sh -c 'mount -t tmpfs -o mode=755 tmpfs /run && exec "$@"' sh \
    /usr/sbin/dockerd --config-file "$dir/daemon.json" --data-root "$dir/data" --exec-root "$dir/exec" \
    --pidfile "$dir/dockerd.pid" -H "unix://$dir/docker.sock" --storage-driver vfs --bridge none \
    --iptables=false --ip6tables=false --insecure-registry "$2" \
    --max-concurrent-uploads 1 --max-concurrent-downloads 1 >"$dir/dockerd.log" 2>&1 &
  dockerd_pid=$!
  pids+=("$dockerd_pid")
  DK_SOCK=$dir/docker.sock DK_CONFIG=$dir/cli
  mkdir -p "$DK_CONFIG"
  for _ in $(seq 1 300); do dk version >/dev/null 2>&1 && break; sleep 0.1; done
  dk version >/dev/null || { echo "dockerd did not start" >&2; exit 1; }
}
dk() { DOCKER_HOST=unix://$DK_SOCK DOCKER_CONFIG=$DK_CONFIG /usr/bin/docker "$@"; }
# forget_pid PID — a process this script stopped itself leaves the cleanup list, so cleanup
# never signals a PID the system may have reused since.
forget_pid() {
  local kept=() pid
  for pid in "${pids[@]}"; do [[ $pid == "$1" ]] || kept+=("$pid"); done
  pids=("${kept[@]}")
}
# stop_dockerd — SIGTERM, and wait: dockerd stops the containerd it started.
stop_dockerd() {
  kill "$dockerd_pid"
  for _ in $(seq 1 300); do
    kill -0 "$dockerd_pid" 2>/dev/null || { forget_pid "$dockerd_pid"; return 0; }
    sleep 0.1
  done
  echo "dockerd $dockerd_pid did not stop" >&2
  exit 1
}
# A call that must fail: a refused login or pull is part of the recording.
dk_fails() {
  if dk "$@" >/dev/null 2>"$work/expected-failure.log"; then
    echo "expected docker $1 to fail, but it succeeded" >&2
    exit 1
  fi
}
# The real login; its warning about the password stored in the (temporary) config is expected.
dk_login() { dk login -u "$user" --password-stdin "$reg" <<<"$password" >/dev/null 2>"$work/login.log"; }
# Every image out of the daemon, so that the next pull fetches every blob.
dk_rmi_all() {
  local ids
  ids=$(dk images -q | sort -u)
  # shellcheck disable=SC2086 # one argument per image ID
  [[ -z $ids ]] || dk rmi -f $ids >/dev/null
}
# dockerd tries https first; mitmdump must pass that TLS to the plain-http registry untouched
# (it then fails with "first record does not look like a TLS handshake" and dockerd falls back
# to http at once). Intercepted, it would answer 502 and dockerd would retry for a minute.
# In forward-proxy mode --ignore-hosts only concerns CONNECT tunnels: http is still recorded.
record() { start_recording "$1" "$proxy_port" --ignore-hosts '^registry\.test$'; wait_port "$proxy_port"; }

# --- Capture 1: htpasswd Basic auth.
mkdir -p "$work/basic/rec"
serve_registry "$work/basic/registry.yml" "$work/basic/data" "$reg_port" "$(htpasswd_auth "$work/basic/htpasswd" "$user" "$password")"
wait_port "$reg_port"
record "$work/basic/rec"
reg=$host:$reg_port
start_dockerd "$work/basic/dockerd" "$reg"
dk load -i "$work/image/images.tar" >/dev/null # offline: no traffic
dk tag oci-har-check/hello:v1 "$reg/demo/hello:v1"
dk tag oci-har-check/hello:v2 "$reg/demo/hello:v2"
dk tag oci-har-check/hello:v1 "$reg/demo/copy:v1"

dk_fails login -u "$user" --password-stdin "$reg" <<<not-the-password                  # wrong password: 401
dk_login                                                                                 # login (Basic)
dk push "$reg/demo/hello:v1" >/dev/null                                                  # push (schema 2, streamed PATCH)
dk push "$reg/demo/hello:v2" >/dev/null                                                  # push, first layer already there
dk push "$reg/demo/copy:v1" >/dev/null                                                   # push to a second repository (mount)
digest=$(dk inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$reg/demo/hello:v2" | grep "^$reg/demo/hello@" | cut -d@ -f2)
dk_rmi_all
dk pull "$reg/demo/hello:v1" >/dev/null                                                  # pull by tag
dk_rmi_all
dk pull "$reg/demo/hello@$digest" >/dev/null                                             # pull by digest (v2)
dk_fails pull "$reg/demo/hello:missing"                                                  # unknown tag: 404
dk logout "$reg" >/dev/null
dk_fails pull "$reg/demo/hello:v1"                                                       # anonymous: 401
stop_dockerd
stop_recording "$work/basic/rec" "$out_basic"
forget_pid "$mitm_pid"
echo "wrote $out_basic ($(grep -o '"startedDateTime"' "$out_basic" | wc -l) entries; demo/hello:v2 $digest)"

# --- Capture 2: token auth (token-server.mjs, as in capture-token-auth.sh), a fresh dockerd.
mkdir -p "$work/token/rec"
start_token_server "$work/token" "$token_port" "$issuer" "$service"
serve_registry "$work/token/registry.yml" "$work/token/data" "$token_reg_port" "$(token_auth "http://$auth_host:$token_port/token" "$service" "$issuer" "$work/token/token.crt")"
wait_port "$token_port"
wait_port "$token_reg_port"
record "$work/token/rec"
reg=$host:$token_reg_port
start_dockerd "$work/token/dockerd" "$reg"
dk load -i "$work/image/images.tar" >/dev/null
dk tag oci-har-check/hello:v1 "$reg/demo/hello:v1"
dk tag oci-har-check/hello:v1 "$reg/public/base:v1"

dk_fails login -u "$user" --password-stdin "$reg" <<<not-the-password  # wrong password: 401 from the token server
dk_login                                                                 # login: offline token → refresh token
dk push "$reg/demo/hello:v1" >/dev/null                                  # push (OAuth2 refresh_token grant)
dk push "$reg/public/base:v1" >/dev/null                                 # push to public/base (mount: two scopes)
dk logout "$reg" >/dev/null
dk_rmi_all
dk pull "$reg/public/base:v1" >/dev/null                                 # anonymous pull of a public repository
dk_fails pull "$reg/demo/hello:v1"                                       # anonymous pull refused
stop_dockerd
stop_recording "$work/token/rec" "$out_token"
forget_pid "$mitm_pid"
echo "wrote $out_token ($(grep -o '"startedDateTime"' "$out_token" | wc -l) entries)"
echo "versions: $(dpkg-query -W -f '${Package} ${Version}; ' docker.io docker-registry mitmproxy)$(/usr/bin/docker --version)"
