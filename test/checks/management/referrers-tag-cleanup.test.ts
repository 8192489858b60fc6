import check from '../../../checks/management/referrers-tag-cleanup.js';
import { checkTester } from '../../support/check-tester.js';
import {
  DEFAULT_MANIFEST,
  DEFAULT_MANIFEST_DIGEST,
  EMPTY_DESCRIPTOR,
  MT,
  descriptor,
  har,
  jsonBytes,
  oci,
  ociIndex,
  ociManifest,
  sha256Digest,
  withRequestText,
} from '../../support/har.js';

const subject = descriptor(DEFAULT_MANIFEST, MT.manifest);
const sbom = jsonBytes(ociManifest({ config: { ...EMPTY_DESCRIPTOR }, layers: [{ ...EMPTY_DESCRIPTOR }], subject, artifactType: 'application/vnd.example.sbom' }));
const sbomDigest = sha256Digest(sbom);
const signature = jsonBytes(ociManifest({ config: { ...EMPTY_DESCRIPTOR }, layers: [{ ...EMPTY_DESCRIPTOR }], subject, artifactType: 'application/vnd.example.signature' }));
const sbomEntry = descriptor(sbom, MT.manifest, { artifactType: 'application/vnd.example.sbom' });
const signatureEntry = descriptor(signature, MT.manifest, { artifactType: 'application/vnd.example.signature' });
const tag = DEFAULT_MANIFEST_DIGEST.replace(':', '-');

/** The SBOM pushed on a registry without the referrers API (no OCI-Subject), and its tag. */
const pushedWithoutApi = () => [
  oci.pushManifest({ ref: sbomDigest, manifest: sbom, ociSubject: false }),
  oci.pushManifest({ ref: tag, manifest: ociIndex({ manifests: [sbomEntry, signatureEntry] }) }),
];
const del = () => oci.deleteManifest({ ref: sbomDigest });
const readTag = (entries = [sbomEntry, signatureEntry]) => oci.pullManifest({ ref: tag, manifest: ociIndex({ manifests: entries }) });
const putTag = (entries = [signatureEntry]) => oci.pushManifest({ ref: tag, manifest: ociIndex({ manifests: entries }) });

checkTester.run(check, {
  valid: [
    { name: 'delete, GET the tag, PUT it back without the entry', har: har(pushedWithoutApi(), del(), readTag(), putTag()) },
    { name: 'delete, then delete the (now useless) tag', har: har(pushedWithoutApi(), del(), oci.deleteManifest({ ref: tag })) },
    { name: 'delete; the tag no longer exists (404): nothing to update', har: har(pushedWithoutApi(), del(), oci.pullManifest({ ref: tag, status: 404 })) },
    { name: 'delete; the tag read does not list it: nothing to remove', har: har(pushedWithoutApi(), del(), readTag([signatureEntry])) },
    { name: 'tag updated before the DELETE', har: har(pushedWithoutApi(), readTag(), putTag(), del()) },
    {
      name: 'registry with the referrers API (OCI-Subject): it keeps the list itself',
      har: har(oci.pushManifest({ ref: sbomDigest, manifest: sbom, ociSubject: true }), del()),
    },
    {
      name: 'manifest pulled (exact), registry answered the referrers API with 200',
      har: har(oci.listReferrers({ manifests: [sbomEntry] }), oci.pullManifest({ ref: sbomDigest, manifest: sbom }), del()),
    },
    { name: 'deleted manifest has no subject', har: har(oci.pushImage(), oci.listReferrers({ status: 404 }), oci.deleteManifest({ ref: DEFAULT_MANIFEST_DIGEST })) },
    { name: 'deletion refused (405): nothing was deleted', har: har(pushedWithoutApi(), oci.deleteManifest({ ref: sbomDigest, status: 405 })) },
    { name: 'the same cleanup on 1.1.0, where the rule starts', spec: '1.1.0', har: har(pushedWithoutApi(), del(), readTag(), putTag()) },
  ],
  invalid: [
    {
      name: 'delete without any update of the referrers tag',
      har: har(pushedWithoutApi(), del(), oci.listTags()),
      findings: [{ messageId: 'notUpdated', entry: 2, confidence: 'inferred', severity: 'warning' }],
    },
    {
      name: 'manifest pulled, referrers API answered 404, deleted, tag only read (main)',
      spec: 'main',
      har: har(oci.listReferrers({ status: 404 }), oci.pullManifest({ ref: sbomDigest, manifest: sbom }), del(), readTag()),
      findings: [{ messageId: 'notUpdated', entry: 2 }],
    },
    {
      name: 'tag pushed back still listing the deleted manifest',
      har: har(pushedWithoutApi(), del(), readTag(), putTag([sbomEntry, signatureEntry])),
      findings: [{ messageId: 'entryKept', entry: 4, confidence: 'observed', severity: 'warning' }],
    },
    {
      name: 'tag pushed before the DELETE still listing it, none after',
      har: har(pushedWithoutApi(), readTag(), putTag([sbomEntry]), del()),
      findings: [{ messageId: 'notUpdated', entry: 4 }],
    },
  ],
  notEvaluable: [
    { name: 'the deleted manifest was never seen', har: har(oci.listReferrers({ status: 404 }), del()) },
    {
      name: 'the pushed body was not captured exactly',
      har: har(withRequestText(oci.pushManifest({ ref: sbomDigest, manifest: sbom, ociSubject: false }), 0, undefined), del()),
    },
    {
      name: 'nothing shows whether the registry has the referrers API',
      har: har(oci.pullManifest({ ref: sbomDigest, manifest: sbom }), del()),
    },
  ],
});
