import check from '../../../checks/discovery/referrers-listed.js';
import { checkTester } from '../../support/check-tester.js';
import { SBOM, subject, sbom, sig, sbomEntry, sigEntry } from '../../support/referrers-fixtures.js';
import { DEFAULT_MANIFEST_DIGEST, har, oci, sha256Digest } from '../../support/har.js';

const pushSbom = () => oci.pushManifest({ ref: sha256Digest(sbom), manifest: sbom });
const pushSig = () => oci.pushManifest({ ref: sha256Digest(sig), manifest: sig });

checkTester.run(check, {
  valid: [
    { name: 'both referrers listed', har: har(oci.pushImage(), pushSbom(), pushSig(), oci.listReferrers({ manifests: [sbomEntry, sigEntry] })) },
    { name: 'a deleted referrer is no longer listed', har: har(pushSbom(), pushSig(), oci.deleteManifest({ ref: sha256Digest(sig) }), oci.listReferrers({ manifests: [sbomEntry] })) },
    { name: 'a refused push is not a referrer', har: har(oci.pushManifest({ ref: sha256Digest(sig), manifest: sig, status: 400 }), oci.listReferrers({ manifests: [] })) },
    { name: 'filtered on artifactType and said so', har: har(pushSbom(), pushSig(), oci.listReferrers({ artifactType: SBOM, manifests: [sbomEntry] })) },
    { name: 'another repository has its own referrers', har: har(pushSbom(), oci.listReferrers({ repo: 'other/repo', manifests: [] })) },
    { name: 'another subject', har: har(pushSbom(), oci.listReferrers({ subject: sha256Digest('x'), manifests: [] })) },
    { name: 'no referrers pushed in the capture: nothing to compare', har: har(oci.listReferrers({ manifests: [] })) },
    { name: 'referrers API missing (404): nothing listed to judge', har: har(pushSbom(), oci.listReferrers({ status: 404 })) },
  ],
  invalid: [
    {
      name: 'the signature pushed with that subject is missing from the list',
      har: har(pushSbom(), pushSig(), oci.listReferrers({ manifests: [sbomEntry] })),
      findings: [{ messageId: 'missing', entry: 2, severity: 'error', confidence: 'observed' }],
    },
    {
      name: 'an empty list after a push with subject',
      har: har(pushSbom(), oci.listReferrers({ manifests: [] })),
      findings: [{ messageId: 'missing', entry: 1 }],
    },
    {
      name: 'filter asked, no header, unfiltered list lacks the matching referrer',
      har: har(pushSbom(), pushSig(), oci.listReferrers({ artifactType: SBOM, filtersApplied: false, manifests: [sigEntry] })),
      findings: [{ messageId: 'missing', entry: 2 }],
    },
    {
      name: 'deleted and pushed again: listed again',
      har: har(pushSbom(), oci.deleteManifest({ ref: sha256Digest(sbom) }), pushSbom(), oci.listReferrers({ manifests: [] })),
      findings: [{ messageId: 'missing', entry: 3 }],
    },
  ],
  notEvaluable: [
    { name: 'paged list (Link): the referrer may be on the next page', har: har(pushSbom(), pushSig(), oci.listReferrers({ manifests: [sbomEntry], link: `</v2/library/hello/referrers/${DEFAULT_MANIFEST_DIGEST}?n=1&last=x>; rel="next"` })) },
    { name: 'filter asked without header and the referrer has another type', har: har(pushSig(), oci.listReferrers({ artifactType: SBOM, filtersApplied: false, manifests: [] })) },
  ],
});
