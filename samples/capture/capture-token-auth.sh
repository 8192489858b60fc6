#!/usr/bin/env bash
# One command, as root on a fresh Debian machine: installs what it needs with apt, starts a
# token server (token-server.mjs), a real registry (distribution 2.8, Debian docker-registry)
# that trusts it, and mitmproxy, all on 127.0.0.1 only; records skopeo failing to log in,
# pushing, inspecting, pulling anonymously (allowed and refused), listing tags and using an
# OAuth2 refresh token; then stops what it started (by PID) and writes the HAR.
#   samples/capture/capture-token-auth.sh [out.har]   (default: samples/real/skopeo-token-auth.har)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-$here/../real/skopeo-token-auth.har}")
host=registry.test
auth_host=auth.test
# Not the ports of capture-skopeo.sh, so both captures can run at the same time.
reg_port=${REG_PORT:-5001}
token_port=${TOKEN_PORT:-5601}
proxy_port=${PROXY_PORT:-8091}
service=$host:$reg_port
issuer=oci-har-check-token-server

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"
need_packages docker-registry:docker-registry skopeo:skopeo mitmdump:mitmproxy openssl:openssl node:nodejs

# Go clients never proxy localhost or loopback literals: give the registry and the token
# server names, so skopeo's token requests go through the proxy too.
name_loopback "$host" "$auth_host"

start_work

start_token_server "$work" "$token_port" "$issuer" "$service"

serve_registry "$work/registry.yml" "$work/data" "$reg_port" "$(token_auth "http://$auth_host:$token_port/token" "$service" "$issuer" "$work/token.crt")"

start_recording "$work" "$proxy_port"

wait_port "$token_port"
wait_port "$reg_port"
wait_port "$proxy_port"

"$here/make-image.sh" "$work/img" v1 >/dev/null

# A refresh token for alice, fetched directly (not through the proxy: the capture records
# skopeo only) with the OAuth2 password grant; skopeo then uses it as an identity token,
# which makes it request its access tokens with the OAuth2 refresh_token grant (POST).
refresh=$(node -e '
  const [url, service] = process.argv.slice(1);
  const body = new URLSearchParams({ grant_type: "password", username: "alice", password: "wonderland",
    client_id: "capture-token-auth.sh", service, access_type: "offline" });
  fetch(url, { method: "POST", body }).then(async (r) => {
    const j = await r.json();
    if (!r.ok || !j.refresh_token) throw new Error(`token server: ${r.status} ${JSON.stringify(j)}`);
    console.log(j.refresh_token);
  });' "http://127.0.0.1:$token_port/token" "$service")
printf '{"auths":{"%s":{"auth":"%s","identitytoken":"%s"}}}\n' \
  "$service" "$(printf 'alice:' | base64)" "$refresh" >"$work/identity-auth.json"

export HTTP_PROXY=http://127.0.0.1:$proxy_port HTTPS_PROXY=http://127.0.0.1:$proxy_port NO_PROXY='' no_proxy=''
# No ambient credentials: an auth file that does not exist unless a call names its own.
export REGISTRY_AUTH_FILE=$work/no-auth.json
ref=docker://$host:$reg_port
isolated_skopeo "$work"
# A call that must fail: a refused login or pull is part of the recording.
sk_fails() {
  if sk "$@" >/dev/null 2>"$work/expected-failure.log"; then
    echo "expected skopeo $1 to fail, but it succeeded" >&2
    exit 1
  fi
}

sk_fails login --tls-verify=false --authfile "$work/login-auth.json" -u alice -p not-the-password "$host:$reg_port" # wrong password: 401 from the token server
sk copy --dest-tls-verify=false --dest-creds alice:wonderland "oci:$work/img:v1" "$ref/demo/hello:v1"    # push (token for demo/hello pull,push)
sk inspect --tls-verify=false --creds alice:wonderland "$ref/demo/hello:v1" >/dev/null                 # inspect with credentials
sk copy --dest-tls-verify=false --dest-creds alice:wonderland "oci:$work/img:v1" "$ref/public/base:v1"  # push (mounts from demo/hello: two scopes)
sk inspect --tls-verify=false --no-creds "$ref/public/base:v1" >/dev/null                              # anonymous pull of a public repository
sk_fails inspect --tls-verify=false --no-creds "$ref/demo/hello:v1"                                     # anonymous pull refused: token without access, 401
sk list-tags --tls-verify=false --creds alice:wonderland "$ref/demo/hello" >/dev/null                  # list tags with credentials
sk inspect --tls-verify=false --raw --authfile "$work/identity-auth.json" "$ref/demo/hello:v1" >/dev/null # OAuth2 refresh_token grant (POST)

stop_recording "$work" "$out"
echo "wrote $out ($(grep -o '"startedDateTime"' "$out" | wc -l) entries)"
