import check from '../../../checks/auth/challenge-header.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    {
      name: 'Bearer error="insufficient_scope" (distribution, RFC 6750)',
      har: har(oci.challenge({ resHeaders: { 'WWW-Authenticate': 'Bearer realm="http://auth.test/token",service="registry.test:5000",scope="repository:library/hello:pull",error="insufficient_scope"' } })),
    },
    { name: 'pull behind token auth', har: har(oci.authedPull()) },
    { name: 'push behind token auth (pull,push scope)', har: har(oci.bearerFlow(oci.pushImage())) },
    { name: 'Basic challenge (no realm URL needed)', har: har(oci.challenge({ scheme: 'Basic' })) },
    { name: 'Bearer challenge on /v2/ names no scope: there is none to name', har: har(oci.challenge({ url: '/v2/', scope: null })) },
    { name: 'Bearer challenge without service', har: har(oci.challenge({ service: null })) },
    { name: 'challenge with error="insufficient_scope"', har: har(oci.challenge({ error: 'insufficient_scope' })) },
    {
      name: 'Basic and Bearer challenges on one 401',
      har: har(oci.challenge({ resHeaders: { 'WWW-Authenticate': ['Basic realm="Registry Realm"', 'Bearer realm="http://auth.test/token",service="registry.test:5000",scope="repository:library/hello:pull"'] } })),
    },
  ],
  invalid: [
    {
      name: 'Bearer error outside RFC 6750 (AUTH-03)',
      har: har(oci.challenge({ resHeaders: { 'WWW-Authenticate': 'Bearer realm="http://auth.test/token",service="registry.test:5000",scope="repository:library/hello:pull",error="token_expired"' } })),
      findings: [{ messageId: 'badError', entry: 0, severity: 'warning' }],
    },
    {
      name: '401 without WWW-Authenticate',
      har: har(oci.challenge({ resHeaders: { 'WWW-Authenticate': null } })),
      findings: [{ messageId: 'missing', entry: 0, severity: 'error' }],
    },
    {
      name: 'Bearer challenge without realm',
      har: har(oci.ping(), oci.challenge({ resHeaders: { 'WWW-Authenticate': 'Bearer service="registry.test:5000",scope="repository:library/hello:pull"' } })),
      findings: [{ messageId: 'noRealm', entry: 1 }],
    },
    {
      name: 'Bearer challenge on a manifest request without scope',
      har: har(oci.challenge({ scope: null })),
      findings: [{ messageId: 'noScope', entry: 0, severity: 'info' }],
    },
    {
      name: 'Bearer challenge on a blob upload without scope',
      har: har(oci.challenge({ method: 'POST', url: '/v2/library/hello/blobs/uploads/', scope: null })),
      findings: [{ messageId: 'noScope', entry: 0 }],
    },
  ],
});
