#!/usr/bin/env bash
# One command, as root on a fresh Debian machine: records the discovery-side known client
# deviations of shared/reference/har-producers.md B.4 (C15, C16, C17, C19, C21, C23, C25) with curl
# through mitmproxy against real registries (distribution 2.8, Debian docker-registry), everything
# on 127.0.0.1, then stops what it started (by PID) and writes one HAR per sample:
#   samples/capture/deviations-discovery.sh [out-dir]   (default: samples/deviations)
#
# curl plays the deviating client: each request is what the client named in B.4 sends (User-Agent
# "curl/<version> (reproducing Cnn)"). What the registries answer is theirs, except in the samples
# marked "edited" below, whose manifests say exactly what was changed and why: distribution 2.8
# cannot answer that way (no tag-list Link, never a 400 for ns, always Docker-Distribution-API-Version),
# and C25 is about a HAR writer, so its edit is the writer's omission.
# Registry state the samples need beforehand (images, tags) is pushed directly, without the proxy,
# so the captures hold only the deviating client's traffic.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-$here/../deviations}")
host=registry.test
reg_port=${REG_PORT:-5130}
auth_port=${AUTH_REG_PORT:-5131}
proxy_port=${PROXY_PORT:-8130}

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"
need_packages docker-registry:docker-registry mitmdump:mitmproxy htpasswd:apache2-utils curl:curl python3:python3

name_loopback "$host"

start_work

# An open registry, and one behind htpasswd Basic auth (C21).
serve_registry "$work/open.yml" "$work/open-data" "$reg_port"
serve_registry "$work/auth.yml" "$work/auth-data" "$auth_port" "$(htpasswd_auth "$work/htpasswd" alice wonderland)"
wait_port "$reg_port"
wait_port "$auth_port"

reg=http://$host:$reg_port
curl_version=$(curl --version | awk 'NR == 1 { print $2 }')
OCI_MANIFEST=application/vnd.oci.image.manifest.v1+json
OCI_INDEX=application/vnd.oci.image.index.v1+json
ACCEPT="$OCI_MANIFEST, $OCI_INDEX, application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json"

# --- registry state, pushed directly (not recorded) -------------------------------------------
setup() { curl -sS --fail --noproxy '*' -A 'deviations-discovery setup' "$@"; }
digest_of() { echo "sha256:$(sha256sum "$1" | cut -d' ' -f1)"; }
size_of() { stat -c %s "$1"; }
# push_blob REPO FILE — monolithic POST + PUT.
push_blob() {
  local loc
  loc=$(setup -X POST -H 'Content-Length: 0' -D - -o /dev/null "$reg/v2/$1/blobs/uploads/" | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
  [[ $loc == http* ]] || loc=$reg$loc
  setup -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$2" -o /dev/null "$loc&digest=$(digest_of "$2")"
}
# push_manifest REPO REF FILE MEDIA_TYPE
push_manifest() { setup -X PUT -H "Content-Type: $4" --data-binary @"$3" -o /dev/null "$reg/v2/$1/manifests/$2"; }
# Files with fixed bytes, so every run gives the same digests.
printf 'hello from oci-har-check\n' >"$work/layer"
layer_digest=$(digest_of "$work/layer")
for arch in amd64 arm64; do
  printf '{"architecture":"%s","os":"linux","rootfs":{"type":"layers","diff_ids":["%s"]}}' "$arch" "$layer_digest" >"$work/config-$arch"
  printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%s}]}' \
    "$OCI_MANIFEST" "$(digest_of "$work/config-$arch")" "$(size_of "$work/config-$arch")" "$layer_digest" "$(size_of "$work/layer")" >"$work/manifest-$arch"
done
printf '{"schemaVersion":2,"mediaType":"%s","manifests":[{"mediaType":"%s","digest":"%s","size":%s,"platform":{"architecture":"amd64","os":"linux"}},{"mediaType":"%s","digest":"%s","size":%s,"platform":{"architecture":"arm64","os":"linux"}}]}' \
  "$OCI_INDEX" "$OCI_MANIFEST" "$(digest_of "$work/manifest-amd64")" "$(size_of "$work/manifest-amd64")" "$OCI_MANIFEST" "$(digest_of "$work/manifest-arm64")" "$(size_of "$work/manifest-arm64")" >"$work/index"
amd64=$(digest_of "$work/manifest-amd64")
arm64=$(digest_of "$work/manifest-arm64")
index=$(digest_of "$work/index")
config_amd64=$(digest_of "$work/config-amd64")
# push_image REPO TAG… — the amd64 image under each tag.
push_image() {
  local repo=$1 tag
  shift
  push_blob "$repo" "$work/layer"
  push_blob "$repo" "$work/config-amd64"
  for tag in "$@"; do push_manifest "$repo" "$tag" "$work/manifest-amd64" "$OCI_MANIFEST"; done
}
# push_index REPO TAG… — both platform images and the index under each tag.
push_index() {
  local repo=$1 tag
  shift
  push_blob "$repo" "$work/layer"
  push_blob "$repo" "$work/config-amd64"
  push_blob "$repo" "$work/config-arm64"
  push_manifest "$repo" "$amd64" "$work/manifest-amd64" "$OCI_MANIFEST"
  push_manifest "$repo" "$arm64" "$work/manifest-arm64" "$OCI_MANIFEST"
  for tag in "$@"; do push_manifest "$repo" "$tag" "$work/index" "$OCI_INDEX"; done
}

# --- recording ----------------------------------------------------------------------------------
# record NAME CID — mitmdump for one sample; c() is the deviating client, through the proxy.
record() {
  sample=$1
  cid=$2
  rec=$work/rec-$sample
  mkdir -p "$rec"
  start_recording "$rec" "$proxy_port"
  wait_port "$proxy_port"
}
c() { curl -sS -x "http://127.0.0.1:$proxy_port" -A "curl/$curl_version (reproducing $cid)" "$@"; }
finish() {
  stop_recording "$rec" "$work/$sample.har"
  local keep=() pid
  for pid in "${pids[@]}"; do [[ $pid == "$mitm_pid" ]] || keep+=("$pid"); done
  pids=("${keep[@]}")
}
# edit NAME PYTHON — applies a Python edit to the recorded HAR (`entries`, helpers below).
edit() {
  python3 - "$work/$1.har" "$2" <<'PY'
import json, sys
path, code = sys.argv[1], sys.argv[2]
har = json.load(open(path))
entries = har['log']['entries']

def drop_headers(headers, *names):
    lower = {n.lower() for n in names}
    headers[:] = [h for h in headers if h['name'].lower() not in lower]

def set_header(headers, name, value):
    drop_headers(headers, name)
    headers.append({'name': name, 'value': value})

def set_body(response, text, mime):
    body = text.encode()
    response['content'] = {'size': len(body), 'compression': 0, 'mimeType': mime, 'text': text}
    response['bodySize'] = len(body)
    response['headersSize'] = -1  # the recorded size no longer holds
    set_header(response['headers'], 'Content-Type', mime)
    set_header(response['headers'], 'Content-Length', str(len(body)))

exec(code)
with open(path, 'w') as f:
    f.write(json.dumps(har, indent=2))
PY
}

# C15 — cosign through go-containerregistry: the fallback tag lists the artifact with mediaType,
# size and digest only, without its artifactType and annotations.
push_image demo/c15 v1
printf '{}' >"$work/empty"
printf '{"schemaVersion":2,"mediaType":"%s","artifactType":"application/vnd.example.sbom.v1+json","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},"layers":[{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2}],"subject":{"mediaType":"%s","digest":"%s","size":%s},"annotations":{"org.opencontainers.image.created":"2026-11-22T00:00:00Z","org.example.sbom.format":"spdx"}}' \
  "$OCI_MANIFEST" "$(digest_of "$work/empty")" "$(digest_of "$work/empty")" "$OCI_MANIFEST" "$amd64" "$(size_of "$work/manifest-amd64")" >"$work/sbom"
printf '{"schemaVersion":2,"mediaType":"%s","manifests":[{"mediaType":"%s","size":%s,"digest":"%s"}]}' \
  "$OCI_INDEX" "$OCI_MANIFEST" "$(size_of "$work/sbom")" "$(digest_of "$work/sbom")" >"$work/sbom-tag-index"
record C15-referrers-tag-bare-descriptor C15
loc=$(c -X POST -H 'Content-Length: 0' -D - -o /dev/null "$reg/v2/demo/c15/blobs/uploads/" | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
c -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$work/empty" -o /dev/null "$loc&digest=$(digest_of "$work/empty")"
c -X PUT -H "Content-Type: $OCI_MANIFEST" --data-binary @"$work/sbom" -o /dev/null "$reg/v2/demo/c15/manifests/$(digest_of "$work/sbom")"
c -H "Accept: $OCI_INDEX" -o /dev/null "$reg/v2/demo/c15/manifests/${amd64/:/-}"
c -X PUT -H "Content-Type: $OCI_INDEX" --data-binary @"$work/sbom-tag-index" -o /dev/null "$reg/v2/demo/c15/manifests/${amd64/:/-}"
finish

# C16 — oras-go against GitLab: the registry answers the referrers tag with the subject itself, and
# the client takes the subject index's children for referrers. distribution serves the subject at
# sha256-<hex> because it was pushed there beforehand (not recorded), as GitLab resolves that tag.
push_index demo/c16 v1 "${index/:/-}"
record C16-fallback-tag-is-subject C16
c -I -H "Accept: $ACCEPT" -o /dev/null "$reg/v2/demo/c16/manifests/v1"
c -H "Accept: $OCI_INDEX" -o /dev/null "$reg/v2/demo/c16/referrers/$index"
c -H "Accept: $OCI_INDEX" -o /dev/null "$reg/v2/demo/c16/manifests/${index/:/-}"
c -H "Accept: $ACCEPT" -o /dev/null "$reg/v2/demo/c16/manifests/$amd64"
c -H "Accept: $ACCEPT" -o /dev/null "$reg/v2/demo/c16/manifests/$arm64"
finish

# C17 — rust-oci-client before PR #259: a referrers 404 is taken for "no referrers", without the
# tag fallback; the client goes on (v1), and for v2 the run ends right after the 404.
push_image demo/c17 v1
push_blob demo/c17 "$work/config-arm64"
push_manifest demo/c17 v2 "$work/manifest-arm64" "$OCI_MANIFEST"
record C17-no-referrers-fallback C17
c -I -H "Accept: $ACCEPT" -o /dev/null "$reg/v2/demo/c17/manifests/v1"
c -H "Accept: $OCI_INDEX" -o /dev/null "$reg/v2/demo/c17/referrers/$amd64"
c -H "Accept: $ACCEPT" -o /dev/null "$reg/v2/demo/c17/manifests/$amd64"
c -o /dev/null "$reg/v2/demo/c17/blobs/$config_amd64"
c -I -H "Accept: $ACCEPT" -o /dev/null "$reg/v2/demo/c17/manifests/v2"
c -H "Accept: $OCI_INDEX" -o /dev/null "$reg/v2/demo/c17/referrers/$arm64"
finish

# C19 — containerd's ns parameter. (a) sent to the source registry itself; (b) sent to a mirror,
# which is what containerd does and the spec allows (conformant); (c) a mirror that refuses it
# (OBS, hubproxy): edited, distribution ignores ns.
push_image demo/c19 v1
record C19-ns-to-source-registry C19
c -H "Accept: $ACCEPT" -o /dev/null "$reg/v2/demo/c19/manifests/v1?ns=$host:$reg_port"
c -o /dev/null "$reg/v2/demo/c19/blobs/$config_amd64?ns=$host:$reg_port"
finish
record C19-ns-to-mirror C19
c -H "Accept: $ACCEPT" -o /dev/null "$reg/v2/demo/c19/manifests/v1?ns=docker.io"
c -o /dev/null "$reg/v2/demo/c19/blobs/$config_amd64?ns=docker.io"
finish
record C19-ns-refused-by-mirror C19
c -H "Accept: $ACCEPT" -o /dev/null "$reg/v2/demo/c19/manifests/v1?ns=docker.io"
c -H "Accept: $ACCEPT" -o /dev/null "$reg/v2/demo/c19/manifests/v1"
finish
edit C19-ns-refused-by-mirror "
r = entries[0]['response']
r['status'], r['statusText'] = 400, 'Bad Request'
drop_headers(r['headers'], 'Docker-Content-Digest', 'Etag')
set_body(r, '400 Bad Request: unsupported query parameter ns\n', 'text/plain; charset=utf-8')
"

# C21 — docker before 1.8, genuinetools/reg: (a) a 401 on the /v2/ check taken for "no v2 API"
# (the registry behind htpasswd); (b) a /v2/ answer without Docker-Distribution-API-Version taken
# for the same (edited: distribution always sends the header).
record C21-v1-after-401 C21
c -o /dev/null "http://$host:$auth_port/v2/"
c -o /dev/null "http://$host:$auth_port/v1/_ping"
finish
record C21-no-version-header C21
c -o /dev/null "$reg/v2/"
c -o /dev/null "$reg/v1/_ping"
finish
edit C21-no-version-header "
for e in entries:
    drop_headers(e['response']['headers'], 'Docker-Distribution-Api-Version')
    e['response']['headersSize'] = -1
"

# C23 — tag lists paged by a self-made last= instead of Link, or read once: edited, since
# distribution 2.8 ignores n and last and sends no Link. The pages are made Quay-like (an opaque
# next_page token in Link).
push_image demo/c23 a b c d e
push_image demo/c23b x y z
record C23-tags-link-ignored C23
c -o /dev/null "$reg/v2/demo/c23/tags/list?n=2"
c -o /dev/null "$reg/v2/demo/c23/tags/list?n=2&last=b"
c -o /dev/null "$reg/v2/demo/c23b/tags/list"
c -H "Accept: $ACCEPT" -o /dev/null "$reg/v2/demo/c23b/manifests/x"
finish
edit C23-tags-link-ignored "
pages = [
    ('demo/c23', ['a', 'b'], '</v2/demo/c23/tags/list?n=2&next_page=b2Zmc2V0OjI%3D>; rel=\"next\"'),
    ('demo/c23', ['c', 'd'], '</v2/demo/c23/tags/list?n=2&next_page=b2Zmc2V0OjQ%3D>; rel=\"next\"'),
    ('demo/c23b', ['x', 'y'], '</v2/demo/c23b/tags/list?next_page=b2Zmc2V0OjI%3D>; rel=\"next\"'),
]
for e, (name, tags, link) in zip(entries, pages):
    r = e['response']
    set_body(r, json.dumps({'name': name, 'tags': tags}, separators=(',', ':')) + '\\n', 'application/json; charset=utf-8')
    set_header(r['headers'], 'Link', link)
"

# C25 — Insomnia's HAR export: the requests as defined, without what libcurl adds when sending
# (edited: Host, Content-Length, Proxy-Connection and curl's default Accept: */* removed from the
# recorded requests; the User-Agent is kept so the sample names its client).
push_blob demo/c25 "$work/layer"
push_blob demo/c25 "$work/config-amd64"
record C25-har-without-wire-headers C25
c -o /dev/null "$reg/v2/"
c -X PUT -H "Content-Type: $OCI_MANIFEST" --data-binary @"$work/manifest-amd64" -o /dev/null "$reg/v2/demo/c25/manifests/v1"
c -H "Accept: $ACCEPT" -o /dev/null "$reg/v2/demo/c25/manifests/v1"
finish
edit C25-har-without-wire-headers "
for e in entries:
    q = e['request']
    q['headers'] = [h for h in q['headers'] if h['name'].lower() not in ('host', 'content-length', 'proxy-connection') and not (h['name'].lower() == 'accept' and h['value'] == '*/*')]
    q['headersSize'] = -1
"

mkdir -p "$out"
for har in "$work"/C*.har; do
  cp "$har" "$out/"
  echo "wrote $out/$(basename "$har") ($(grep -c '"startedDateTime"' "$har") entries)"
done
