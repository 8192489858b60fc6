import { defineCheck } from '../../src/check.js';
import type { OperationEvent } from '../../src/engine/events.js';
import { onEveryOperation } from '../../src/oci/operation-kinds.js';
import { parseRetryAfter } from '../../src/oci/retry-after.js';
import { specLink, type SpecVersion } from '../../src/spec.js';

const VERSIONS: readonly SpecVersion[] = ['main'];

// spec.md#error-codes (main only): "A 429 Too Many Requests response (RFC 6585 section 4)
// SHOULD include a Retry-After header per RFC 9110 (section 10.2.3)". RFC 9110 §10.2.3:
// Retry-After = HTTP-date / delay-seconds; delay-seconds = 1*DIGIT.
export default defineCheck({
  meta: {
    id: 'general/retry-after',
    title: 'A 429 answer says when to retry with a valid Retry-After',
    category: 'general',
    side: 'registry',
    level: 'SHOULD',
    versions: VERSIONS,
    requirements: ['BASE-13'],
    spec: specLink('error-codes', 'main'),
    fix: 'Send Retry-After: <seconds> (or an IMF-fixdate such as "Sun, 06 Nov 1994 08:49:37 GMT") on every 429 Too Many Requests.',
    messages: {
      missing: '429 answer to {{request}} has no Retry-After header; the client cannot tell when to try again.',
      badSyntax: "Retry-After '{{value}}' on the 429 answer to {{request}} is neither delay-seconds (digits) nor an HTTP-date.",
    },
  },
  create(ctx) {
    // `versions` drops the rule from CLI runs on older targets; a programmatic run gets no handlers.
    if (!VERSIONS.includes(ctx.spec)) return {};
    return onEveryOperation(({ at, op }: OperationEvent) => {
      // The registry API only: token servers and storage hops are other services.
      if (op.kind === 'token' || op.kind === 'redirect-target' || op.kind === 'unknown') return;
      if (at.failed || at.response.status !== 429) return;
      const request = `${at.request.method.toUpperCase()} ${at.request.url?.pathname ?? ''}`;
      // A date contains a comma, so read the raw lines, not a comma-split list.
      const values = at.response.headers.getAll('retry-after');
      if (values.length === 0) {
        ctx.report({ messageId: 'missing', at, data: { request } });
        return;
      }
      // Retry-After is a single value: two lines are as unusable as one bad line.
      const value = values.join(', ');
      if (values.length > 1 || parseRetryAfter(value).kind === 'invalid') {
        ctx.report({ messageId: 'badSyntax', at, data: { request, value: value.length > 80 ? `${value.slice(0, 80)}…` : value } });
      }
    });
  },
});
