#!/usr/bin/env bash
# One command, as root on a fresh Debian machine: records skopeo pushing an image, then an SBOM
# attached to it (an image manifest with subject and artifactType, copied byte for byte with
# --preserve-digests) to distribution 2.8, which has no referrers API. It is the producer side
# of referrers scenarios 7-9 with a real client and a real registry of today.
#   samples/capture/capture-skopeo-referrer.sh [out.har]   (default: samples/real/skopeo-referrer.har)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-$here/../real/skopeo-referrer.har}")
har_ext=har
host=registry.test
reg_port=${REG_PORT:-5000}
proxy_port=${PROXY_PORT:-8089}

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"
need_packages docker-registry:docker-registry skopeo:skopeo mitmdump:mitmproxy

name_loopback "$host"
start_work
serve_registry "$work/registry.yml" "$work/data" "$reg_port"
start_recording "$work" "$proxy_port"
wait_port "$reg_port"
wait_port "$proxy_port"

subject=$("$here/make-image.sh" "$work/img" v1)

# The SBOM artifact as an OCI layout: empty config, one SPDX layer, subject = the image.
sbom=$work/sbom
mkdir -p "$sbom/blobs/sha256"
put() { local hex; hex=$(printf '%s' "$1" | sha256sum | cut -d' ' -f1); printf '%s' "$1" >"$sbom/blobs/sha256/$hex"; echo "$hex ${#1}"; }
subject_size=$(stat -c %s "$work/img/blobs/sha256/${subject#sha256:}")
read -r empty_hex empty_size < <(put '{}')
read -r spdx_hex spdx_size < <(put '{"spdxVersion":"SPDX-2.3","name":"hello"}')
manifest=$(printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/spdx+json","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/spdx+json","digest":"sha256:%s","size":%s}],"subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%s},"annotations":{"org.opencontainers.image.created":"2024-01-01T00:00:00Z"}}' \
  "$empty_hex" "$empty_size" "$spdx_hex" "$spdx_size" "$subject" "$subject_size")
read -r m_hex m_size < <(put "$manifest")
printf '{"imageLayoutVersion":"1.0.0"}' >"$sbom/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"sbom"}}]}' "$m_hex" "$m_size" >"$sbom/index.json"

export HTTP_PROXY=http://127.0.0.1:$proxy_port HTTPS_PROXY=http://127.0.0.1:$proxy_port NO_PROXY='' no_proxy=''
ref=docker://$host:$reg_port
isolated_skopeo "$work"

sk copy --dest-tls-verify=false "oci:$work/img:v1" "$ref/demo/hello:v1"                            # the subject image
sk copy --dest-tls-verify=false --preserve-digests "oci:$sbom:sbom" "$ref/demo/hello:sbom"        # the SBOM, with subject
sk inspect --tls-verify=false --raw "$ref/demo/hello@sha256:$m_hex" >/dev/null                    # read it back by digest

stop_recording "$work" "$out"
echo "wrote $out (subject $subject, referrer sha256:$m_hex)"
