import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { Exchange } from '../../src/model/exchange.js';
import { specLink } from '../../src/spec.js';

interface Answer {
  at: Exchange;
  status: number;
  digest?: string;
  /** HEAD: Content-Length; GET: bytes of the exact body, else Content-Length. */
  length?: number;
}

function lengthOf(at: Exchange, head: boolean): number | undefined {
  if (!head && at.response.body.fidelity === 'exact') return at.response.body.size;
  const header = at.response.headers.get('content-length');
  return header !== undefined && /^\s*\d{1,15}\s*$/.test(header) ? Number(header) : undefined;
}

// spec.md#checking-if-content-exists-in-the-registry: HEAD answers what GET would, without the
// body — 200 for existing content, 404 for missing (HEAD-01, HEAD-04), with the same digest and
// length. Docker Hub was reported to answer HEAD of a manifest list with the digest of a
// platform manifest (spec digest §6 item 9, issue #207). Compared only for the same URL and
// Accept (negotiation may legitimately pick another representation), with no push or delete in
// that repository in between.
export default defineCheck({
  meta: {
    id: 'pull/head-get-agree',
    title: 'HEAD and GET of the same content agree on existence, digest and length',
    category: 'pull',
    side: 'registry',
    level: 'MUST',
    requirements: ['HEAD-01', 'HEAD-04'],
    spec: specLink('checking-if-content-exists-in-the-registry'),
    fix: 'Answer HEAD from the same lookup as GET: same status, same Docker-Content-Digest, Content-Length equal to the body GET returns.',
    messages: {
      existence: '{{later}} of {{path}} answered {{laterStatus}}, but the {{earlier}} at entry #{{earlierAt}} answered {{earlierStatus}}, with no push or delete in between.',
      digest: "{{later}} of {{path}} says Docker-Content-Digest {{laterDigest}}, but the {{earlier}} at entry #{{earlierAt}} said {{earlierDigest}} for the same request.",
      length: '{{later}} of {{path}} gives a length of {{laterLength}} bytes, but the {{earlier}} at entry #{{earlierAt}} gave {{earlierLength}}.',
    },
  },
  create(ctx) {
    /** `origin path accept` → the latest HEAD and GET answers. */
    const answers = new BoundedMap<string, { head?: Answer; get?: Answer; repo: string }>(8192);
    /** repo → generation, bumped by any change to it, so answers across a change are not compared. */
    const changed = new BoundedMap<string, number>(4096);

    function observe(at: Exchange, repo: string, head: boolean) {
      if (at.failed || (at.response.status !== 200 && at.response.status !== 404) || !at.request.url) return;
      const generation = changed.get(repo) ?? 0;
      const key = `${at.request.url.origin}${at.request.url.pathname} ${at.request.headers.get('accept') ?? ''} ${generation}`;
      const entry = answers.get(key) ?? { repo };
      const answer: Answer = { at, status: at.response.status };
      const digest = at.response.headers.get('docker-content-digest');
      if (digest) answer.digest = digest.trim();
      const length = at.response.status === 200 ? lengthOf(at, head) : undefined;
      if (length !== undefined) answer.length = length;
      const other = head ? entry.get : entry.head;
      if (other) compare(other, answer, at.request.url.pathname, head);
      if (head) entry.head = answer;
      else entry.get = answer;
      answers.set(key, entry);
    }

    function compare(earlier: Answer, later: Answer, path: string, laterIsHead: boolean) {
      const names = { later: laterIsHead ? 'HEAD' : 'GET', earlier: laterIsHead ? 'GET' : 'HEAD', earlierAt: earlier.at.index, path };
      if (earlier.status !== later.status) {
        ctx.report({ messageId: 'existence', at: later.at, data: { ...names, laterStatus: later.status, earlierStatus: earlier.status }, related: [earlier.at] });
      } else if (later.status === 200 && earlier.digest && later.digest && earlier.digest !== later.digest) {
        ctx.report({ messageId: 'digest', at: later.at, data: { ...names, laterDigest: later.digest, earlierDigest: earlier.digest }, related: [earlier.at] });
      } else if (later.status === 200 && earlier.length !== undefined && later.length !== undefined && earlier.length !== later.length) {
        ctx.report({ messageId: 'length', at: later.at, data: { ...names, laterLength: later.length, earlierLength: earlier.length }, related: [earlier.at] });
      }
    }

    function bump(repo: string) {
      changed.set(repo, (changed.get(repo) ?? 0) + 1);
    }

    return {
      'op:manifest.head'({ at, op }) {
        observe(at, op.name, true);
      },
      'op:manifest.get'({ at, op }) {
        observe(at, op.name, false);
      },
      'op:blob.head'({ at, op }) {
        observe(at, op.name, true);
      },
      'op:blob.get'({ at, op }) {
        // A redirect's 3xx is not the answer; the storage hop is judged elsewhere.
        observe(at, op.name, false);
      },
      'manifest.pushed'({ op }) {
        bump(op.name);
      },
      'manifest.deleted'({ op }) {
        bump(op.name);
      },
      'blob.deleted'({ op }) {
        bump(op.name);
      },
      'content.stored'({ repo }) {
        bump(repo);
      },
    };
  },
});
