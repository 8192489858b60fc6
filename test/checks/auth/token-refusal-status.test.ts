import check from '../../../checks/auth/token-refusal-status.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci, withRequestText } from '../../support/har.js';

const PULL = 'repository:library/hello:pull';
const PULL_PUSH = 'repository:library/hello:pull,push';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** A JWT shaped like distribution's, with an `access` claim (signature irrelevant here). */
const jwt = (access: unknown) => `${b64({ alg: 'ES256', typ: 'JWT' })}.${b64({ iss: 'auth', access })}.c2ln`;

checkTester.run(check, {
  valid: [
    { name: 'token issued (200)', har: har(oci.authedPull()) },
    { name: 'bad Basic credentials refused with 401', har: har(oci.challenge(), oci.token({ status: 401, withBasicAuth: true })) },
    { name: 'anonymous request refused with 403 for one scope: no credentials, no earlier grant', har: har(oci.challenge(), oci.token({ status: 403 })) },
    { name: 'OAuth2 POST answered 404: the server has no OAuth2 (auth/oauth-fallback)', har: har(oci.challenge(), oci.token({ method: 'POST', status: 404 })) },
    { name: 'rate limited (429) with credentials: says nothing about them', har: har(oci.challenge(), oci.token({ status: 429, withBasicAuth: true })) },
    {
      name: 'a scope outside the grammar answered 400: the request was malformed',
      har: har(oci.challenge(), oci.token({ scope: 'repository:Library/Hello:pull', status: 400, withBasicAuth: true })),
    },
    {
      name: 'an OAuth2 POST without client_id answered 400 (invalid_request)',
      har: har(oci.challenge(), withRequestText(oci.token({ method: 'POST', status: 400, resBody: '{"error":"invalid_request"}' }), 0, 'grant_type=password&service=registry.test%3A5000&username=testuser&password=testpass')),
    },
    {
      name: 'several scopes refused, but the earlier grant was for another repository',
      har: har(oci.challenge(), oci.token({ scope: 'repository:library/other:pull' }), oci.token({ scope: [PULL, 'repository:library/base:pull'], status: 403 })),
    },
    {
      name: 'several actions refused; the earlier JWT granted nothing on that repository',
      har: har(oci.challenge(), oci.token({ scope: PULL, token: jwt([]) }), oci.token({ scope: PULL_PUSH, status: 403 })),
    },
    {
      name: 'several actions refused for other credentials than the earlier grant (anonymous vs Basic)',
      har: har(oci.challenge(), oci.token({ scope: PULL, withBasicAuth: true }), oci.token({ scope: PULL_PUSH, status: 403 })),
    },
  ],
  invalid: [
    {
      name: 'Basic credentials answered 403',
      har: har(oci.challenge(), oci.token({ status: 403, withBasicAuth: true })),
      findings: [{ messageId: 'notUnauthorized', entry: 1, confidence: 'observed', severity: 'warning' }],
    },
    {
      name: 'Basic credentials answered 500',
      har: har(oci.challenge(), oci.token({ status: 500, withBasicAuth: true, resBody: 'internal error' })),
      findings: [{ messageId: 'notUnauthorized', entry: 1 }],
    },
    {
      name: 'OAuth2 password grant answered 400 (main)',
      spec: 'main',
      har: har(oci.challenge(), oci.token({ method: 'POST', status: 400, resBody: '{"error":"invalid_grant"}' })),
      findings: [{ messageId: 'notUnauthorized', entry: 1, severity: 'warning' }],
    },
    {
      name: 'pull granted, then pull,push refused with 403 (anonymous)',
      har: har(oci.challenge(), oci.token({ scope: PULL }), oci.token({ scope: PULL_PUSH, status: 403 })),
      findings: [{ messageId: 'subsetRefused', entry: 2, confidence: 'inferred', severity: 'error' }],
    },
    {
      name: 'the same with Basic credentials: reported as AUTH-07 only',
      har: har(oci.challenge(), oci.token({ scope: PULL, withBasicAuth: true }), oci.token({ scope: [PULL, 'repository:library/base:pull'], status: 403, withBasicAuth: true })),
      findings: [{ messageId: 'subsetRefused', entry: 2 }],
    },
    {
      name: "the earlier JWT's access claim granted pull; pull,push refused with 400",
      har: har(
        oci.challenge(),
        oci.token({ scope: 'repository:library/hello:push', token: jwt([{ type: 'repository', name: 'library/hello', actions: ['pull'] }]) }),
        oci.token({ scope: PULL_PUSH, status: 400 }),
      ),
      findings: [{ messageId: 'subsetRefused', entry: 2 }],
    },
  ],
});
