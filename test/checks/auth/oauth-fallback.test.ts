import check from '../../../checks/auth/oauth-fallback.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

const notFound = { method: 'POST', status: 404, resBody: '404 page not found\n' } as const;
const postNotFound = () => oci.token(notFound);

checkTester.run(check, {
  valid: [
    { name: 'POST 404, then GET token, then the retried pull', har: har(oci.challenge(), postNotFound(), oci.token({ withBasicAuth: true }), oci.pullManifest({ auth: 'Bearer test-token' })) },
    { name: 'POST answered 200: no fallback needed', har: har(oci.challenge(), oci.token({ method: 'POST' }), oci.pullManifest({ auth: 'Bearer test-token' })) },
    { name: 'POST 404, GET answered 401 (bad credentials): the client did fall back', har: har(oci.challenge(), postNotFound(), oci.token({ status: 401, withBasicAuth: true }), oci.pullManifest()) },
    { name: 'POST refused with 401 (not 404): not the no-OAuth2 signal', har: har(oci.challenge(), oci.token({ method: 'POST', status: 401 }), oci.pullManifest()) },
    { name: 'the same on 1.0.1 (token docs are not versioned)', spec: '1.0.1', har: har(oci.challenge(), postNotFound(), oci.token(), oci.pullManifest({ auth: 'Bearer test-token' })) },
    {
      name: 'another client POSTs after the 404: its own request, not a retry',
      har: har(oci.challenge(), postNotFound(), oci.token({ method: 'POST', userAgent: 'other-client/2.0' }), oci.token()),
    },
  ],
  invalid: [
    {
      name: 'POST 404, POST again',
      har: har(oci.challenge(), postNotFound(), postNotFound(), oci.pullManifest()),
      findings: [{ messageId: 'retriedPost', entry: 2, confidence: 'observed', severity: 'warning' }],
    },
    {
      name: 'POST 404 three times: reported once',
      har: har(oci.challenge(), postNotFound(), postNotFound(), postNotFound()),
      findings: [{ messageId: 'retriedPost', entry: 2 }],
    },
    {
      name: 'POST 404, then the client gives up and pulls anonymously',
      har: har(oci.challenge(), postNotFound(), oci.pullManifest()),
      findings: [{ messageId: 'noFallback', entry: 1, confidence: 'inferred', severity: 'warning' }],
    },
    {
      name: 'POST 404, then the client goes on elsewhere (1.0.1 too)',
      spec: '1.0.1',
      har: har(oci.challenge(), postNotFound(), oci.ping(), oci.listTags()),
      findings: [{ messageId: 'noFallback', entry: 1 }],
    },
  ],
  notEvaluable: [
    { name: 'the capture ends right after the 404', har: har(oci.challenge(), postNotFound()) },
    { name: 'only another client speaks after the 404', har: har(oci.challenge(), postNotFound(), oci.pullManifest({ userAgent: 'other-client/2.0' })) },
  ],
});
