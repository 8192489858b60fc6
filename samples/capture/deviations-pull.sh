#!/usr/bin/env bash
# One command, as root on a fresh Debian machine: reproduces with curl the pull-side client
# deviations of har-producers.md B.4 — C4, C5, C6, C7, C8, C9, C20, C22 — against a real registry
# (distribution 2.8, Debian docker-registry) through mitmproxy, one HAR each. C7, C8 and C9 need
# a registry that misbehaves (omits, empties or mismatches Docker-Content-Digest), which
# distribution never does: those are recorded for real and then edited by the small, named
# edits at the end of this script (each sample's manifest says which), as is the C4 variant of
# a registry that reads only the first Accept line. Everything binds to 127.0.0.1; what it
# starts it stops by PID.
#   samples/capture/deviations-pull.sh [out-dir]   (default: samples/deviations)
#
# curl imitates the client that had the deviation, and says so in its User-Agent:
#   curl/<version> (reproducing Cn: <client>, <what it did>)
# Servers: registry.test:5160 [REG_PORT] distribution, open; 127.0.0.1:8160 [PROXY_PORT]
# mitmdump + har_dump.py, restarted for each sample.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
outdir=$(realpath -m "${1:-$here/../deviations}")
host=registry.test
reg_port=${REG_PORT:-5160}
proxy_port=${PROXY_PORT:-8160}

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"
need_packages docker-registry:docker-registry mitmdump:mitmproxy curl:curl node:nodejs

name_loopback "$host"

start_work
mkdir -p "$outdir"

serve_registry "$work/registry.yml" "$work/data" "$reg_port"
wait_port "$reg_port"

# The tiny OCI image of make-image.sh (same digests on every machine).
manifest_digest=$("$here/make-image.sh" "$work/img" v1)
blobs=$work/img/blobs/sha256
manifest_file=$blobs/${manifest_digest#sha256:}
read -r config_digest layer_digest < <(node -e '
  const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(m.config.digest, m.layers[0].digest);' "$manifest_file")

curl_version=$(curl --version | awk 'NR==1{print $2}')
ua() { echo "curl/$curl_version (reproducing $1)"; }
rec() { curl -sS --proxy "http://127.0.0.1:$proxy_port" --noproxy '' "$@"; }
direct() { curl -sS --noproxy '*' "$@"; }
location() { awk -F': ' 'tolower($1)=="location"{print $2}' "$1" | tr -d '\r' | tail -n1; }
sample() { mkdir -p "$work/$1"; start_recording "$work/$1" "$proxy_port"; wait_port "$proxy_port"; }
done_sample() { stop_recording "$work/$1" "$outdir/$1.har"; echo "wrote $outdir/$1.har ($(grep -o '"startedDateTime"' "$outdir/$1.har" | wc -l) entries)"; }

reg=http://$host:$reg_port
OCI_MANIFEST=application/vnd.oci.image.manifest.v1+json
OCI_INDEX=application/vnd.oci.image.index.v1+json
DOCKER_MANIFEST=application/vnd.docker.distribution.manifest.v2+json
DOCKER_LIST=application/vnd.docker.distribution.manifest.list.v2+json

# push CURL REPO: the image's config and layer (POST + PUT each) and its manifest as tag v1.
push() {
  local via=$1 repo=$2 d loc
  for d in "$config_digest" "$layer_digest"; do
    $via -A "$agent" -X POST -H 'Content-Length: 0' -D "$work/h" -o /dev/null "$reg/v2/$repo/blobs/uploads/"
    loc=$(location "$work/h")
    $via -A "$agent" -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$blobs/${d#sha256:}" -o /dev/null -f "$loc&digest=$d"
  done
  $via -A "$agent" -X PUT -H "Content-Type: $OCI_MANIFEST" --data-binary @"$manifest_file" -o /dev/null -f "$reg/v2/$repo/manifests/v1"
}

# --- C4: each Accept type on its own header line (skopeo / containers-image) -------------------
# RFC 9110 makes repeated lines one list; distribution reads them all and serves the manifest.
name=C04-accept-split-lines
agent=$(ua "C4: skopeo, one Accept line per type")
push direct demo/c04
sample $name
rec -A "$agent" -H "Accept: $DOCKER_MANIFEST" -H "Accept: $DOCKER_LIST" -H "Accept: $OCI_MANIFEST" -H "Accept: $OCI_INDEX" \
  -o /dev/null -f "$reg/v2/demo/c04/manifests/v1"
done_sample $name

# The same client in front of a registry that reads only the first Accept line (spinifex before
# its fix): the push is recorded too, so the stored type is in evidence.
name=C04-registry-reads-first-accept-line
sample $name
push rec demo/c04-first
rec -A "$agent" -H "Accept: $DOCKER_MANIFEST" -H "Accept: $DOCKER_LIST" -H "Accept: $OCI_MANIFEST" -H "Accept: $OCI_INDEX" \
  -o /dev/null -f "$reg/v2/demo/c04-first/manifests/v1"
done_sample $name

# --- C5: HEAD of a manifest without Accept (distribution client Exists(), before 2025) ---------
# The push is recorded too: distribution answers 404 for the OCI manifest it stored, because a
# request without Accept gets Docker schema 1 negotiation.
name=C05-head-without-accept
agent=$(ua "C5: distribution client Exists(), HEAD without Accept")
sample $name
push rec demo/c05
rec -A "$agent" -H 'Accept:' -I -o /dev/null "$reg/v2/demo/c05/manifests/v1" || true
done_sample $name

# --- C6: a hard-coded Docker-only Accept list (crane, historic) --------------------------------
# The OCI manifest is pushed in the recording; the client then asks for it with an Accept that
# lists only Docker types, and distribution answers 404 MANIFEST_UNKNOWN.
name=C06-hardcoded-accept-list
sample $name
agent=$(ua "C6: oras-go / modern client, pushing an OCI image")
push rec demo/c06
agent=$(ua "C6: crane (historic), hard-coded Docker-only Accept")
rec -A "$agent" -H "Accept: $DOCKER_MANIFEST, $DOCKER_LIST" -o /dev/null "$reg/v2/demo/c06/manifests/v1" || true
done_sample $name

# --- C7: a client that depends on Docker-Content-Digest -----------------------------------------
# HEAD by tag to learn the digest (containerd's resolver, diun, …); the registry's answer is
# edited below to omit the header (ECR, Red Hat, static S3 registries), and the client stops.
name=C07-digest-header-missing
agent=$(ua "C7: containerd resolver (historic), needs Docker-Content-Digest")
push direct demo/c07
sample $name
rec -A "$agent" -H "Accept: $OCI_MANIFEST, $OCI_INDEX, $DOCKER_MANIFEST, $DOCKER_LIST" -I -o /dev/null -f "$reg/v2/demo/c07/manifests/v1"
done_sample $name

# --- C8: content used without verifying its digest ---------------------------------------------
# Pull by digest, then the config and layer the manifest lists; the manifest body is edited below
# so that it no longer hashes to the digest requested (a broken cache or registry).
name=C08-digest-not-verified
agent=$(ua "C8: rust-oci-client / oras-py, body not verified")
push direct demo/c08
sample $name
rec -A "$agent" -H "Accept: $OCI_MANIFEST, $OCI_INDEX" -o /dev/null -f "$reg/v2/demo/c08/manifests/$manifest_digest"
rec -A "$agent" -o /dev/null -f "$reg/v2/demo/c08/blobs/$config_digest"
rec -A "$agent" -o /dev/null -f "$reg/v2/demo/c08/blobs/$layer_digest"
done_sample $name

# --- C9: an empty Docker-Content-Digest ---------------------------------------------------------
name=C09-digest-header-empty
agent=$(ua "C9: rust-oci-client (historic), empty Docker-Content-Digest taken as present")
push direct demo/c09
sample $name
rec -A "$agent" -H "Accept: $OCI_MANIFEST, $OCI_INDEX" -I -o /dev/null -f "$reg/v2/demo/c09/manifests/v1"
# The client takes the (edited, empty) header as the digest and pulls by it: manifests/<empty>.
rec -A "$agent" -H "Accept: $OCI_MANIFEST, $OCI_INDEX" -o /dev/null "$reg/v2/demo/c09/manifests/" || true
done_sample $name

# --- C20: a manifest pushed without a top-level mediaType (helm) -------------------------------
name=C20-manifest-without-media-type
agent=$(ua "C20: helm, manifest without mediaType")
sample $name
for d in "$config_digest" "$layer_digest"; do
  rec -A "$agent" -X POST -H 'Content-Length: 0' -D "$work/h" -o /dev/null "$reg/v2/demo/c20/blobs/uploads/"
  rec -A "$agent" -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$blobs/${d#sha256:}" -o /dev/null -f "$(location "$work/h")&digest=$d"
done
node -e '
  const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  delete m.mediaType;
  process.stdout.write(JSON.stringify(m));' "$manifest_file" >"$work/c20.json"
rec -A "$agent" -X PUT -H "Content-Type: $OCI_MANIFEST" --data-binary @"$work/c20.json" -o /dev/null "$reg/v2/demo/c20/manifests/v1"
done_sample $name

# --- C22: Accept with the descriptor's media type and */* on blob HEAD/GET (containerd) ------------
# Blobs are opaque and the spec puts no requirement on Accept for them; distribution ignores it.
name=C22-blob-accept-wildcard
agent=$(ua "C22: containerd fetcher, Accept on blobs")
push direct demo/c22
sample $name
rec -A "$agent" -H 'Accept: application/vnd.oci.image.layer.v1.tar+gzip, */*' -I -o /dev/null -f "$reg/v2/demo/c22/blobs/$layer_digest"
rec -A "$agent" -H 'Accept: application/vnd.oci.image.layer.v1.tar+gzip, */*' -o /dev/null -f "$reg/v2/demo/c22/blobs/$layer_digest"
done_sample $name

# --- Edits: registry behaviour distribution does not have ---------------------------------------
# edit FILE ENTRY JS: runs JS with `e` bound to that entry of the HAR, rewriting it in place.
edit() {
  node -e '
    const fs = require("fs");
    const [file, index, code] = process.argv.slice(1);
    const har = JSON.parse(fs.readFileSync(file, "utf8"));
    const e = har.log.entries[Number(index)];
    const header = (list, name) => list.findIndex((h) => h.name.toLowerCase() === name);
    new Function("e", "header", code)(e, header);
    fs.writeFileSync(file, JSON.stringify(har, null, 2));' "$@"
}
# C4: har_dump.py writes repeated header lines as one line joined by ", " (mitmproxy's
# Headers.items()), so the four Accept lines curl sent are split back as they were on the wire.
split_accept='
  const i = header(e.request.headers, "accept");
  const types = e.request.headers[i].value.split(", ");
  e.request.headers.splice(i, 1, ...types.map((value) => ({ name: "Accept", value })));'
edit "$outdir/C04-accept-split-lines.har" 0 "$split_accept"
edit "$outdir/C04-registry-reads-first-accept-line.har" 5 "$split_accept"
# C4 variant: the response to the split-Accept GET becomes the 406 a registry reading only the
# first Accept line gives (spinifex before PR #399: Docker schema 2 only, so "not acceptable").
edit "$outdir/C04-registry-reads-first-accept-line.har" 5 '
  const body = JSON.stringify({ errors: [{ code: "UNSUPPORTED", message: "no manifest of an accepted media type", detail: "accept: application/vnd.docker.distribution.manifest.v2+json" }] });
  e.response.status = 406; e.response.statusText = "Not Acceptable";
  e.response.headers = e.response.headers.filter((h) => !["docker-content-digest", "etag", "content-type", "content-length"].includes(h.name.toLowerCase()));
  e.response.headers.push({ name: "Content-Type", value: "application/json; charset=utf-8" }, { name: "Content-Length", value: String(body.length) });
  e.response.content = { size: body.length, mimeType: "application/json; charset=utf-8", text: body };
  e.response.bodySize = body.length;'
# C7: the HEAD answer loses Docker-Content-Digest.
edit "$outdir/C07-digest-header-missing.har" 0 '
  e.response.headers = e.response.headers.filter((h) => h.name.toLowerCase() !== "docker-content-digest");'
# C8: one byte of the manifest body changes ("2024" → "2025" in its created annotation).
edit "$outdir/C08-digest-not-verified.har" 0 '
  const text = e.response.content.encoding === "base64" ? Buffer.from(e.response.content.text, "base64").toString("utf8") : e.response.content.text;
  const changed = text.replace("2024-01-01T00:00:00Z\"}}", "2025-01-01T00:00:00Z\"}}");
  if (changed === text) throw new Error("C8: annotation not found");
  e.response.content.text = changed; delete e.response.content.encoding;'
# C9: Docker-Content-Digest is present but empty.
edit "$outdir/C09-digest-header-empty.har" 0 '
  e.response.headers[header(e.response.headers, "docker-content-digest")].value = "";'
echo "edited C04-accept-split-lines, C04-registry-reads-first-accept-line, C07, C08, C09"
