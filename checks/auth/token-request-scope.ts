import { defineCheck } from '../../src/check.js';
import { scopeCovers } from '../../src/oci/scope.js';
import { tokenDocLink } from '../../src/spec.js';

// token.md "Requesting a Token": the client requests GET <realm>?service=<service>&scope=<scope>
// using the service and scope of the challenge (scope.md: one `scope` per resource).
export default defineCheck({
  meta: {
    id: 'auth/token-request-scope',
    title: 'Token requests ask for the service and scope the challenge named',
    category: 'auth',
    side: 'client',
    level: 'SHOULD',
    requirements: ['AUTH-05', 'AUTH-11'],
    spec: tokenDocLink('token', 'requesting-a-token'),
    fix: 'Copy service and every scope of the Bearer challenge into the token request (scope may be repeated; OAuth2 joins them with spaces).',
    messages: {
      serviceMismatch: "Token request asks for service '{{sent}}' but the challenge named '{{expected}}'.",
      scopeMissing: "Token request does not ask for scope '{{scope}}' that the challenge required (asked: {{asked}}).",
    },
  },
  create(ctx) {
    return {
      'auth.token-requested'({ at, request, challenge }) {
        if (!challenge || challenge.scheme.toLowerCase() !== 'bearer') return;
        if (challenge.service !== undefined && request.service !== challenge.service) {
          ctx.report({ messageId: 'serviceMismatch', at, data: { sent: request.service ?? '(none)', expected: challenge.service }, related: [challenge.at] });
        }
        if (!challenge.scope) return;
        for (const needed of challenge.scope.split(' ').filter(Boolean)) {
          if (!request.scopes.some((asked) => scopeCovers(asked, needed))) {
            ctx.report({ messageId: 'scopeMissing', at, data: { scope: needed, asked: request.scopes.join(' ') || '(none)' }, related: [challenge.at] });
          }
        }
      },
    };
  },
});
