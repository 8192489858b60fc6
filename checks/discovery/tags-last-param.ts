import { defineCheck } from '../../src/check.js';
import { isRecord } from '../../src/engine/json-body.js';
import { specLink } from '../../src/spec.js';

// spec.md#listing-tags: with `last`, the registry returns the tags that come after <tag> in the
// list's order, `last` itself excluded ("the response … will include up to n tags, beginning
// non-inclusively with <tagname>"). The order is lexical: case-insensitive through v1.1.1; main
// also allows plain byte order (PR #583). Same readings as discovery/tags-list-response.
export default defineCheck({
  meta: {
    id: 'discovery/tags-last-param',
    title: 'A tag list asked with last= starts strictly after that tag',
    category: 'discovery',
    side: 'registry',
    level: 'MUST',
    requirements: ['TAGS-06', 'TAGS-02'],
    spec: specLink('listing-tags'),
    fix: 'With ?last=<tag>, return only tags that sort after <tag> in the list order (never <tag> itself).',
    messages: {
      lastIncluded: "The tag list asked with last={{last}} contains '{{last}}' itself; results start after it.",
      before: "The tag list asked with last={{last}} contains '{{tag}}', which sorts before it.",
    },
  },
  create(ctx) {
    return {
      'tags.listed'({ at, op, body }) {
        const last = op.last;
        if (last === undefined) return;
        if (body.kind !== 'json') {
          ctx.notEvaluable(body.kind === 'not-evaluable' ? body.reason : 'the tag list body is not JSON', at);
          return;
        }
        const tags = isRecord(body.value) ? body.value.tags : undefined;
        if (!Array.isArray(tags)) {
          if (tags !== null) ctx.notEvaluable('the tag list body has no tags array (see discovery/tags-list-response)', at);
          return;
        }
        const lower = last.toLowerCase();
        if (tags.includes(last)) ctx.report({ messageId: 'lastIncluded', at, data: { last } });
        for (const tag of tags) {
          if (typeof tag !== 'string' || tag === last) continue;
          // After by the case-insensitive reading (ties in case are not ordered by it).
          if (lower <= tag.toLowerCase()) continue;
          const bytes = last < tag;
          if (bytes && ctx.spec === 'main') continue; // main allows byte order (PR #583)
          // Before by every reading: an error; after only in byte order: a warning, as in tags-list-response.
          ctx.report({ messageId: 'before', at, data: { last, tag }, severity: bytes ? 'warning' : 'error' });
          break;
        }
      },
    };
  },
});
