import { defineCheck } from '../../src/check.js';
import { isRecord } from '../../src/engine/json-body.js';
import { specLink } from '../../src/spec.js';

// spec.md#listing-tags: with `last=<tag>` the list continues with the tags that sort after that
// tag, exclusive of it (TAGS-06). "After" is the same lexical order the list is sorted in; as
// versions read "lexical" differently (case-insensitive through 1.1.1, byte order allowed on
// main), a tag is reported only when it is not after `last` under any reading.
export default defineCheck({
  meta: {
    id: 'discovery/tags-last-param',
    title: 'A tag list asked for with last= starts after that tag',
    category: 'discovery',
    side: 'registry',
    level: 'MUST',
    requirements: ['TAGS-06'],
    spec: specLink('listing-tags'),
    fix: 'With ?last=<tag>, return only tags that sort after <tag> (exclusive), in the same order as the full list.',
    messages: {
      includesLast: "Tag list asked for with last={{last}} includes '{{last}}' itself; the list must start strictly after it.",
      notAfterLast: "Tag list asked for with last={{last}} includes '{{tag}}', which does not sort after '{{last}}' in any reading of lexical order.",
    },
  },
  create(ctx) {
    return {
      'tags.listed'({ at, op, body }) {
        const last = op.last;
        if (last === undefined || last === '') return;
        if (body.kind === 'not-evaluable') {
          ctx.notEvaluable(body.reason, at);
          return;
        }
        // A malformed body is discovery/tags-list-response's finding.
        if (body.kind !== 'json' || !isRecord(body.value) || !Array.isArray(body.value.tags)) return;
        for (const tag of body.value.tags) {
          if (typeof tag !== 'string') continue;
          if (tag === last) {
            ctx.report({ messageId: 'includesLast', at, data: { last } });
            return;
          }
          const afterCaseless = tag.toLowerCase() > last.toLowerCase();
          const afterBytes = tag > last;
          if (!afterCaseless && !afterBytes) {
            ctx.report({ messageId: 'notAfterLast', at, data: { last, tag } });
            return;
          }
        }
      },
    };
  },
});
