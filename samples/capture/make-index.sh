#!/usr/bin/env bash
# Builds a tiny multi-arch OCI image layout offline with pinned timestamps, so its digests are
# the same on every machine with the same tar and gzip: make-index.sh <layout-dir>
#   tag v1: an image index of two one-layer images, linux/amd64 and linux/arm64 (each its own
#           layer and config);
#   tag v2: the linux/amd64 image manifest alone (a single-arch tag beside the index).
# Prints the index digest.
set -euo pipefail
layout=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$layout/blobs/sha256"

blob() { # stores stdin as a blob, prints "<hex> <size>"
  local tmp="$work/blob" hex
  cat >"$tmp"
  hex=$(sha256sum "$tmp" | cut -d' ' -f1)
  cp "$tmp" "$layout/blobs/sha256/$hex"
  echo "$hex $(stat -c %s "$tmp")"
}

image() { # image ARCH — prints "<manifest hex> <manifest size>"
  local arch=$1 rootfs="$work/rootfs-$1" diff_id layer_hex layer_size config config_hex config_size manifest
  mkdir -p "$rootfs"
  printf 'hello from oci-har-check, %s\n' "$arch" >"$rootfs/hello.txt"
  # Deterministic tar: sorted names, fixed owner and mtime; gzip without name/time.
  tar --sort=name --mtime='2024-01-01 00:00:00Z' --owner=0 --group=0 --numeric-owner \
    --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    -C "$rootfs" -cf "$work/layer-$arch.tar" .
  diff_id=$(sha256sum "$work/layer-$arch.tar" | cut -d' ' -f1)
  read -r layer_hex layer_size < <(gzip -9 -n <"$work/layer-$arch.tar" | blob)
  config=$(printf '{"created":"2024-01-01T00:00:00Z","architecture":"%s","os":"linux","config":{"Cmd":["/hello.txt"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"2024-01-01T00:00:00Z","created_by":"oci-har-check make-index.sh"}]}' "$arch" "$diff_id")
  read -r config_hex config_size < <(printf '%s' "$config" | blob)
  manifest=$(printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
    "$config_hex" "$config_size" "$layer_hex" "$layer_size")
  printf '%s' "$manifest" | blob
}

read -r amd64_hex amd64_size < <(image amd64)
read -r arm64_hex arm64_size < <(image arm64)
index=$(printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"amd64","os":"linux"}},{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"arm64","os":"linux"}}]}' \
  "$amd64_hex" "$amd64_size" "$arm64_hex" "$arm64_size")
read -r index_hex index_size < <(printf '%s' "$index" | blob)

printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"v1"}},{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"org.opencontainers.image.ref.name":"v2"}}]}' \
  "$index_hex" "$index_size" "$amd64_hex" "$amd64_size" >"$layout/index.json"
echo "sha256:$index_hex"
