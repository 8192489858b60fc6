import { defineCheck } from '../../src/check.js';
import { validateBody } from '../../src/oci/body-schemas.js';
import { tokenDocLink } from '../../src/spec.js';

// token.md "Token Response Fields": token (or access_token) is the bearer token; "For
// compatibility … clients should … If both are specified, they should be equivalent";
// expires_in: "defaults to 60 seconds … the token server should never return a token with
// a lifetime of less than 60 seconds". oauth.md: access_token and scope are REQUIRED.
export default defineCheck({
  meta: {
    id: 'auth/token-response',
    title: 'Token responses carry a token with a lifetime of at least 60 seconds',
    category: 'auth',
    side: 'registry',
    level: 'MUST',
    requirements: ['AUTH-08', 'AUTH-09', 'AUTH-12'],
    spec: tokenDocLink('token', 'token-response-fields'),
    fix: 'Answer 200 with JSON {"token": "…", "access_token": "…", "expires_in": ≥60, "issued_at": "<RFC 3339>"}.',
    messages: {
      notJson: 'Token endpoint answered 200 but the body is not a JSON object ({{problem}}).',
      missingToken: 'Token response has neither "token" nor "access_token" (fields: {{fields}}).',
      tokensDiffer: 'Token response has different "token" and "access_token" values; they should be the same token.',
      shortLifetime: 'Token response sets expires_in to {{expiresIn}} seconds; token servers should never issue tokens living under 60 seconds.',
      badIssuedAt: "issued_at '{{issuedAt}}' is not an RFC 3339 time.",
      schema: 'Token response does not match the {{flow}} response shape: {{errors}}.',
    },
  },
  create(ctx) {
    return {
      'auth.token-issued'({ at, token, request }) {
        if (token.bodyProblem !== undefined) {
          if (token.bodyProblem.startsWith('body is ')) ctx.notEvaluable(`token response ${token.bodyProblem}`, at);
          else ctx.report({ messageId: 'notJson', at, data: { problem: token.bodyProblem } });
          return;
        }
        if (token.token === undefined && token.accessToken === undefined) {
          ctx.report({ messageId: 'missingToken', at, data: { fields: token.fields.join(', ') || 'none' } });
          return;
        }
        if (token.token !== undefined && token.accessToken !== undefined && token.token !== token.accessToken) {
          ctx.report({ messageId: 'tokensDiffer', at, severity: 'warning' });
        }
        if (token.expiresIn !== undefined && token.expiresIn < 60) {
          ctx.report({ messageId: 'shortLifetime', at, data: { expiresIn: token.expiresIn }, severity: 'warning' });
        }
        if (token.issuedAt !== undefined && !/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/.test(token.issuedAt)) {
          ctx.report({ messageId: 'badIssuedAt', at, data: { issuedAt: token.issuedAt }, severity: 'warning' });
        }
        // The rest of the shape (types; OAuth2's required access_token and scope, AUTH-12) from
        // schemas/bodies; issued_at and the token fields were judged above.
        const text = at.response.body.text;
        if (text === undefined) return;
        const oauth = request.grant === 'oauth2';
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          return;
        }
        const errors = validateBody(oauth ? 'oauth2-token-response' : 'token-response', value).filter((e) => !e.startsWith('/issued_at') && !e.includes('anyOf'));
        const relevant = oauth ? errors : errors.filter((e) => !e.includes("required property 'token'") && !e.includes("required property 'access_token'"));
        if (relevant.length) ctx.report({ messageId: 'schema', at, data: { flow: oauth ? 'OAuth2' : 'token', errors: relevant.join('; ') } });
      },
    };
  },
});
