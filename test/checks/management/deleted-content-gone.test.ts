import check from '../../../checks/management/deleted-content-gone.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_MANIFEST_DIGEST, har, oci } from '../../support/har.js';

const byDigest = { ref: DEFAULT_MANIFEST_DIGEST };

checkTester.run(check, {
  valid: [
    {
      name: 'push, pull, delete by digest, then 404 for the digest and the tag',
      har: har(oci.pushImage(), oci.pullManifest(), oci.deleteManifest(), oci.pullManifest({ ...byDigest, status: 404 }), oci.pullManifest({ status: 404 })),
    },
    { name: 'delete a blob, then HEAD 404', har: har(oci.deleteBlob(), oci.headBlob({ exists: false })) },
    { name: 'delete a tag, then pull another tag', har: har(oci.deleteManifest({ ref: 'latest' }), oci.pullManifest({ ref: 'stable' })) },
    { name: 'deleted in another repository', har: har(oci.deleteManifest(), oci.pullManifest({ ...byDigest, repo: 'library/other' })) },
    { name: 'delete refused (405): content stays', har: har(oci.deleteManifest({ status: 405 }), oci.pullManifest(byDigest)) },
    { name: 'deleted, then pushed again, then pulled', har: har(oci.deleteManifest({ ref: 'latest' }), oci.pushManifest(), oci.pullManifest()) },
    { name: 'blob deleted, then uploaded again, then pulled', har: har(oci.deleteBlob(), oci.pushBlob(), oci.pullBlob()) },
    { name: 'pulled before the delete', har: har(oci.pullManifest(byDigest), oci.deleteManifest()) },
  ],
  invalid: [
    {
      name: 'manifest still served by digest after delete',
      har: har(oci.pushImage(), oci.deleteManifest(), oci.pullManifest(byDigest)),
      findings: [{ messageId: 'stillServed', entry: 8, severity: 'error' }],
    },
    {
      name: 'tag still served after it was deleted',
      har: har(oci.deleteManifest({ ref: 'latest' }), oci.pullManifest()),
      findings: [{ messageId: 'stillServed', entry: 1 }],
    },
    {
      name: 'tag seen pointing at a deleted digest still served',
      har: har(oci.pullManifest(), oci.deleteManifest(), oci.pullManifest({ head: true })),
      findings: [{ messageId: 'stillServed', entry: 2 }],
    },
    {
      name: 'blob still served after delete',
      har: har(oci.deleteBlob(), oci.pullBlob()),
      findings: [{ messageId: 'stillServed', entry: 1 }],
    },
    {
      name: 'blob HEAD 200 after delete',
      har: har(oci.deleteBlob(), oci.headBlob()),
      findings: [{ messageId: 'stillServed', entry: 1 }],
    },
  ],
});
