import { defineCheck } from '../../src/check.js';
import { validateBody } from '../../src/oci/body-schemas.js';
import { isRecord } from '../../src/engine/json-body.js';
import { parseLinkHeader } from '../../src/oci/link.js';
import { specLink } from '../../src/spec.js';

// spec.md#listing-tags: 200 with body {"name": "<name>", "tags": [...]}; "the tags MUST be in
// lexical order"; with ?n=<int> "the response MUST contain at most n … and exactly n unless
// fewer remain (or, since v1.1.1, a Link header is returned)"; Link MUST use rel="next".
export default defineCheck({
  meta: {
    id: 'discovery/tags-list-response',
    title: 'Tag list is {name, tags[]}, sorted, paginated as asked',
    category: 'discovery',
    side: 'registry',
    level: 'MUST',
    requirements: ['TAGS-01', 'TAGS-02', 'TAGS-03', 'TAGS-04', 'TAGS-05'],
    spec: specLink('listing-tags'),
    fix: 'Answer GET /v2/<name>/tags/list with {"name":"<name>","tags":[…]} in lexical order, at most n entries, and Link: <…>; rel="next" when more remain.',
    messages: {
      badBody: 'Tag list body is not {"name": string, "tags": string[]} ({{problem}}).',
      wrongName: "Tag list names repository '{{name}}' but '{{repo}}' was requested.",
      unsorted: "Tags are not in lexical order: '{{before}}' comes before '{{after}}'.",
      tooMany: 'Asked for n={{n}} tags and got {{count}}.',
      badLink: "Link header '{{link}}' has no rel=\"next\" URL.",
    },
  },
  create(ctx) {
    return {
      'tags.listed'({ at, op, body }) {
        if (body.kind === 'not-evaluable') {
          ctx.notEvaluable(body.reason, at);
          return;
        }
        if (body.kind !== 'json' || !isRecord(body.value)) {
          ctx.report({ messageId: 'badBody', at, data: { problem: body.kind === 'invalid' ? `not JSON: ${body.error}` : 'not an object' } });
          return;
        }
        const schemaErrors = validateBody('tags-list', body.value);
        if (schemaErrors.length) {
          ctx.report({ messageId: 'badBody', at, data: { problem: schemaErrors.join('; ') } });
          return;
        }
        const { name, tags } = body.value as { name: string; tags: string[] | null };
        if (name !== op.name) ctx.report({ messageId: 'wrongName', at, data: { name, repo: op.name } });
        const list = (tags ?? []) as string[];
        // ≤1.1.1: lexical = case-insensitive; main also allows byte order (PR #583).
        for (let i = 1; i < list.length; i++) {
          const a = list[i - 1]!;
          const b = list[i]!;
          const ci = a.toLowerCase() <= b.toLowerCase();
          const bytes = a <= b;
          if (!(ci || (ctx.spec === 'main' && bytes))) {
            // Out of order by every reading of "lexical" is an error; in byte order only, a
            // warning, as the definitions differ between versions.
            ctx.report({ messageId: 'unsorted', at, data: { before: a, after: b }, severity: bytes ? 'warning' : 'error' });
            break;
          }
        }
        const links = at.response.headers.getAll('link');
        const next = links.length ? parseLinkHeader(links).links.find((l) => l.rel.includes('next')) : undefined;
        if (links.length && !next) ctx.report({ messageId: 'badLink', at, data: { link: links.join(', ') } });
        if (op.n !== undefined && /^\d{1,9}$/.test(op.n)) {
          const n = Number(op.n);
          if (list.length > n) ctx.report({ messageId: 'tooMany', at, data: { n, count: list.length } });
          // Fewer than n with no Link is only wrong if the registry knows there are more: not observable.
          if (n === 0 && links.length) ctx.report({ messageId: 'badLink', at, data: { link: `${links.join(', ')} (n=0 must not paginate)` } });
        }
      },
    };
  },
});
