import check from '../../../checks/auth/token-refusal-status.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

const PULL = 'repository:library/hello:pull';
const PUSH = 'repository:library/hello:push';

checkTester.run(check, {
  valid: [
    { name: 'bad credentials answered 401', har: har(oci.token({ withBasicAuth: true, status: 401 })) },
    { name: 'granted', har: har(oci.token({ withBasicAuth: true })) },
    { name: 'anonymous refused with 403 (policy)', har: har(oci.token({ status: 403 })) },
    { name: 'OAuth2 POST 404 is not a refusal', har: har(oci.token({ method: 'POST', status: 404 })) },
    { name: 'pull granted, then pull+push granted with fewer actions (200)', har: har(oci.token({ withBasicAuth: true, scope: PULL }), oci.token({ withBasicAuth: true, scope: [PULL, PUSH] })) },
  ],
  invalid: [
    { name: 'credentials refused with 403', har: har(oci.token({ withBasicAuth: true, status: 403 })), findings: [{ messageId: 'credentialsRefused', entry: 0, severity: 'warning' }] },
    {
      name: 'pull granted, then pull+push refused with 403',
      har: har(oci.token({ withBasicAuth: true, scope: PULL }), oci.token({ withBasicAuth: true, scope: [PULL, PUSH], status: 403 })),
      findings: [{ messageId: 'subsetRefused', entry: 1, confidence: 'inferred' }],
    },
  ],
});
