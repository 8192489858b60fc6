import check from '../../../checks/push/referrers-tag-update.js';
import { checkTester } from '../../support/check-tester.js';
import { SBOM, subject, sbom, sig, sbomEntry, sigEntry, fallbackTag } from '../../support/referrers-fixtures.js';
import { DEFAULT_MANIFEST, MT, type Descriptor, har, jsonBytes, oci, ociIndex, sha256Digest } from '../../support/har.js';

const tag = fallbackTag;

const pushSbom = (ociSubject: boolean) => oci.pushManifest({ ref: sha256Digest(sbom), manifest: sbom, ociSubject });
const pushSig = (ociSubject: boolean, status?: number) => oci.pushManifest({ ref: sha256Digest(sig), manifest: sig, ociSubject, ...(status ? { status } : {}) });
const readTag = (manifests: Descriptor[]) => oci.pullManifest({ ref: tag, manifest: jsonBytes(ociIndex({ manifests })) });
const readNoTag = (head = false) => oci.pullManifest({ ref: tag, status: 404, head });
const pushTag = (manifests: Descriptor[]) => oci.pushManifest({ ref: tag, manifest: ociIndex({ manifests }) });
const unreadableTag = () => {
  const entries = readTag([sbomEntry]);
  entries[0]!.response.content = { size: 10, mimeType: MT.index };
  return entries;
};

checkTester.run(check, {
  valid: [
    { name: 'no OCI-Subject: read (404), start empty, push the tag', har: har(pushSbom(false), readNoTag(), pushTag([sbomEntry])) },
    { name: 'read with HEAD (404) counts as reading the tag', har: har(pushSbom(false), readNoTag(true), pushTag([sbomEntry])) },
    { name: 'the tag lists another referrer: appended, nothing dropped', har: har(pushSig(false), readTag([sbomEntry]), pushTag([sbomEntry, sigEntry])) },
    { name: 'OCI-Subject answered: the client leaves the tag alone', har: har(pushSbom(true), oci.listReferrers({ manifests: [sbomEntry] })) },
    { name: 'the subject push is not in the capture: the tag push is not judged for its read', har: har(pushTag([sbomEntry])) },
    { name: 'DEL-04: the deleted referrer is taken out of the tag', har: har(readTag([sbomEntry, sigEntry]), oci.deleteManifest({ ref: sha256Digest(sig) }), pushTag([sbomEntry])) },
    { name: 'tag updated first, referrer deleted afterwards', har: har(readTag([sbomEntry, sigEntry]), pushTag([sbomEntry]), oci.deleteManifest({ ref: sha256Digest(sig) })) },
    { name: 'a refused push later accepted may be listed', har: har(pushSig(false, 400), pushSig(false), readNoTag(), pushTag([sigEntry])) },
    {
      name: 'conditional push refused (412): the client reads again and retries',
      har: har(pushSig(false), readTag([sbomEntry]), oci.pushManifest({ ref: tag, manifest: ociIndex({ manifests: [sbomEntry, sigEntry] }), status: 412 }), readTag([sbomEntry]), pushTag([sbomEntry, sigEntry])),
    },
    {
      name: 'a tag push challenged with 401 is judged by its retry',
      har: har(pushSbom(false), readNoTag(), oci.pushManifest({ ref: tag, manifest: ociIndex({ manifests: [sbomEntry] }), status: 401 }), pushTag([sbomEntry])),
    },
    { name: 'the tag is not an index and the client stops', har: har(pushSig(false), oci.pullManifest({ ref: tag, manifest: DEFAULT_MANIFEST })) },
  ],
  invalid: [
    {
      name: 'tag pushed without reading it after the push with subject',
      har: har(pushSbom(false), pushTag([sbomEntry])),
      findings: [{ messageId: 'notRead', entry: 1, confidence: 'inferred', severity: 'error' }],
    },
    {
      name: 'tag read before the push with subject, not after',
      har: har(readNoTag(), pushSbom(false), pushTag([sbomEntry])),
      findings: [{ messageId: 'notRead', entry: 2 }],
    },
    {
      name: 'the tag held the subject manifest itself, yet an index was pushed over it',
      har: har(pushSig(false), oci.pullManifest({ ref: tag, manifest: DEFAULT_MANIFEST }), pushTag([sigEntry])),
      findings: [{ messageId: 'overwroteNonIndex', entry: 2, severity: 'warning', confidence: 'observed' }],
    },
    {
      name: 'the SBOM listed in the tag is gone from the pushed index',
      har: har(pushSig(false), readTag([sbomEntry]), pushTag([sigEntry])),
      findings: [{ messageId: 'entriesDropped', entry: 2, severity: 'error', confidence: 'observed' }],
    },
    {
      name: 'the pushed index lists the referrer twice',
      har: har(pushSbom(false), readTag([sbomEntry]), pushTag([sbomEntry, sbomEntry])),
      findings: [{ messageId: 'duplicateEntry', entry: 2, severity: 'warning' }],
    },
    {
      name: 'the pushed index lists a manifest the registry refused',
      har: har(pushSig(false, 400), pushSbom(false), readNoTag(), pushTag([sbomEntry, sigEntry])),
      findings: [{ messageId: 'listsRejected', entry: 3, severity: 'error', confidence: 'inferred' }],
    },
    {
      name: 'OCI-Subject answered, yet the client pushed the fallback tag',
      har: har(pushSbom(true), readNoTag(), pushTag([sbomEntry])),
      findings: [{ messageId: 'unneeded', entry: 2, severity: 'info' }],
    },
  ],
  notEvaluable: [
    { name: 'the read of the tag is not in the capture exactly', har: har(pushSig(false), unreadableTag(), pushTag([sigEntry])) },
  ],
});
