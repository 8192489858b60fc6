import check from '../../../checks/discovery/referrers-fallback.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_MANIFEST_DIGEST, har, harText, oci } from '../../support/har.js';

const fallbackTag = DEFAULT_MANIFEST_DIGEST.replace(':', '-');
const apiMissing = () => oci.listReferrers({ status: 404 });

checkTester.run(check, {
  valid: [
    { name: 'referrers 404, then GET of the sha256-<hex> tag (404: no referrers)', har: har(apiMissing(), oci.pullManifest({ ref: fallbackTag, status: 404 }), oci.pullBlob()) },
    { name: 'referrers 404, then GET of the tag that holds an index', har: har(apiMissing(), oci.pullManifest({ ref: fallbackTag }), oci.pullBlob()) },
    { name: 'referrers 404, then a HEAD of the tag that does not exist', har: har(apiMissing(), oci.pullManifest({ ref: fallbackTag, head: true, status: 404 })) },
    { name: 'referrers 404, then a HEAD of an existing tag (the client may hold that index already)', har: har(apiMissing(), oci.pullManifest({ ref: fallbackTag, head: true }), oci.pullBlob()) },
    { name: 'referrers 401, then 404 after authenticating, then the tag', har: har(oci.listReferrers({ status: 401 }), apiMissing(), oci.pullManifest({ ref: fallbackTag, status: 404 })) },
    { name: 'the API answers (200): nothing to fall back from', har: har(oci.listReferrers(), oci.pullBlob()) },
    { name: 'referrers 404 for one client, another client goes on', har: har(apiMissing(), oci.pullManifest({ ref: fallbackTag }), oci.pullBlob({ userAgent: 'other/2.0' })) },
  ],
  invalid: [
    {
      name: 'referrers 404, then the client pulls something else and never the tag',
      har: har(oci.ping(), apiMissing(), oci.pullBlob()),
      findings: [{ messageId: 'noFallback', entry: 1, confidence: 'inferred', severity: 'error' }],
    },
    {
      name: 'the tag of another repository is not the fallback',
      har: har(apiMissing(), oci.pullManifest({ repo: 'other/repo', ref: fallbackTag })),
      findings: [{ messageId: 'noFallback', entry: 0 }],
    },
    {
      name: 'the capture ends right after the 404: inferred, a warning',
      har: har(oci.ping(), apiMissing()),
      findings: [{ messageId: 'endedAfter404', entry: 1, confidence: 'inferred', severity: 'warning' }],
    },
  ],
  notEvaluable: [{ name: 'the file is cut off right after the 404', har: harText(oci.ping(), apiMissing(), oci.pullBlob()).slice(0, -40) }],
});
