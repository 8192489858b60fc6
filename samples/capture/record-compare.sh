#!/usr/bin/env bash
# One command, as root on a fresh Debian machine: records the same workflow of each real client
# twice, once through mitmproxy (the kit's forward proxy) and once through
# `oci-har-check record` (the client pointed at a localhost registry), each time against a fresh
# distribution 2.8. Then it compares the analyzer's verdicts on the two HARs. skopeo and podman
# go through token auth (token-server.mjs: the realm is on another host, so the recorder
# rewrites and records it); ctr and docker use an open registry.
#   samples/capture/record-compare.sh [client…]   (default: skopeo podman ctr docker)
# Prints a Markdown table (one row per client) and exits 1 when any client's verdicts differ.
# The HARs are kept in $OUT_DIR (default: a temporary directory, printed at the end).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
clients=("$@")
((${#clients[@]})) || clients=(skopeo podman ctr docker)
host=registry.test
auth_host=auth.test
token_port=${TOKEN_PORT:-5651}
proxy_port=${PROXY_PORT:-8151}
rec_port=${REC_PORT:-5750}
issuer=oci-har-check-token-server
cli=(node "$root/dist/src/cli.js")

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"
need_packages docker-registry:docker-registry skopeo:skopeo podman:podman containerd:containerd mitmdump:mitmproxy openssl:openssl node:nodejs
if [[ ! -x /usr/sbin/dockerd ]]; then apt_install docker.io; fi
[[ -f $root/dist/src/cli.js ]] || (cd "$root" && npm run build >/dev/null)

name_loopback "$host" "$auth_host"
start_work
out_dir=${OUT_DIR:-$work/out}
mkdir -p "$out_dir"
"$here/make-image.sh" "$work/img" v1 >/dev/null
port=5660

# fresh_registry AUTH — a new, empty distribution on the next port; sets reg_port, reg_pid.
fresh_registry() {
  port=$((port + 1))
  reg_port=$port
  local extra=''
  [[ $1 == token ]] && extra=$(token_auth "http://$auth_host:$token_port/token" "$host" "$issuer" "$work/token.crt")
  registry_config "$work/registry-$reg_port.yml" "$work/data-$reg_port" "$reg_port" "$extra"
  # distribution reads REGISTRY_* variables as configuration: the clients' REGISTRY_AUTH_FILE is not for it.
  env -u REGISTRY_AUTH_FILE docker-registry serve "$work/registry-$reg_port.yml" >"$work/registry-$reg_port.log" 2>&1 &
  reg_pid=$!
  pids+=("$reg_pid")
  wait_port "$reg_port"
}

start_token_server "$work" "$token_port" "$issuer" "$host"
wait_port "$token_port"

# The same steps for both ways of recording: $reg is where the client connects.
workflow_skopeo() {
  local ref=docker://$reg
  sk copy --dest-tls-verify=false --dest-creds alice:wonderland "oci:$work/img:v1" "$ref/demo/hello:v1"
  sk inspect --tls-verify=false --creds alice:wonderland "$ref/demo/hello:v1" >/dev/null
  sk copy --src-tls-verify=false --src-creds alice:wonderland "$ref/demo/hello:v1" "oci:$work/pulled-$1:v1"
  sk list-tags --tls-verify=false --creds alice:wonderland "$ref/demo/hello" >/dev/null
}
workflow_podman() {
  p "$1" pull -q "oci:$podman_img:v1" >/dev/null
  p "$1" push -q --tls-verify=false --creds alice:wonderland "$(p "$1" images -q | head -n1)" "docker://$reg/demo/hello:v1"
  p "$1-pull" pull -q --tls-verify=false --creds alice:wonderland "$reg/demo/hello:v1" >/dev/null
}
workflow_ctr() {
  c images push --plain-http --max-concurrent-uploaded-layers 1 "$reg/demo/ctr:v1" local/tiny:v1
  c -n "pulled-$1" images pull --plain-http --snapshotter native --max-concurrent-downloads 1 "$reg/demo/ctr:v1" >/dev/null
}
workflow_docker() {
  dk tag local/tiny:v1 "$reg/demo/docker:v1"
  dk push -q "$reg/demo/docker:v1" >/dev/null
  dk rmi -f "$reg/demo/docker:v1" >/dev/null
  dk pull -q "$reg/demo/docker:v1" >/dev/null
  dk rmi -f "$reg/demo/docker:v1" >/dev/null
}

# Client set-up, once per client.
setup_skopeo() {
  isolated_skopeo "$work"
  export REGISTRY_AUTH_FILE=$work/no-auth.json
}
setup_podman() {
  mkdir -p "$work/tmp"
  : >"$work/registries.conf"
  echo '{}' >"$work/auth.json"
  export TMPDIR=$work/tmp CONTAINERS_REGISTRIES_CONF=$work/registries.conf REGISTRY_AUTH_FILE=$work/auth.json
  isolated_containers_cache "$work"
  # podman names an image pulled from an OCI layout after its path, which must be lower case.
  podman_img=/tmp/ohc-record-compare-img-$$
  mkdir -p "$podman_img" && cp -r "$work/img/." "$podman_img/"
  p() { local s=$1; shift; own_cache podman --root "$work/store-$s" --runroot "$work/run-$s" --storage-driver vfs --cgroup-manager cgroupfs --events-backend none --tmpdir "$work/libpod-$s" "$@"; }
}
setup_ctr() {
  start_containerd "$work"
  tar -C "$work/img" -cf "$work/image.tar" .
  c images import --base-name local/tiny "$work/image.tar" >/dev/null
}
setup_docker() {
  local dir=$work/docker
  mkdir -p "$dir"
  echo '{}' >"$dir/daemon.json"
  DK_SOCK=$dir/docker.sock DK_CONFIG=$dir/config
  mkdir -p "$DK_CONFIG"
  # dockerd does the registry traffic: it goes through mitmproxy except for localhost (the recorder).
  HTTP_PROXY=http://127.0.0.1:$proxy_port HTTPS_PROXY=http://127.0.0.1:$proxy_port NO_PROXY=localhost,127.0.0.1 \
    /usr/sbin/dockerd --config-file "$dir/daemon.json" --data-root "$dir/data" --exec-root "$dir/exec" \
    --pidfile "$dir/dockerd.pid" -H "unix://$DK_SOCK" --storage-driver vfs --bridge none \
    --iptables=false --ip6tables=false --insecure-registry 127.0.0.0/8 \
    --max-concurrent-uploads 1 --max-concurrent-downloads 1 >"$dir/dockerd.log" 2>&1 &
  dockerd_pid=$!
  pids+=("$dockerd_pid")
  dk() { DOCKER_HOST=unix://$DK_SOCK DOCKER_CONFIG=$DK_CONFIG /usr/bin/docker "$@"; }
  for _ in $(seq 1 150); do dk version >/dev/null 2>&1 && break; sleep 0.2; done
  # docker load reads a docker-archive: skopeo converts the tiny OCI image without a registry.
  skopeo copy -q "oci:$work/img:v1" "docker-archive:$work/tiny.tar:local/tiny:v1"
  dk load -q -i "$work/tiny.tar" >/dev/null
}

# dockerd's mounts must be gone before the work directory is removed.
teardown_docker() {
  kill "$dockerd_pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.1; done
  umount -R "$work/docker/data" 2>/dev/null || true
}

teardown_podman() { rm -rf "$podman_img"; }

auth_of() { [[ $1 == skopeo || $1 == podman ]] && echo token || echo open; }

rows=()
differ=0
for client in "${clients[@]}"; do
  "setup_$client"
  # 1. mitmproxy as a forward proxy, the client talks to registry.test:<port>.
  fresh_registry "$(auth_of "$client")"
  # dockerd tries https first: mitmdump passes that TLS through (it fails and dockerd falls back
  # to http at once, as in capture-docker.sh); in forward-proxy mode http is still recorded.
  har_ext=har start_recording "$work" "$proxy_port" --ignore-hosts '^registry\.test$'
  wait_port "$proxy_port"
  reg=$host:$reg_port
  if [[ $client == docker ]]; then
    "workflow_$client" mitm >&2
  else
    HTTP_PROXY=http://127.0.0.1:$proxy_port HTTPS_PROXY=http://127.0.0.1:$proxy_port NO_PROXY='' no_proxy='' "workflow_$client" mitm >&2
  fi
  stop_recording "$work" "$out_dir/$client-mitmproxy.har"
  kill "$reg_pid"
  # 2. oci-har-check record in front of a fresh registry, the client talks to localhost:<port>.
  fresh_registry "$(auth_of "$client")"
  rec_port=$((rec_port + 1))
  "${cli[@]}" record --upstream "http://$host:$reg_port" --listen "127.0.0.1:$rec_port" -o "$out_dir/$client-record.har" 2>"$work/record-$client.log" &
  rec_pid=$!
  pids+=("$rec_pid")
  wait_port "$rec_port"
  reg=localhost:$rec_port
  NO_PROXY='*' no_proxy='*' HTTP_PROXY='' HTTPS_PROXY='' "workflow_$client" record >&2
  kill -INT "$rec_pid"
  wait "$rec_pid" || true
  kill "$reg_pid"
  if declare -F "teardown_$client" >/dev/null; then "teardown_$client"; fi
  row=$(node "$here/compare-verdicts.mjs" "$client" "$out_dir/$client-mitmproxy.har" "$out_dir/$client-record.har") || differ=1
  rows+=("$row")
done

echo "| client | exchanges (mitmproxy / record) | findings by rule (mitmproxy) | findings by rule (record) | same verdicts |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo "HARs in $out_dir" >&2
[[ -n ${OUT_DIR:-} ]] || cp -r "$out_dir" "/tmp/record-compare-$(date +%s)"
exit "$differ"
