#!/usr/bin/env bash
# Builds a tiny OCI image layout offline with pinned timestamps, so its digests are the same
# on every machine with the same tar and gzip: make-image.sh <layout-dir> <tag>
set -euo pipefail
layout=$1 tag=${2:-v1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/rootfs/etc" "$layout/blobs/sha256"
printf 'hello from oci-har-check\n' >"$work/rootfs/hello.txt"
printf 'NAME="oci-har-check sample"\n' >"$work/rootfs/etc/os-release"

blob() { # stores stdin as a blob, prints "<hex> <size>"
  local tmp="$work/blob" hex
  cat >"$tmp"
  hex=$(sha256sum "$tmp" | cut -d' ' -f1)
  cp "$tmp" "$layout/blobs/sha256/$hex"
  echo "$hex $(stat -c %s "$tmp")"
}

# Deterministic tar: sorted names, fixed owner and mtime; gzip without name/time.
tar --sort=name --mtime='2024-01-01 00:00:00Z' --owner=0 --group=0 --numeric-owner \
  --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
  -C "$work/rootfs" -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
read -r layer_hex layer_size < <(gzip -9 -n <"$work/layer.tar" | blob)

config=$(printf '{"created":"2024-01-01T00:00:00Z","architecture":"amd64","os":"linux","config":{"Cmd":["/hello.txt"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"2024-01-01T00:00:00Z","created_by":"oci-har-check make-image.sh"}]}' "$diff_id")
read -r config_hex config_size < <(printf '%s' "$config" | blob)

manifest=$(printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}],"annotations":{"org.opencontainers.image.created":"2024-01-01T00:00:00Z"}}' \
  "$config_hex" "$config_size" "$layer_hex" "$layer_size")
read -r manifest_hex manifest_size < <(printf '%s' "$manifest" | blob)

printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
  "$manifest_hex" "$manifest_size" "$tag" >"$layout/index.json"
echo "sha256:$manifest_hex"
