import check from '../../../checks/auth/refresh-token-use.js';
import { expect, it } from 'vitest';
import { checkTester, runCheck } from '../../support/check-tester.js';
import { editAt, exchange, har, oci } from '../../support/har.js';

const REFRESH = 'rt-0123456789abcdef-long-lived';
const offline = () => oci.token({ offline: true, refreshToken: REFRESH });
const refreshPost = () => oci.token({ method: 'POST', grantType: 'refresh_token', refreshToken: REFRESH, token: 'second-token' });

checkTester.run(check, {
  valid: [
    { name: 'refresh token issued, access token used on the registry', har: har(oci.challenge(), offline(), oci.pullManifest({ auth: 'Bearer test-token' })) },
    {
      name: 'refresh token sent back to the token realm (OAuth2 refresh grant)',
      har: har(oci.challenge(), offline(), oci.pullManifest({ auth: 'Bearer test-token' }), refreshPost(), oci.pullManifest({ auth: 'Bearer second-token' })),
    },
    {
      name: 'a page of the authorization server outside the realm path',
      har: har(oci.challenge(), offline(), exchange({ method: 'POST', url: 'http://auth.test/revoke', reqBody: `token=${REFRESH}` })),
    },
    { name: 'no refresh token issued: nothing to follow', har: har(oci.authedPull()) },
    {
      name: 'a server that returns the access token as refresh token too: using it as Bearer is using the access token',
      har: har(oci.challenge(), oci.token({ offline: true, refreshToken: 'test-token' }), oci.pullManifest({ auth: 'Bearer test-token' })),
    },
    { name: 'the same on main (token docs are not versioned)', spec: 'main', har: har(oci.challenge(), offline(), oci.pullManifest({ auth: 'Bearer test-token' })) },
  ],
  invalid: [
    {
      name: 'refresh token used as the Bearer token on the registry',
      har: har(oci.challenge(), offline(), oci.pullManifest({ auth: `Bearer ${REFRESH}` })),
      findings: [{ messageId: 'inAuthorization', entry: 2, confidence: 'observed', severity: 'warning' }],
    },
    {
      name: 'reported once per registry and place, not on every request',
      har: har(oci.challenge(), offline(), oci.pullManifest({ auth: `Bearer ${REFRESH}` }), oci.pullBlob({ auth: `Bearer ${REFRESH}` })),
      findings: [{ messageId: 'inAuthorization', entry: 2 }],
    },
    {
      name: 'refresh token in the query of a registry request',
      har: har(oci.challenge(), offline(), editAt(oci.listTags({ auth: 'Bearer test-token' }), 0, { url: `/v2/library/hello/tags/list?refresh_token=${REFRESH}` })),
      findings: [{ messageId: 'inQuery', entry: 2 }],
    },
    {
      name: 'refresh token (learned from a refresh POST) in a body sent to the registry',
      har: har(
        oci.challenge(),
        refreshPost(),
        exchange({ method: 'POST', url: '/v2/library/hello/blobs/uploads/', status: 202, reqBody: `{"refresh":"${REFRESH}"}`, reqHeaders: { Authorization: 'Bearer second-token' }, resHeaders: { Location: '/v2/library/hello/blobs/uploads/u1' } }),
      ),
      findings: [{ messageId: 'inBody', entry: 2 }],
    },
    {
      name: 'refresh token hidden in Basic credentials to the registry (main)',
      spec: 'main',
      har: har(oci.challenge(), offline(), oci.pullManifest({ auth: `Basic ${Buffer.from(`alice:${REFRESH}`).toString('base64')}` })),
      findings: [{ messageId: 'inAuthorization', entry: 2 }],
    },
    {
      name: "refresh token sent to another registry's token realm",
      har: har(
        oci.challenge(),
        offline(),
        oci.challenge({ registry: 'http://other.test', realm: 'http://auth.other.test/token' }),
        oci.token({ realm: 'http://auth.other.test/token', method: 'POST', grantType: 'refresh_token', refreshToken: REFRESH }),
      ),
      findings: [{ messageId: 'inBody', entry: 3 }],
    },
    {
      name: 'refresh token sent to a storage redirect target',
      har: har(oci.challenge(), offline(), editAt(oci.pullManifest({ auth: 'Bearer test-token' }), 0, { url: `https://storage.test/blob?sig=${REFRESH}` })),
      findings: [{ messageId: 'inQuery', entry: 2 }],
    },
  ],
  notEvaluable: [
    { name: 'Authorization redacted after a refresh token was issued', har: har(oci.challenge(), offline(), oci.pullManifest({ auth: 'Bearer [REDACTED]' })) },
  ],
});

it('never prints the refresh token, only a fingerprint', async () => {
  const result = await runCheck(check, har(oci.challenge(), offline(), oci.pullManifest({ auth: `Bearer ${REFRESH}` })));
  expect(result.findings).toHaveLength(1);
  const text = JSON.stringify(result.findings);
  expect(text).not.toContain(REFRESH);
  expect(result.findings[0]!.message).toContain('rt-0… (30 chars)');
});
