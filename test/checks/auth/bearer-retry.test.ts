import check from '../../../checks/auth/bearer-retry.js';
import { checkTester } from '../../support/check-tester.js';
import { editAt, har, oci, REGISTRY } from '../../support/har.js';

const BASIC = `Basic ${Buffer.from('testuser:testpass').toString('base64')}`;

checkTester.run(check, {
  valid: [
    { name: 'pull: 401 → token → retry with the issued Bearer token', har: har(oci.authedPull()) },
    { name: 'push: a whole image behind token auth', har: har(oci.bearerFlow(oci.pushImage())) },
    { name: 'OAuth2 POST token, retried with its access_token', har: har(oci.authedPull({}, { tokenMethod: 'POST' })) },
    {
      name: 'Basic challenge retried with Basic credentials',
      har: har(oci.challenge({ scheme: 'Basic' }), oci.pullManifest({ auth: BASIC })),
    },
    {
      name: 'redacted Bearer value on the retry is not judged',
      har: har(editAt(oci.authedPull(), 2, { reqHeaders: { Authorization: 'Bearer REDACTED' } })),
    },
    {
      name: 'retry with a token cached from before the challenge (no new token request)',
      har: har(oci.challenge(), oci.pullManifest({ auth: 'Bearer cached-token' })),
    },
    { name: 'a 401 that is never retried', har: har(oci.challenge()) },
    {
      // Each client process pings /v2/ unauthenticated and sends its token on later requests.
      name: "the next process's unauthenticated /v2/ ping after the previous one used its token",
      har: har(
        oci.challenge({ url: '/v2/', scope: null }), oci.token(), oci.pullManifest({ auth: 'Bearer test-token' }),
        oci.challenge({ url: '/v2/', scope: null }), oci.token(), oci.pullManifest({ auth: 'Bearer test-token' }),
      ),
    },
    {
      // docker-registry-client pings once per call: the /v2/ probe is how a client learns the
      // challenge (BASE-04), so asking it again without credentials is not a failed retry.
      name: 'a second unauthenticated /v2/ ping right after the first, then the token flow',
      har: har(
        oci.challenge({ url: '/v2/', scope: null }), oci.challenge({ url: '/v2/', scope: null }),
        oci.token(), oci.pullManifest({ auth: 'Bearer test-token' }),
      ),
    },
    {
      name: 'unauthenticated /v2/ ping again after the token server refused the credentials',
      har: har(oci.challenge({ url: '/v2/', scope: null }), oci.token({ status: 401, withBasicAuth: true, scope: null }), oci.challenge({ url: '/v2/', scope: null })),
    },
    {
      // podman login with a wrong password, then the next podman process pings /v2/ anew.
      name: 'unauthenticated /v2/ ping again after the registry refused the Basic credentials',
      har: har(
        oci.challenge({ url: '/v2/', scheme: 'Basic' }),
        editAt(oci.challenge({ url: '/v2/', scheme: 'Basic' }), 0, { reqHeaders: { Authorization: BASIC } }),
        oci.challenge({ url: '/v2/', scheme: 'Basic' }),
      ),
    },
  ],
  invalid: [
    {
      name: 'retry without Authorization after a Bearer challenge',
      har: har(editAt(oci.authedPull(), 2, { reqHeaders: { Authorization: null } })),
      findings: [{ messageId: 'noCredentials', entry: 2 }],
    },
    {
      name: 'retry without Authorization after Basic credentials went to a realm on the registry origin',
      har: har(
        oci.challenge({ realm: `${REGISTRY}/token` }),
        oci.token({ realm: `${REGISTRY}/token`, withBasicAuth: true }),
        oci.pullManifest(),
      ),
      findings: [{ messageId: 'noCredentials', entry: 2 }],
    },
    {
      name: 'retry without Authorization after a Basic challenge',
      har: har(oci.challenge({ scheme: 'Basic' }), oci.pullManifest()),
      findings: [{ messageId: 'noCredentials', entry: 1 }],
    },
    {
      name: 'retry with Basic after a Bearer challenge',
      har: har(editAt(oci.authedPull(), 2, { reqHeaders: { Authorization: BASIC } })),
      findings: [{ messageId: 'wrongScheme', entry: 2, severity: 'warning' }],
    },
    {
      name: 'retry with a Bearer token other than the one just issued',
      har: har(editAt(oci.authedPull(), 2, { reqHeaders: { Authorization: 'Bearer some-other-token' } })),
      findings: [{ messageId: 'notIssuedToken', entry: 2, severity: 'info', confidence: 'inferred' }],
    },
  ],
});
