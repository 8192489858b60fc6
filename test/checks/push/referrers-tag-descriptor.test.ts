import check from '../../../checks/push/referrers-tag-descriptor.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_MANIFEST, DEFAULT_MANIFEST_DIGEST, EMPTY_DESCRIPTOR, MT, descriptor, har, jsonBytes, oci, ociIndex, ociManifest, sha256Digest } from '../../support/har.js';

const subject = descriptor(DEFAULT_MANIFEST, MT.manifest);
const tag = DEFAULT_MANIFEST_DIGEST.replace(':', '-');
const annotations = { 'org.opencontainers.image.created': '2026-11-22T00:00:00Z', 'dev.example.kind': 'sbom' };
const sbom = jsonBytes(ociManifest({ config: { ...EMPTY_DESCRIPTOR }, layers: [{ ...EMPTY_DESCRIPTOR }], subject, artifactType: 'application/vnd.example.sbom', annotations }));
// No artifactType: the config media type stands in for it.
const signature = jsonBytes(ociManifest({ config: descriptor('{}', 'application/vnd.example.signature.config'), layers: [{ ...EMPTY_DESCRIPTOR }], subject }));

const push = (bytes: string) => oci.pushManifest({ ref: sha256Digest(bytes), manifest: bytes, ociSubject: false });
const pushTag = (...entries: object[]) => oci.pushManifest({ ref: tag, manifest: jsonBytes(ociIndex({ manifests: entries as never[] })) });
const sbomEntry = descriptor(sbom, MT.manifest, { artifactType: 'application/vnd.example.sbom', annotations });
const signatureEntry = descriptor(signature, MT.manifest, { artifactType: 'application/vnd.example.signature.config' });
// What go-containerregistry's fallback wrote (cosign#4641): mediaType, size and digest only.
const { artifactType: _a, annotations: _b, ...bareSbomEntry } = sbomEntry;

checkTester.run(check, {
  valid: [
    { name: 'the entry carries the artifactType and every annotation', har: har(push(sbom), oci.pullManifest({ ref: tag, status: 404 }), pushTag(sbomEntry)) },
    { name: 'a manifest without artifactType is listed with its config mediaType', har: har(push(signature), pushTag(signatureEntry)) },
    {
      name: 'an entry already in the tag when the client read it is not this push\'s',
      har: har(push(signature), oci.pullManifest({ ref: tag, manifest: jsonBytes(ociIndex({ manifests: [bareSbomEntry] })) }), pushTag(bareSbomEntry, signatureEntry)),
    },
    { name: 'an index entry of an unknown manifest may lack artifactType', har: har(pushTag(descriptor(jsonBytes(ociIndex()), MT.index))) },
  ],
  invalid: [
    {
      name: 'C15: the entry has only mediaType, size and digest',
      har: har(push(sbom), oci.pullManifest({ ref: tag, status: 404 }), pushTag(bareSbomEntry)),
      findings: [
        { messageId: 'artifactType', entry: 2, severity: 'error' },
        { messageId: 'annotations', entry: 2 },
      ],
    },
    {
      name: 'artifactType taken from elsewhere than the manifest (the empty config of a manifest that has its own)',
      har: har(push(sbom), pushTag({ ...sbomEntry, artifactType: MT.empty })),
      findings: [{ messageId: 'artifactType', entry: 1 }],
    },
    {
      name: 'one annotation changed',
      har: har(push(sbom), pushTag({ ...sbomEntry, annotations: { ...annotations, 'dev.example.kind': 'spdx' } })),
      findings: [{ messageId: 'annotations', entry: 1 }],
    },
    {
      name: 'wrong size and mediaType',
      har: har(push(sbom), pushTag({ ...sbomEntry, size: 1, mediaType: MT.index })),
      findings: [{ messageId: 'descriptor', entry: 1 }],
    },
    {
      name: 'an image manifest entry the capture did not see, without artifactType',
      har: har(pushTag(bareSbomEntry)),
      findings: [{ messageId: 'artifactType', entry: 0 }],
    },
  ],
});
