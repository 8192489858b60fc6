#!/usr/bin/env bash
# One command, as root on a fresh Debian machine: installs what it needs with apt, and three npm
# registry-client libraries with npm into a temporary prefix (capture-time tools, never project
# dependencies); starts two real registries (distribution 2.8, Debian docker-registry), one with
# htpasswd Basic auth and one with token auth behind token-server.mjs, seeds both with skopeo
# (not recorded), then records each library through mitmproxy, driven through its public API by
# npm-clients.mjs, with node-proxy.mjs sending its requests to the proxy; one HAR per library.
# Everything listens on 127.0.0.1 only; what it started it stops by PID.
#   samples/capture/capture-npm-clients.sh [out-dir]   (default: samples/real)
# writes <out-dir>/npm-docker-registry-client.har, npm-renovatebot-docker-registry-client.har and
# npm-snyk-docker-registry-v2-client.har.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
outdir=$(realpath -m "${1:-$here/../real}")
host=registry.test
auth_host=auth.test
# Not the ports of the other capture scripts, so all can run at the same time.
basic_port=${BASIC_PORT:-5150}
token_reg_port=${TOKEN_REG_PORT:-5151}
token_port=${TOKEN_PORT:-5152}
proxy_port=${PROXY_PORT:-8150}
service=$host:$token_reg_port
issuer=oci-har-check-token-server
user=alice password=wonderland
# name@version and the HAR each library's recording goes to.
libraries=(
  "docker-registry-client@${DRC_VERSION:-3.4.0} npm-docker-registry-client"
  "@renovatebot/docker-registry-client@${RENOVATE_DRC_VERSION:-3.3.0} npm-renovatebot-docker-registry-client"
  "@snyk/docker-registry-v2-client@${SNYK_DRC_VERSION:-4.0.5} npm-snyk-docker-registry-v2-client"
)

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"
need_packages docker-registry:docker-registry skopeo:skopeo mitmdump:mitmproxy htpasswd:apache2-utils \
  openssl:openssl node:nodejs npm:npm

# Another server on a port would answer instead of ours.
for port in "$basic_port" "$token_reg_port" "$token_port" "$proxy_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "127.0.0.1:$port is already in use (set BASIC_PORT, TOKEN_REG_PORT, TOKEN_PORT, PROXY_PORT)" >&2
    exit 1
  fi
done

# The registries and the token server get names: the libraries' requests name them, and the
# token realm is on another host than the registry, as with real registries.
name_loopback "$host" "$auth_host"

start_work

# The libraries, each in its own prefix (the two restify-based ones resolve different
# dependency versions). --ignore-scripts: the only install script in these trees is
# dtrace-provider's (an optional dependency of bunyan, via the restify-based clients), a
# native DTrace binding nothing here uses; bunyan runs without it.
for entry in "${libraries[@]}"; do
  spec=${entry%% *}
  npm install --prefix "$work/npm/${spec%@*}" --no-audit --no-fund --no-save --ignore-scripts \
    --loglevel=error "$spec" >>"$work/npm.log" 2>&1
done

# An htpasswd registry, and a token registry with its token server on auth.test.
serve_registry "$work/basic-registry.yml" "$work/data-basic" "$basic_port" "$(htpasswd_auth "$work/htpasswd" "$user" "$password")"

start_token_server "$work" "$token_port" "$issuer" "$service"
serve_registry "$work/token-registry.yml" "$work/data-token" "$token_reg_port" "$(token_auth "http://$auth_host:$token_port/token" "$service" "$issuer" "$work/token.crt")"

wait_port "$basic_port"
wait_port "$token_port"
wait_port "$token_reg_port"

# Seed both registries with the same image, OCI and Docker schema 2, straight to the
# registries (no proxy is running yet, and none is set): not part of any recording.
"$here/make-image.sh" "$work/img" v1 >/dev/null
isolated_skopeo "$work"
unset HTTP_PROXY HTTPS_PROXY http_proxy https_proxy NO_PROXY no_proxy
for port in "$basic_port" "$token_reg_port"; do
  sk copy -q --dest-tls-verify=false --dest-creds "$user:$password" "oci:$work/img:v1" "docker://$host:$port/demo/hello:v1"
  sk copy -q --dest-tls-verify=false --dest-creds "$user:$password" --format v2s2 "oci:$work/img:v1" "docker://$host:$port/demo/hello-docker:v1"
done

# One recording per library. The libraries get no proxy variables (restify-clients would
# tunnel with CONNECT, needle would use absolute-form itself): node-proxy.mjs sends every
# node:http request of theirs to mitmdump the same way, named by CAPTURE_PROXY.
mkdir -p "$outdir"
for entry in "${libraries[@]}"; do
  spec=${entry%% *} name=${entry##* }
  library=${spec%@*}
  mkdir -p "$work/rec-$name"
  start_recording "$work/rec-$name" "$proxy_port"
  wait_port "$proxy_port"
  CAPTURE_PROXY=http://127.0.0.1:$proxy_port node --import "$here/node-proxy.mjs" "$here/npm-clients.mjs" \
    "$library" "$work/npm/$library" "$work/img" "$host:$basic_port" "$host:$token_reg_port" >"$work/client.log" 2>&1
  stop_recording "$work/rec-$name" "$outdir/$name.har"
  version=$(node -p "require('$work/npm/$library/node_modules/$library/package.json').version")
  echo "wrote $outdir/$name.har ($(grep -o '"startedDateTime"' "$outdir/$name.har" | wc -l) entries; $library $version)"
done
