# shellcheck shell=bash
# Shared by the capture scripts (sourced, not run). Everything binds to 127.0.0.1.
capture_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# apt_install PACKAGE … — installs without starting any service: maintainer scripts of
# docker-registry, docker.io and containerd would start system daemons at once (a registry on
# :5000 collides with the capture ports, and none of them was asked for). A policy-rc.d that
# says 101 forbids that for the length of the install and is removed again. No recommends
# (cgroupfs-mount, needrestart, … start or restart services of their own).
apt_install() {
  (
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      trap 'rm -f /usr/sbin/policy-rc.d' EXIT
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
      chmod 755 /usr/sbin/policy-rc.d
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  )
}

# need_packages cmd:package … — installs with apt the packages whose command is missing.
need_packages() {
  local need=() pair
  for pair in "$@"; do command -v "${pair%%:*}" >/dev/null || need+=("${pair##*:}"); done
  if ((${#need[@]})); then apt_install "${need[@]}"; fi
}

# name_loopback NAME … — Go clients never proxy localhost or loopback literals, so servers
# get names in /etc/hosts and requests to them go through the recording proxy.
name_loopback() {
  local name
  for name in "$@"; do
    grep -qE "^127\.0\.0\.1[[:space:]].*\b$name\b" /etc/hosts || echo "127.0.0.1 $name" >>/etc/hosts
  done
}

# wait_port PORT — until something listens on 127.0.0.1:PORT (10 s at most).
wait_port() {
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "port $1 did not open" >&2
  return 1
}

# registry_config FILE DATA_DIR PORT [EXTRA_YAML] — distribution 2.8 with filesystem storage
# and deletes enabled; EXTRA_YAML (e.g. an auth: block) is appended as is.
registry_config() {
  cat >"$1" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $2
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$3
${4:-}
YML
}

# isolated_skopeo WORK_DIR — defines sk(): skopeo (as root) keeps a blob-info cache in
# /var/lib/containers/cache that outlives runs and makes later pushes HEAD (and try to mount
# from) repositories of earlier runs. Each call gets this run's own, initially empty, cache by
# a bind mount in a private mount namespace, so every run records what a fresh machine would.
isolated_skopeo() {
  mkdir -p "$1/blob-info-cache" /var/lib/containers/cache
  SKOPEO_CACHE=$1/blob-info-cache
  sk() {
    unshare --mount --propagation private sh -c \
      'mount --bind "$0" /var/lib/containers/cache && exec skopeo --insecure-policy "$@"' \
      "$SKOPEO_CACHE" "$@"
  }
}

# isolated_containers_cache WORK_DIR — defines own_cache(): isolated_skopeo for any
# containers/image client. podman and buildah (as root) use the same blob-info cache in
# /var/lib/containers/cache; `own_cache CMD ARGS…` runs CMD in a private mount namespace with
# this run's own, initially empty, cache bind-mounted there.
isolated_containers_cache() {
  mkdir -p "$1/blob-info-cache" /var/lib/containers/cache
  CONTAINERS_CACHE=$1/blob-info-cache
  own_cache() {
    unshare --mount --propagation private sh -c \
      'mount --bind "$0" /var/lib/containers/cache && exec "$@"' "$CONTAINERS_CACHE" "$@"
  }
}

# serve_registry CONFIG DATA_DIR PORT [EXTRA_YAML] — writes the config (registry_config) and
# starts distribution on it, logging beside the config (x.yml → x.log); adds its PID to pids.
serve_registry() {
  registry_config "$@"
  docker-registry serve "$1" >"${1%.yml}.log" 2>&1 &
  pids+=($!)
}

# htpasswd_auth FILE USER PASSWORD — writes a bcrypt htpasswd file (distribution accepts no
# other hash) and prints the registry's auth: block for it (EXTRA_YAML of serve_registry).
htpasswd_auth() {
  htpasswd -Bbn "$2" "$3" >"$1"
  printf 'auth:\n  htpasswd:\n    realm: oci-har-check\n    path: %s' "$1"
}

# start_token_server DIR PORT ISSUER SERVICE — a throwaway signing key and self-signed
# certificate in DIR (token.key, token.crt: the server puts the certificate in each JWT's x5c
# header, the registry trusts it as rootcertbundle), then token-server.mjs on 127.0.0.1:PORT,
# logging to DIR/token.log; adds its PID to pids.
start_token_server() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$3" \
    -keyout "$1/token.key" -out "$1/token.crt" 2>/dev/null
  node "$capture_dir/token-server.mjs" --port "$2" --key "$1/token.key" --cert "$1/token.crt" \
    --issuer "$3" --service "$4" >"$1/token.log" 2>&1 &
  pids+=($!)
}

# token_auth REALM SERVICE ISSUER CERT — the registry's auth: block for a token server.
token_auth() {
  printf 'auth:\n  token:\n    realm: %s\n    service: %s\n    issuer: %s\n    rootcertbundle: %s' "$1" "$2" "$3" "$4"
}

# start_recording WORK_DIR PROXY_PORT [MITMDUMP_ARG…] — mitmdump as a forward proxy on
# 127.0.0.1 with the har_dump.py addon from where Debian's mitmproxy package installs it, plus
# any extra mitmdump arguments; sets mitm_pid and adds it to the caller's pids array (for its
# cleanup trap). With har_ext=zhar set by the caller, har_dump writes zlib-compressed `.zhar`.
start_recording() {
  local har_dump dir=$1 port=$2
  shift 2
  har_dump=$(dpkg -L mitmproxy | grep '/har_dump\.py$' | head -n1)
  [[ -n $har_dump ]] || { echo "har_dump.py not found in the mitmproxy package" >&2; exit 1; }
  mitmdump -q --listen-host 127.0.0.1 --listen-port "$port" "$@" -s "$har_dump" --set hardump="$dir/capture.${har_ext:-har}" >"$dir/mitm.log" 2>&1 &
  mitm_pid=$!
  pids+=("$mitm_pid")
}

# stop_recording WORK_DIR OUT — har_dump writes the file when mitmdump exits on SIGINT.
stop_recording() {
  kill -INT "$mitm_pid"
  for _ in $(seq 1 100); do kill -0 "$mitm_pid" 2>/dev/null || break; sleep 0.1; done
  [[ -s $1/capture.${har_ext:-har} ]] || { echo "mitmdump wrote no HAR; log:" >&2; cat "$1/mitm.log" >&2; exit 1; }
  cp "$1/capture.${har_ext:-har}" "$2"
}

# start_work — a private work directory ($work) and the PIDs the script starts ($pids, add with
# pids+=($!)); on exit it stops them by PID, shows the tail of every log under $work when the
# script failed, and removes the directory.
start_work() {
  work=$(mktemp -d)
  pids=()
  trap stop_work EXIT
}
stop_work() {
  local status=$? log pid
  if ((status != 0)); then
    while IFS= read -r log; do
      [[ -s $log ]] && { echo "--- ${log#"$work"/}" >&2; tail -n 20 "$log" >&2; }
    done < <(find "$work" -name '*.log' 2>/dev/null | LC_ALL=C sort)
  fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  chmod -R u+w "$work" 2>/dev/null || true # vfs layers may hold read-only directories
  rm -rf "$work"
}

# start_containerd WORK_DIR — a private containerd: its own root, state, socket and plugin
# dirs under WORK_DIR, no CRI, isolated content sharing. Sets sock, defines c() (ctr on that
# socket) and adds the daemon's PID to pids. ctr pushes and pulls in its own process, so it
# reads HTTP_PROXY from the environment of each call.
start_containerd() {
  local work=$1
  sock=$work/containerd.sock
  cat >"$work/containerd.toml" <<TOML
version = 2
root = "$work/ctrd/root"
state = "$work/ctrd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[debug]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$work/ctrd/opt"
[plugins."io.containerd.metadata.v1.bolt"]
  content_sharing_policy = "isolated"
TOML
  containerd --config "$work/containerd.toml" >"$work/containerd.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do ctr -a "$sock" version >/dev/null 2>&1 && break; sleep 0.1; done
  ctr -a "$sock" version >/dev/null || { echo "containerd did not start; log:" >&2; cat "$work/containerd.log" >&2; exit 1; }
  c() { ctr -a "$sock" "$@"; }
}
