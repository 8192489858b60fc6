import { defineCheck } from '../../src/check.js';
import { BoundedSet } from '../../src/engine/bounded-map.js';
import { isRecord } from '../../src/engine/json-body.js';
import { clientLabel } from '../../src/model/client.js';
import type { Exchange } from '../../src/model/exchange.js';
import { findNextLink, resolveLinkTarget, sameTarget } from '../../src/oci/link.js';
import { tagProblem } from '../../src/oci/tag.js';
import { specLink } from '../../src/spec.js';

// spec.md#listing-tags (v1.1.1): `last` is "the value of the last tag" of the previous page, and
// the endpoint table reads `?n=<integer>&last=<tagname>`. Until v1.1.1 the table said
// `last=<integer>`, which read like an index (digest notes §6 item 14).

export default defineCheck({
  meta: {
    id: 'discovery/tags-last-value',
    title: 'The last= parameter of a tag list request is a tag, not an index',
    category: 'discovery',
    side: 'client',
    level: 'MUST',
    versions: ['1.1.1', 'main'],
    requirements: ['TAGS-06'],
    spec: specLink('listing-tags'),
    fix: 'Send last=<the last tag of the previous page> (or follow the Link header); never a count or a position.',
    messages: {
      notTag: "The tag list request sends last={{last}}, which is not a tag ({{problem}}).",
      index: "The tag list request sends last={{last}}, a number no earlier page of {{repo}} listed as a tag: it looks like an index or a count, not the last tag received.",
    },
  },
  create(ctx) {
    const scope = (at: Exchange, repo: string) => `${clientLabel(at.client)}\u0000${at.request.origin}\u0000${repo}\u0000`;
    // Numeric tags each client saw listed (only those are looked up), and Link targets registries gave.
    const numericTags = new BoundedSet<string>(16384);
    const links = new BoundedSet<string>(1024);
    return {
      'op:tags.list'({ at, op }) {
        const last = op.last;
        const url = at.request.url;
        if (last === undefined || !url) return;
        // A URL the registry handed out in Link is the registry's choice, not the client's.
        for (const link of links) {
          if (!link.startsWith(scope(at, op.name))) continue;
          const target = new URL(link.slice(scope(at, op.name).length));
          if (sameTarget(url, target)) return;
        }
        const problem = tagProblem(last);
        if (problem) {
          ctx.report({ messageId: 'notTag', at, data: { last, problem } });
          return;
        }
        if (/^[0-9]+$/.test(last) && !numericTags.has(scope(at, op.name) + last)) {
          ctx.report({ messageId: 'index', at, data: { last, repo: op.name }, severity: 'warning', confidence: 'inferred' });
        }
      },
      'tags.listed'({ at, op, body }) {
        if (body.kind === 'json' && isRecord(body.value) && Array.isArray(body.value.tags)) {
          for (const tag of body.value.tags) if (typeof tag === 'string' && /^[0-9]+$/.test(tag)) numericTags.add(scope(at, op.name) + tag);
        }
        const next = findNextLink(at.response.headers.getAll('link'));
        const target = next ? resolveLinkTarget(next, at.request.url) : undefined;
        if (target) links.add(scope(at, op.name) + target.href);
      },
    };
  },
});
