import check from '../../../checks/auth/token-request-scope.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

const PULL = 'repository:library/hello:pull';
const PUSH = 'repository:library/hello:pull,push';
const flow = (challenge: Parameters<typeof oci.challenge>[0], token: Parameters<typeof oci.token>[0]) =>
  har(oci.challenge(challenge), oci.token(token), oci.pullManifest({ auth: 'Bearer test-token' }));

checkTester.run(check, {
  valid: [
    { name: 'pull: the scope and service of the challenge', har: har(oci.authedPull()) },
    { name: 'push: pull,push scope', har: har(oci.bearerFlow(oci.pushImage())) },
    { name: 'OAuth2 POST with a space-joined scope field', har: har(oci.authedPull({}, { tokenMethod: 'POST', scope: [PULL, 'repository:library/base:pull'] })) },
    { name: 'client asks for more actions than challenged', har: flow({ scope: PULL }, { scope: PUSH }) },
    { name: 'client asks for actions in another order', har: flow({ scope: PUSH }, { scope: 'repository:library/hello:push,pull' }) },
    { name: 'wildcard action covers the challenged ones', har: flow({ scope: PUSH }, { scope: 'repository:library/hello:*' }) },
    {
      name: 'two scopes in one challenge, one scope= parameter each',
      har: flow({ scope: `${PULL} repository:library/base:pull` }, { scope: [PULL, 'repository:library/base:pull'] }),
    },
    { name: 'challenge without service: the request may name none', har: flow({ service: null }, { service: null }) },
    { name: 'challenge without scope (on /v2/)', har: flow({ url: '/v2/', scope: null }, { scope: null }) },
    { name: 'Basic challenge: no token request to judge', har: har(oci.challenge({ scheme: 'Basic' }), oci.token()) },
    { name: 'a token request no challenge pointed to', har: har(oci.token({ scope: null })) },
  ],
  invalid: [
    {
      name: 'token request names another service',
      har: flow({}, { service: 'other.example' }),
      findings: [{ messageId: 'serviceMismatch', entry: 1, severity: 'warning' }],
    },
    {
      name: 'token request names no service although the challenge did',
      har: flow({}, { service: null }),
      findings: [{ messageId: 'serviceMismatch', entry: 1 }],
    },
    {
      name: 'push challenged, only pull requested',
      har: flow({ scope: PUSH }, { scope: PULL }),
      findings: [{ messageId: 'scopeMissing', entry: 1 }],
    },
    {
      name: 'scope for another repository',
      har: flow({}, { scope: 'repository:library/other:pull' }),
      findings: [{ messageId: 'scopeMissing', entry: 1 }],
    },
    {
      name: 'no scope requested at all',
      har: flow({}, { scope: null }),
      findings: [{ messageId: 'scopeMissing', entry: 1 }],
    },
    {
      name: 'one of two challenged scopes missing (OAuth2 POST)',
      har: flow({ scope: `${PULL} repository:library/base:pull` }, { method: 'POST', scope: PULL }),
      findings: [{ messageId: 'scopeMissing', entry: 1 }],
    },
  ],
});
