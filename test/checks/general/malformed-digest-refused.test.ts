import check from '../../../checks/general/malformed-digest-refused.js';
import { checkTester } from '../../support/check-tester.js';
import { exchange, har, oci } from '../../support/har.js';

const SHORT = 'sha256:abc123';
const UPPER = `sha256:${'A'.repeat(64)}`;
const closeWith = (digest: string, status: number) => [...oci.startUpload(), ...oci.finishUpload({ digest, status, data: 'x' })];

checkTester.run(check, {
  valid: [
    { name: 'referrers with a valid digest', har: har(oci.listReferrers()) },
    { name: 'referrers with a malformed digest: 400', har: har(oci.listReferrers({ subject: SHORT, status: 400 })) },
    { name: 'referrers malformed digest answered 401 (auth first)', har: har(oci.listReferrers({ subject: SHORT, status: 401 })) },
    { name: 'push with valid digests (main)', har: har(oci.pushImage()), spec: 'main' },
    { name: 'close with a malformed digest: 400 (main)', har: har(closeWith(UPPER, 400)), spec: 'main' },
    { name: 'close with a malformed digest accepted: no rule before main', har: har(closeWith(UPPER, 201)) },
    { name: 'mount of a malformed digest falls back to 202 (main)', har: har(oci.mount({ digest: SHORT, status: 202 })), spec: 'main' },
    { name: 'no referrers API in 1.0.1', har: har(oci.listReferrers({ subject: SHORT, status: 404 })), spec: '1.0.1' },
  ],
  invalid: [
    {
      name: 'referrers with a short sha256 answered 404',
      har: har(oci.listReferrers({ subject: SHORT, status: 404 })),
      findings: [{ messageId: 'referrersNot400', entry: 0, severity: 'error' }],
    },
    {
      name: 'referrers with no algorithm answered 200',
      har: har(oci.listReferrers({ subject: 'abcdef' })),
      findings: [{ messageId: 'referrersNot400', entry: 0 }],
    },
    {
      name: 'referrers with a malformed digest answered 500 (main)',
      spec: 'main',
      har: har(oci.listReferrers({ subject: 'sha256:', status: 500, resBody: '' })),
      findings: [{ messageId: 'referrersNot400', entry: 0, severity: 'error' }],
    },
    {
      name: 'upload closed with an upper-case digest accepted (main)',
      spec: 'main',
      har: har(closeWith(UPPER, 201)),
      findings: [{ messageId: 'pushNot400', entry: 1, severity: 'warning' }],
    },
    {
      name: 'single POST with a malformed digest answered 500 (main)',
      spec: 'main',
      har: har(exchange({ method: 'POST', url: `/v2/library/hello/blobs/uploads/?digest=${SHORT}`, status: 500, reqBody: 'x' })),
      findings: [{ messageId: 'pushNot400', entry: 0 }],
    },
    {
      name: 'mount of a malformed digest answered 201 (main)',
      spec: 'main',
      har: har(oci.mount({ digest: SHORT })),
      findings: [{ messageId: 'pushNot400', entry: 0 }],
    },
    {
      name: 'a malformed digest-algorithm answered 202 (main)',
      spec: 'main',
      har: har(exchange({ method: 'POST', url: '/v2/library/hello/blobs/uploads/?digest-algorithm=SHA-256', status: 202, resHeaders: { Location: '/v2/library/hello/blobs/uploads/u1' } })),
      findings: [{ messageId: 'pushNot400', entry: 0 }],
    },
  ],
});
