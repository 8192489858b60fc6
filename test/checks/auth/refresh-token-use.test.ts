import check from '../../../checks/auth/refresh-token-use.js';
import { checkTester } from '../../support/check-tester.js';
import { editAt, har, oci } from '../../support/har.js';

const REFRESH = 'test-refresh-token';
const offline = () => oci.token({ method: 'POST', offline: true });

checkTester.run(check, {
  valid: [
    { name: 'access token to the registry, refresh token kept', har: har(offline(), oci.pullManifest({ auth: 'Bearer test-token' })) },
    {
      name: 'refresh token sent back to the token server (grant_type=refresh_token)',
      har: har(offline(), oci.token({ method: 'POST', grantType: 'refresh_token', refreshToken: REFRESH }), oci.pullManifest({ auth: 'Bearer test-token' })),
    },
    { name: 'no refresh token issued', har: har(oci.token(), oci.pullManifest({ auth: 'Bearer test-token' })) },
  ],
  invalid: [
    {
      name: 'refresh token used as the registry Bearer token',
      har: har(offline(), oci.pullManifest({ auth: `Bearer ${REFRESH}` })),
      findings: [{ messageId: 'asBearer', entry: 1 }],
    },
    {
      name: 'refresh token in a registry query',
      har: har(offline(), editAt(oci.pullManifest({ auth: 'Bearer test-token' }), 0, { url: `/v2/library/hello/manifests/latest?refresh_token=${REFRESH}` })),
      findings: [{ messageId: 'inQuery', entry: 1 }],
    },
  ],
});
