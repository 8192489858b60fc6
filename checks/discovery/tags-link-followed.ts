import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import { isRecord } from '../../src/engine/json-body.js';
import { clientLabel } from '../../src/model/client.js';
import type { Exchange } from '../../src/model/exchange.js';
import { parseLinkHeader, sameTarget } from '../../src/oci/link.js';
import { specLink } from '../../src/spec.js';

// spec.md#listing-tags (v1.1.1): "A Link header MAY be included in the response when additional
// tags are available" … "Clients depending on the number of tags returned matching n may
// prematurely stop pagination on registries using the Link header. When available, clients
// should prefer the Link header over using the last parameter for pagination."
interface Open {
  at: Exchange;
  link: string;
  next: URL;
  count?: number;
  n?: number;
}

export default defineCheck({
  meta: {
    id: 'discovery/tags-link-followed',
    title: 'Tag list pagination follows the Link header',
    category: 'discovery',
    side: 'client',
    level: 'SHOULD',
    requirements: ['TAGS-07', 'TAGS-05'],
    spec: specLink('listing-tags'),
    versions: ['1.1.1', 'main'],
    fix: 'When a tag list response has Link: <…>; rel="next", request exactly that URL for the next page, until a response has no Link; do not stop because fewer than n tags arrived.',
    messages: {
      ownLast: 'The tag list at #{{linkAt}} gave Link {{link}}, but the client asked for {{url}} instead: it built its own next page rather than following Link.',
      notFollowed: 'The tag list of {{repo}} returned {{count}} tags{{asked}} with a Link to more ({{link}}), and the client never asked for the next page.',
    },
  },
  create(ctx) {
    const open = new BoundedMap<string, Open>(1024);
    const keyOf = (at: Exchange, repo: string) => `${clientLabel(at.client)}\u0000${at.request.origin}\u0000${repo}`;
    /** The client wanted more than it got: no n (the registry chose the page size), or fewer than n arrived. */
    const wantedMore = (o: Open) => o.n === undefined || (o.count !== undefined && o.count < o.n);
    const notFollowed = (o: Open, repo: string) => {
      ctx.report({
        messageId: 'notFollowed',
        at: o.at,
        data: { repo, count: o.count ?? 'some', asked: o.n === undefined ? ' (no n asked)' : ` (n=${o.n} asked)`, link: o.link },
        confidence: 'inferred',
        severity: 'info',
      });
    };
    return {
      'op:tags.list'({ at, op }) {
        const key = keyOf(at, op.name);
        const o = open.get(key);
        const url = at.request.url;
        if (!o || !url) return;
        open.delete(key);
        if (sameTarget(url, o.next)) return;
        // A request that continues from somewhere (last=, or any other paging parameter) is its own next page;
        // one without any starts the list again, so the previous listing stopped early.
        if (op.last !== undefined || [...url.searchParams.keys()].some((k) => k !== 'n')) {
          ctx.report({ messageId: 'ownLast', at, data: { linkAt: o.at.index, link: o.link, url: url.pathname + url.search }, related: [o.at] });
        } else if (wantedMore(o)) notFollowed(o, op.name);
      },
      'tags.listed'({ at, op, body }) {
        const url = at.request.url;
        const links = at.response.headers.getAll('link');
        if (!url || !links.length) return;
        const target = parseLinkHeader(links).links.find((l) => l.rel.includes('next'))?.target;
        if (!target) return;
        let next: URL;
        try {
          next = new URL(target, url);
        } catch {
          return;
        }
        const o: Open = { at, link: target, next };
        if (op.n !== undefined && /^\d{1,9}$/.test(op.n)) o.n = Number(op.n);
        if (body.kind === 'json' && isRecord(body.value) && Array.isArray(body.value.tags)) o.count = body.value.tags.length;
        open.set(keyOf(at, op.name), o);
      },
      'capture.end'({ info }) {
        for (const [key, o] of open) {
          if (!wantedMore(o)) continue;
          if (info.stoppedAt) ctx.notEvaluable('the capture file is cut off after a tag list page with a Link, so whether the client followed it is not in the file', o.at);
          else notFollowed(o, key.split('\u0000')[2] ?? '');
        }
      },
    };
  },
});
