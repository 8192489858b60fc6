#!/usr/bin/env bash
# One command, as root on a fresh Debian machine: reproduces with curl the push-side client
# deviations of har-producers.md B.4 that curl can show — C1, C3, C10, C11, C12, C13, C14 — against
# real registries (distribution 2.8, Debian docker-registry) through mitmproxy, one HAR each, so
# the registry's real answers are in the samples. Everything binds to 127.0.0.1; what it starts
# it stops by PID.
#   samples/capture/deviations-push.sh [out-dir]   (default: samples/deviations)
#
# curl imitates the client that had the deviation, and says so in its User-Agent:
#   curl/<version> (reproducing Cn: <client>, <what it did>)
# Servers (ports overridable with the variables in brackets):
#   registry.test:5110 [REG_PORT]     distribution, open (C1, C3, C12, C14)
#   registry.test:5114 [FRONT_PORT]   gcp-like-front.mjs before that registry: upload Locations
#                                     shaped like Google Artifact Registry's (C11)
#   registry.test:5112 [TOKREG_PORT]  distribution with token auth and the `redirect` storage
#                                     middleware: blob GETs answer 307 to the storage host (C10, C13)
#   auth.test:5113     [TOKEN_PORT]   token-server.mjs (alice/wonderland may pull and push demo/*)
#   storage.test:5111  [STORAGE_PORT] python3 http.server over that registry's storage directory,
#                                     standing in for object storage
#   127.0.0.1:8110     [PROXY_PORT]   mitmdump + har_dump.py, restarted for each sample
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
outdir=$(realpath -m "${1:-$here/../deviations}")
host=registry.test auth_host=auth.test storage_host=storage.test
reg_port=${REG_PORT:-5110}
storage_port=${STORAGE_PORT:-5111}
tokreg_port=${TOKREG_PORT:-5112}
token_port=${TOKEN_PORT:-5113}
front_port=${FRONT_PORT:-5114}
proxy_port=${PROXY_PORT:-8110}
service=$host:$tokreg_port
issuer=oci-har-check-token-server

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"
need_packages docker-registry:docker-registry mitmdump:mitmproxy curl:curl openssl:openssl node:nodejs python3:python3

name_loopback "$host" "$auth_host" "$storage_host"

start_work
mkdir -p "$outdir"

# --- servers -------------------------------------------------------------------------------
serve_registry "$work/registry.yml" "$work/data" "$reg_port"

node "$here/gcp-like-front.mjs" --port "$front_port" --upstream "$reg_port" >"$work/front.log" 2>&1 &
pids+=($!)

start_token_server "$work" "$token_port" "$issuer" "$service"

mkdir -p "$work/tokdata"
serve_registry "$work/tokreg.yml" "$work/tokdata" "$tokreg_port" "$(token_auth "http://$auth_host:$token_port/token" "$service" "$issuer" "$work/token.crt")
middleware:
  storage:
    - name: redirect
      options:
        baseurl: http://$storage_host:$storage_port/"

python3 -m http.server --bind 127.0.0.1 --directory "$work/tokdata" "$storage_port" >"$work/storage.log" 2>&1 &
pids+=($!)

for port in "$reg_port" "$front_port" "$token_port" "$tokreg_port" "$storage_port"; do wait_port "$port"; done

# --- helpers -------------------------------------------------------------------------------
curl_version=$(curl --version | awk 'NR==1{print $2}')
ua() { echo "curl/$curl_version (reproducing $1)"; }
# Through the recorder (curl proxies every host when told to, loopback names included).
rec() { curl -sS --proxy "http://127.0.0.1:$proxy_port" --noproxy '' "$@"; }
# Set-up traffic that is not part of any sample.
direct() { curl -sS --noproxy '*' "$@"; }
# The Location header of a header dump (curl -D).
location() { awk -F': ' 'tolower($1)=="location"{print $2}' "$1" | tr -d '\r' | tail -n1; }
# blob FILE SIZE TEXT: SIZE deterministic bytes (TEXT repeated), so every run has the same digests.
blob() { yes "$3" | head -c "$2" >"$1"; echo "sha256:$(sha256sum "$1" | cut -d' ' -f1)"; }
token_for() { # SCOPE… → an access token for alice, straight from the token server
  local args=() s
  for s in "$@"; do args+=(--data-urlencode "scope=$s"); done
  direct -G -u alice:wonderland --data-urlencode "service=$service" "${args[@]}" "http://127.0.0.1:$token_port/token" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))'
}
# push_direct BASE_URL REPO FILE DIGEST [BEARER]: POST + PUT outside the recording (set-up).
push_direct() {
  local auth=() loc
  [[ -n ${5:-} ]] && auth=(-H "Authorization: Bearer $5")
  direct "${auth[@]}" -X POST -H 'Content-Length: 0' -D "$work/h" -o /dev/null "$1/v2/$2/blobs/uploads/"
  loc=$(location "$work/h")
  direct "${auth[@]}" -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$3" -o /dev/null -f "$loc&digest=$4"
}
sample() { mkdir -p "$work/$1"; start_recording "$work/$1" "$proxy_port"; wait_port "$proxy_port"; }
done_sample() { stop_recording "$work/$1" "$outdir/$1.har"; echo "wrote $outdir/$1.har ($(grep -o '"startedDateTime"' "$outdir/$1.har" | wc -l) entries)"; }

reg=http://$host:$reg_port
tokreg=http://$host:$tokreg_port

# --- C1: docker/moby "streamed" upload --------------------------------------------------------
# POST, one PATCH with the whole blob as a chunked stream (no Content-Range, no Content-Length),
# then the closing PUT ?digest= with an empty body.
name=C01-docker-streamed-patch
d=$(blob "$work/c01" 3000 "oci-har-check C1 streamed layer")
agent=$(ua "C1: docker/moby push, streamed PATCH")
sample $name
rec -A "$agent" -X POST -H 'Content-Length: 0' -D "$work/h" -o /dev/null "$reg/v2/demo/c01/blobs/uploads/"
rec -A "$agent" -X PATCH -H 'Content-Type: application/octet-stream' -H 'Transfer-Encoding: chunked' \
  --data-binary @"$work/c01" -D "$work/h2" -o /dev/null "$(location "$work/h")"
rec -A "$agent" -X PUT -H 'Content-Length: 0' -o /dev/null "$(location "$work/h2")&digest=$d"
done_sample $name

# --- C3: regclient's exclusive Content-Range end ------------------------------------------------
# Two 1024-byte chunks sent as 0-1024 and 1024-2048 (one byte too far each), then the empty PUT.
name=C03-regclient-exclusive-range
d=$(blob "$work/c03" 2048 "oci-har-check C3 chunked layer")
head -c 1024 "$work/c03" >"$work/c03.a"
tail -c 1024 "$work/c03" >"$work/c03.b"
agent=$(ua "C3: regclient, exclusive Content-Range end")
sample $name
rec -A "$agent" -X POST -H 'Content-Length: 0' -D "$work/h" -o /dev/null "$reg/v2/demo/c03/blobs/uploads/"
rec -A "$agent" -X PATCH -H 'Content-Type: application/octet-stream' -H 'Content-Range: 0-1024' \
  --data-binary @"$work/c03.a" -D "$work/h" -o /dev/null "$(location "$work/h")"
rec -A "$agent" -X PATCH -H 'Content-Type: application/octet-stream' -H 'Content-Range: 1024-2048' \
  --data-binary @"$work/c03.b" -D "$work/h" -o /dev/null "$(location "$work/h")"
rec -A "$agent" -X PUT -H 'Content-Length: 0' -o /dev/null "$(location "$work/h")&digest=$d"
done_sample $name

# --- C10: Authorization forwarded to the storage host after a 307 -------------------------------
# The blob is pushed beforehand (not recorded). Then: anonymous GET (401 + challenge), token for
# alice, GET with the Bearer token; the registry redirects to storage.test and curl
# --location-trusted (like the Azure SDK, OPA and SCDF clients) sends the token there too.
name=C10-authorization-forwarded-on-redirect
d=$(blob "$work/c10" 4096 "oci-har-check C10 layer behind a redirect")
push_direct "http://127.0.0.1:$tokreg_port" demo/c10 "$work/c10" "$d" "$(token_for repository:demo/c10:pull,push)"
agent=$(ua "C10: Azure SDK, OPA, SCDF, bearer token forwarded across a redirect")
sample $name
rec -A "$agent" -o /dev/null "$tokreg/v2/demo/c10/blobs/$d" || true
tok=$(rec -A "$agent" -G -u alice:wonderland --data-urlencode "scope=repository:demo/c10:pull" \
  --data-urlencode "service=$service" "http://$auth_host:$token_port/token" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')
rec -A "$agent" -H "Authorization: Bearer $tok" --location-trusted -L -o "$work/c10.out" "$tokreg/v2/demo/c10/blobs/$d"
cmp -s "$work/c10" "$work/c10.out" || { echo "C10: the storage host did not serve the blob" >&2; exit 1; }
done_sample $name

# --- C11: an upload Location outside /v2/ rejected ---------------------------------------------
# Through gcp-like-front.mjs, the 202 carries /artifacts-uploads/namespaces/demo/repositories/c11/
# uploads/<id>. rust-oci-client (before PR #175) accepted only /v2/… paths: it gives up the push
# without using or cancelling the session; its next command lists the repository's tags.
name=C11-location-shape-rejected
agent=$(ua "C11: rust-oci-client, Location outside /v2/ rejected")
sample $name
rec -A "$agent" -X POST -H 'Content-Length: 0' -D "$work/h" -o /dev/null "http://$host:$front_port/v2/demo/c11/blobs/uploads/"
case $(location "$work/h") in /artifacts-uploads/*) ;; *) echo "C11: the front did not rewrite the Location" >&2; exit 1 ;; esac
rec -A "$agent" -o /dev/null "http://$host:$front_port/v2/demo/c11/tags/list"
done_sample $name

# --- C12: Location query dropped when appending digest= -----------------------------------------
# The closing PUT rebuilds the URL from the Location's path, losing distribution's _state.
name=C12-location-query-dropped
d=$(blob "$work/c12" 1500 "oci-har-check C12 layer")
agent=$(ua "C12: early distribution client, Location query dropped")
sample $name
rec -A "$agent" -X POST -H 'Content-Length: 0' -D "$work/h" -o /dev/null "$reg/v2/demo/c12/blobs/uploads/"
loc=$(location "$work/h")
rec -A "$agent" -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$work/c12" -o /dev/null "${loc%%\?*}?digest=$d"
done_sample $name

# --- C13: mount from a repository of another registry ------------------------------------------
# Copying otherregistry.example/foo/bar to this registry, the client asks to mount the layer from
# the source reference. distribution asks for pull access to that repository too; the token
# server grants none, so the retry with the token is refused again (401), as go-containerregistry
# users saw before PR #219.
name=C13-mount-from-other-registry
d=$(blob "$work/c13" 2500 "oci-har-check C13 layer of another registry")
agent=$(ua "C13: go-containerregistry, mount from another registry")
mount_url="$tokreg/v2/demo/c13/blobs/uploads/?mount=$d&from=otherregistry.example/foo/bar"
sample $name
rec -A "$agent" -X POST -H 'Content-Length: 0' -D "$work/h" -o /dev/null "$mount_url"
challenge=$(awk -F': ' 'tolower($1)=="www-authenticate"{print $2}' "$work/h" | tr -d '\r')
scope=$(sed -n 's/.*scope="\([^"]*\)".*/\1/p' <<<"$challenge")
tok=$(rec -A "$agent" -G -u alice:wonderland --data-urlencode "scope=$scope" \
  --data-urlencode "service=$service" "http://$auth_host:$token_port/token" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')
rec -A "$agent" -H "Authorization: Bearer $tok" -X POST -H 'Content-Length: 0' -o /dev/null "$mount_url"
done_sample $name

# --- C14: a failed mount aborts the push -------------------------------------------------------
# demo/base holds one layer (pushed beforehand, not recorded). The client HEADs another layer in
# demo/c14 (404) and asks to mount it from demo/base, which lacks it: 202 and an upload session.
# Like kaniko, cc-utils and keppel before their fixes, it treats that as a failure and leaves the
# session unused; its next job mounts demo/base's layer into demo/c14-next (201).
name=C14-failed-mount-abandoned
base=$(blob "$work/c14.base" 1200 "oci-har-check C14 base layer")
d=$(blob "$work/c14" 1800 "oci-har-check C14 layer not in demo/base")
push_direct "http://127.0.0.1:$reg_port" demo/base "$work/c14.base" "$base"
agent=$(ua "C14: kaniko, cc-utils, keppel, push aborted on a failed mount")
sample $name
rec -A "$agent" -I -o /dev/null "$reg/v2/demo/c14/blobs/$d" || true
rec -A "$agent" -X POST -H 'Content-Length: 0' -o /dev/null "$reg/v2/demo/c14/blobs/uploads/?mount=$d&from=demo/base"
rec -A "$agent" -X POST -H 'Content-Length: 0' -o /dev/null "$reg/v2/demo/c14-next/blobs/uploads/?mount=$base&from=demo/base"
done_sample $name
