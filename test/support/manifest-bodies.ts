import { DEFAULT_LAYER, descriptor, EMPTY_DESCRIPTOR, MT, ociIndex, ociManifest } from './har.js';

/** Manifest documents for the manifest-body rules: one valid per family, one per problem. */
export const VALID_BODIES: Record<string, { doc: object; type: string }> = {
  'OCI image manifest': { doc: ociManifest(), type: MT.manifest },
  'OCI image index': { doc: ociIndex(), type: MT.index },
  'artifact with the empty config and artifactType': { doc: ociManifest({ config: { ...EMPTY_DESCRIPTOR }, artifactType: 'application/example', layers: [{ ...EMPTY_DESCRIPTOR }] }), type: MT.manifest },
  'manifest with no layers (the prose only recommends one)': { doc: ociManifest({ layers: [] }), type: MT.manifest },
  'Docker schema 2 manifest': {
    doc: { schemaVersion: 2, mediaType: MT.dockerManifest, config: descriptor('{}', MT.dockerConfig), layers: [descriptor(DEFAULT_LAYER, 'application/vnd.docker.image.rootfs.diff.tar.gzip')] },
    type: MT.dockerManifest,
  },
  'unknown media type (not judged)': { doc: { whatever: true }, type: 'application/vnd.example.thing+json' },
};

/** One document per problem; each rule's test states the finding it expects. */
export const INVALID_BODIES = {
  'schemaVersion 3': { doc: { ...ociManifest(), schemaVersion: 3 }, type: MT.manifest },
  'index entry without a digest': { doc: ociIndex({ manifests: [{ mediaType: MT.manifest, size: 3 } as never] }), type: MT.index },
  'Docker list entry without platform': {
    doc: { schemaVersion: 2, mediaType: MT.dockerList, manifests: [descriptor('{}', MT.dockerManifest)] },
    type: MT.dockerList,
  },
  'manifest and index at once (CVE-2021-41190)': { doc: { ...ociManifest(), manifests: [] }, type: MT.manifest },
  'empty descriptor with the wrong size': { doc: ociManifest({ config: { ...EMPTY_DESCRIPTOR, size: 3, data: undefined as never }, artifactType: 'application/example' }), type: MT.manifest },
  'empty config without artifactType': { doc: ociManifest({ config: { ...EMPTY_DESCRIPTOR } }), type: MT.manifest },
  'embedded data that is not the content': { doc: ociManifest({ layers: [descriptor('abc', MT.layer, { data: 'YWJk' })] }), type: MT.manifest },
  'the removed artifact manifest': {
    doc: { mediaType: 'application/vnd.oci.artifact.manifest.v1+json', artifactType: 'application/example', blobs: [] },
    type: 'application/vnd.oci.artifact.manifest.v1+json',
  },
} satisfies Record<string, { doc: object; type: string }>;
