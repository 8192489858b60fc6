import check from '../../../checks/auth/oauth-fallback.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

const post404 = () => oci.token({ method: 'POST', status: 404 });

checkTester.run(check, {
  valid: [
    { name: 'POST 404, then GET', har: har(oci.challenge(), post404(), oci.token({ withBasicAuth: true }), oci.pullManifest({ auth: 'Bearer test-token' })) },
    { name: 'POST succeeds', har: har(oci.challenge(), oci.token({ method: 'POST' }), oci.pullManifest({ auth: 'Bearer test-token' })) },
  ],
  invalid: [
    {
      name: 'POST 404, POST again',
      har: har(oci.challenge(), post404(), oci.token({ method: 'POST', status: 404 }), oci.pullManifest()),
      findings: [{ messageId: 'repeatedPost', entry: 2 }, { messageId: 'gaveUp', entry: 2, confidence: 'inferred' }],
    },
    {
      name: 'POST 404, then no token at all but more registry requests',
      har: har(oci.challenge(), post404(), oci.pullManifest()),
      findings: [{ messageId: 'gaveUp', entry: 1, confidence: 'inferred' }],
    },
  ],
  notEvaluable: [{ name: 'capture ends at the 404', har: har(oci.challenge(), post404()) }],
});
