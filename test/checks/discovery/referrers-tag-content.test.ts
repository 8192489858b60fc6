import check from '../../../checks/discovery/referrers-tag-content.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_MANIFEST, DEFAULT_MANIFEST_DIGEST, EMPTY_DESCRIPTOR, MT, descriptor, har, jsonBytes, oci, ociIndex, ociManifest, sha256Digest } from '../../support/har.js';

// A multi-arch subject: an index whose only child is DEFAULT_MANIFEST.
const subjectIndex = jsonBytes(ociIndex());
const subjectDigest = sha256Digest(subjectIndex);
const tag = subjectDigest.replace(':', '-');
const apiMissing = () => oci.listReferrers({ subject: subjectDigest, status: 404 });
const resolveSubject = () => oci.pullManifest({ ref: 'v1', head: true, manifest: subjectIndex });
const fetchChild = () => oci.pullManifest({ ref: DEFAULT_MANIFEST_DIGEST, manifest: DEFAULT_MANIFEST });

// A genuine referrer of the subject and the referrers index listing it.
const artifact = jsonBytes(ociManifest({ config: { ...EMPTY_DESCRIPTOR }, layers: [{ ...EMPTY_DESCRIPTOR }], subject: descriptor(subjectIndex, MT.index), artifactType: 'application/vnd.example.sbom' }));
const referrersIndex = jsonBytes(ociIndex({ manifests: [descriptor(artifact, MT.manifest, { artifactType: 'application/vnd.example.sbom' })] }));

// A Docker manifest list at the tag: not an OCI image index.
const dockerList = jsonBytes({ schemaVersion: 2, mediaType: MT.dockerList, manifests: [descriptor(DEFAULT_MANIFEST, MT.manifest, { platform: { architecture: 'amd64', os: 'linux' } })] });

const unreadableTag = () => {
  const entries = oci.pullManifest({ ref: tag, manifest: subjectIndex });
  entries[0]!.response.content = { size: subjectIndex.length, mimeType: MT.index };
  return entries;
};

checkTester.run(check, {
  valid: [
    {
      name: 'the tag holds a referrers index; the client fetches the referrer it lists',
      har: har(resolveSubject(), apiMissing(), oci.pullManifest({ ref: tag, manifest: referrersIndex }), oci.pullManifest({ ref: sha256Digest(artifact), manifest: artifact })),
    },
    { name: 'the tag answers with the subject itself, and the client fetches nothing from it', har: har(resolveSubject(), apiMissing(), oci.pullManifest({ ref: tag, manifest: subjectIndex })) },
    {
      name: 'the client had read the subject index, so fetching its children is a pull, not referrers',
      har: har(oci.pullManifest({ ref: 'v1', manifest: subjectIndex }), apiMissing(), oci.pullManifest({ ref: tag, manifest: subjectIndex }), fetchChild()),
    },
    { name: 'no referrers 404 before: the client was not looking for referrers', har: har(oci.pullManifest({ ref: tag, manifest: subjectIndex }), fetchChild()) },
    {
      name: 'another client fetches the child',
      har: har(resolveSubject(), apiMissing(), oci.pullManifest({ ref: tag, manifest: subjectIndex }), oci.pullManifest({ ref: DEFAULT_MANIFEST_DIGEST, manifest: DEFAULT_MANIFEST, userAgent: 'other/2.0' })),
    },
  ],
  invalid: [
    {
      name: 'GitLab-like: the tag resolves to the subject itself and the client fetches its child as a referrer',
      har: har(resolveSubject(), apiMissing(), oci.pullManifest({ ref: tag, manifest: subjectIndex }), fetchChild()),
      findings: [{ messageId: 'usedAsReferrers', entry: 3, confidence: 'inferred', severity: 'warning' }],
    },
    {
      name: 'the tag holds a Docker manifest list, not an OCI image index',
      har: har(resolveSubject(), apiMissing(), oci.pullManifest({ ref: tag, manifest: dockerList, mediaType: MT.dockerList }), fetchChild(), fetchChild()),
      findings: [{ messageId: 'usedAsReferrers', entry: 3 }],
    },
  ],
  notEvaluable: [{ name: 'the tag\'s body was not captured', har: har(resolveSubject(), apiMissing(), unreadableTag(), fetchChild()) }],
});
