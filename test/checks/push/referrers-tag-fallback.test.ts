import check from '../../../checks/push/referrers-tag-fallback.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_MANIFEST, DEFAULT_MANIFEST_DIGEST, EMPTY_DESCRIPTOR, MT, descriptor, har, harText, jsonBytes, oci, ociIndex, ociManifest, sha256Digest } from '../../support/har.js';

const subject = descriptor(DEFAULT_MANIFEST, MT.manifest);
const artifact = jsonBytes(ociManifest({ config: { ...EMPTY_DESCRIPTOR }, layers: [{ ...EMPTY_DESCRIPTOR }], subject, artifactType: 'application/vnd.example.sbom' }));
const artifactDigest = sha256Digest(artifact);
const fallbackTag = DEFAULT_MANIFEST_DIGEST.replace(':', '-');
const tagIndex = (withEntry: boolean) =>
  ociIndex({ manifests: withEntry ? [descriptor(artifact, MT.manifest, { artifactType: 'application/vnd.example.sbom' })] : [] });

const pushArtifact = (ociSubject: boolean) => oci.pushManifest({ ref: artifactDigest, manifest: artifact, ociSubject });

// A second artifact for the same subject (a signature beside the SBOM).
const signature = jsonBytes(ociManifest({ config: { ...EMPTY_DESCRIPTOR }, layers: [{ ...EMPTY_DESCRIPTOR }], subject, artifactType: 'application/vnd.example.signature' }));
const pushSignature = () => oci.pushManifest({ ref: sha256Digest(signature), manifest: signature, ociSubject: false });
const sbomEntry = descriptor(artifact, MT.manifest, { artifactType: 'application/vnd.example.sbom' });
const signatureEntry = descriptor(signature, MT.manifest, { artifactType: 'application/vnd.example.signature' });

checkTester.run(check, {
  valid: [
    { name: 'registry confirms with OCI-Subject', har: har(oci.pushImage(), pushArtifact(true)) },
    {
      name: 'no OCI-Subject: client reads the tag (404), then pushes an index listing the artifact',
      har: har(pushArtifact(false), oci.pullManifest({ ref: fallbackTag, status: 404 }), oci.pushManifest({ ref: fallbackTag, manifest: tagIndex(true) })),
    },
    {
      name: 'two artifacts for one subject, then one tag push listing both',
      har: har(pushArtifact(false), pushSignature(), oci.pushManifest({ ref: fallbackTag, manifest: ociIndex({ manifests: [sbomEntry, signatureEntry] }) })),
    },
    {
      name: 'the tag read after the push already lists the artifact: nothing to add, no PUT needed',
      har: har(pushArtifact(false), oci.pullManifest({ ref: fallbackTag, manifest: tagIndex(true) })),
    },
    { name: 'manifest without subject needs no fallback', har: har(oci.pushImage()) },
    { name: 'a refused push needs no fallback', har: har(oci.pushManifest({ ref: artifactDigest, manifest: artifact, status: 400 })) },
  ],
  invalid: [
    {
      name: 'no OCI-Subject and no tag update by the end of the capture',
      har: har(oci.ping(), pushArtifact(false)),
      findings: [{ messageId: 'notMaintained', entry: 1, confidence: 'inferred', severity: 'error' }],
    },
    {
      name: 'two artifacts for one subject and no tag update: each one is reported',
      har: har(pushArtifact(false), pushSignature()),
      findings: [
        { messageId: 'notMaintained', entry: 0 },
        { messageId: 'notMaintained', entry: 1 },
      ],
    },
    {
      name: 'the tag read after the push lists only another artifact: still to be maintained',
      har: har(pushArtifact(false), oci.pullManifest({ ref: fallbackTag, manifest: ociIndex({ manifests: [signatureEntry] }) })),
      findings: [{ messageId: 'notMaintained', entry: 0 }],
    },
    {
      name: 'capture cut off: downgraded to a warning',
      har: harText(pushArtifact(false), oci.ping()).slice(0, -40),
      findings: [{ messageId: 'notMaintained', entry: 0, severity: 'warning' }],
    },
    {
      name: 'tag pushed without the referring manifest in its index',
      har: har(pushArtifact(false), oci.pushManifest({ ref: fallbackTag, manifest: tagIndex(false) })),
      findings: [{ messageId: 'entryMissing', entry: 1 }],
    },
    {
      name: 'two artifacts, then a tag listing only the second one',
      har: har(pushArtifact(false), pushSignature(), oci.pushManifest({ ref: fallbackTag, manifest: ociIndex({ manifests: [signatureEntry] }) })),
      findings: [{ messageId: 'entryMissing', entry: 2 }],
    },
  ],
});
