import check from '../../../checks/auth/token-response.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'pull behind token auth: token, access_token, expires_in, issued_at', har: har(oci.authedPull()) },
    { name: 'push behind token auth', har: har(oci.bearerFlow(oci.pushImage())) },
    { name: 'OAuth2 POST: access_token and scope only', har: har(oci.authedPull({}, { tokenMethod: 'POST' })) },
    { name: 'only "token"', har: har(oci.token({ accessToken: null })) },
    { name: 'only "access_token"', har: har(oci.token({ token: null, accessToken: 'abc' })) },
    { name: 'no expires_in and no issued_at (defaults apply)', har: har(oci.token({ expiresIn: null, issuedAt: null })) },
    { name: 'expires_in of exactly 60 seconds', har: har(oci.token({ expiresIn: 60 })) },
    { name: 'issued_at with a numeric offset and fractional seconds', har: har(oci.token({ issuedAt: '2024-01-01T01:00:00.123456789+01:00' })) },
    { name: 'offline token with refresh_token', har: har(oci.token({ offline: true })) },
    { name: 'token server refusing with 401 is not a token response', har: har(oci.token({ status: 401 })) },
  ],
  invalid: [
    {
      name: 'OAuth2 response without scope (AUTH-12)',
      har: har(oci.token({ method: 'POST', resBody: JSON.stringify({ access_token: 'abc', expires_in: 300 }) })),
      findings: [{ messageId: 'schema', entry: 0 }],
    },
    {
      name: 'expires_in sent as a string',
      har: har(oci.token({ resBody: JSON.stringify({ token: 'abc', expires_in: '300' }) })),
      findings: [{ messageId: 'schema', entry: 0 }],
    },
    {
      name: 'body is not JSON',
      har: har(oci.token({ resBody: 'token=abc' })),
      findings: [{ messageId: 'notJson', entry: 0, severity: 'error' }],
    },
    {
      name: 'body is a JSON array',
      har: har(oci.token({ resBody: '["abc"]' })),
      findings: [{ messageId: 'notJson', entry: 0 }],
    },
    {
      name: 'neither token nor access_token',
      har: har(oci.token({ token: null, accessToken: null })),
      findings: [{ messageId: 'missingToken', entry: 0, severity: 'error' }],
    },
    {
      name: 'token and access_token differ',
      har: har(oci.token({ token: 'abc', accessToken: 'def' })),
      findings: [{ messageId: 'tokensDiffer', entry: 0, severity: 'warning' }],
    },
    {
      name: 'expires_in below 60 seconds',
      har: har(oci.token({ expiresIn: 30 })),
      findings: [{ messageId: 'shortLifetime', entry: 0, severity: 'warning' }],
    },
    {
      name: 'issued_at not RFC 3339',
      har: har(oci.token({ issuedAt: '2024-01-01 00:00:00' })),
      findings: [{ messageId: 'badIssuedAt', entry: 0, severity: 'warning' }],
    },
    {
      name: 'short lifetime in the token step of a bearer flow',
      har: har(oci.authedPull({}, { tokenOptions: { expiresIn: 10 } })),
      findings: [{ messageId: 'shortLifetime', entry: 1 }],
    },
  ],
  notEvaluable: [
    { name: 'token body not captured', har: har(oci.token({ resBody: { absent: true, size: 120 } })) },
  ],
});
