import check from '../../../checks/pull/ns-parameter-accepted.js';
import { checkTester } from '../../support/check-tester.js';
import { edit, errorBody, har, oci } from '../../support/har.js';

const withNs = (entries: ReturnType<typeof oci.pullManifest> | ReturnType<typeof oci.pullBlob>, ns = 'docker.io') => edit(entries[0]!, { url: `${entries[0]!.request.url}?ns=${ns}` });
const refusedPull = (ref = 'v1') => {
  const entry = withNs(oci.pullManifest({ ref, status: 400 }));
  entry.response.content = { size: 0, mimeType: 'application/json', text: errorBody('UNSUPPORTED', 'unknown query parameter ns') };
  return entry;
};

checkTester.run(check, {
  valid: [
    { name: 'the registry ignores ns and serves the manifest', har: har(withNs(oci.pullManifest({ ref: 'v1' })), withNs(oci.pullBlob())) },
    { name: 'a 400 for a malformed reference is not about ns', har: har(refusedPull('-bad-tag-')) },
    { name: 'a 404 with ns is an ordinary miss', har: har(withNs(oci.pullManifest({ ref: 'v1', status: 404 }))) },
  ],
  invalid: [
    {
      name: 'OBS-like: 400 with ns, 200 for the same request without it (1.1.1: warning)',
      har: har(refusedPull(), oci.pullManifest({ ref: 'v1' })),
      findings: [{ messageId: 'refusedConfirmed', entry: 0, confidence: 'observed', severity: 'warning' }],
    },
    {
      name: 'the same on main, where ns is an OPTIONAL parameter of the spec',
      spec: 'main',
      har: har(oci.pullManifest({ ref: 'v1' }), refusedPull()),
      findings: [{ messageId: 'refusedConfirmed', entry: 1, severity: 'error' }],
    },
    {
      name: 'a 400 with ns and nothing to compare with: inferred, info',
      har: har(oci.ping(), refusedPull()),
      findings: [{ messageId: 'refused', entry: 1, confidence: 'inferred', severity: 'info' }],
    },
  ],
});
