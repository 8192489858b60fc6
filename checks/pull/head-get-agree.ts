import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import { entryRef, type EntryRef, type Exchange } from '../../src/model/exchange.js';
import { parseSafeInteger } from '../../src/oci/range.js';
import { specLink } from '../../src/spec.js';

// spec.md#checking-if-content-exists-in-the-registry: a HEAD of an existing blob or manifest
// answers 200 (HEAD-01) and of a missing one 404 (HEAD-04), with the headers a GET would send
// (Docker-Content-Digest, Content-Length = the object's size). RFC 9110 §9.3.2: HEAD is GET
// without content; §8.6: a Content-Length on a HEAD MUST equal what the GET would send.
// Digest notes §6 item 9: Docker Hub once answered HEAD of a manifest list by tag with the digest
// of a platform manifest.

/** What a later comparison needs of one HEAD or GET (the exchange itself is not kept: bounded memory, short-lived objects). */
interface Observation {
  ref: EntryRef;
  method: string;
  /** The status as answered (206 included). */
  answered: number;
  /** HEAD: its Content-Length header. */
  contentLength?: string;
  /** GET: the length it gave, when comparable. */
  length?: { length: number; source: string };
  origin: string;
  /** 200 or 404. */
  status: number;
  digest?: string;
  /** Normalised Accept of a manifest request (negotiation can legitimately pick another manifest). */
  accept: string;
  /** Set once this observation has been compared with one of the other method. */
  compared: boolean;
}

interface Pair {
  head?: Observation;
  get?: Observation;
}

/** Accept as a sorted set of lower-cased media ranges (parameters and spacing dropped). */
function normalisedAccept(at: Exchange): string {
  const items = at.request.headers.getList('accept').map((a) => a.split(';', 1)[0]!.trim().toLowerCase()).filter(Boolean);
  return [...new Set(items)].sort().join(','); // bounded: one request's Accept list
}

/** A client sends the same Accept on every manifest request: normalise each distinct one once. */
function acceptCache(): (at: Exchange) => string {
  const seen = new BoundedMap<string, string>(64);
  return (at) => {
    const raw = at.request.headers.getAll('accept');
    const key = raw.length === 1 ? raw[0]! : raw.join('\n');
    let normalised = seen.get(key);
    if (normalised === undefined) seen.set(key, (normalised = normalisedAccept(at)));
    return normalised;
  };
}

export default defineCheck({
  meta: {
    id: 'pull/head-get-agree',
    title: 'HEAD and GET of the same blob or manifest agree on existence, digest and size',
    category: 'pull',
    side: 'registry',
    level: 'MUST',
    requirements: ['HEAD-01', 'HEAD-04'],
    spec: specLink('checking-if-content-exists-in-the-registry'),
    fix: 'Answer HEAD from the same lookup as GET: same status, same Docker-Content-Digest, Content-Length equal to the size GET returns.',
    messages: {
      existence: '{{first}} of {{what}} {{reference}} answered {{firstStatus}} but {{second}} answered {{secondStatus}}, with no push or delete of it in between.',
      digest: 'HEAD of {{what}} {{reference}} says Docker-Content-Digest {{headDigest}} but GET says {{getDigest}}{{hint}}.',
      length: 'HEAD of {{what}} {{reference}} says Content-Length {{headLength}} but GET returned {{getLength}} bytes ({{source}}).',
    },
  },
  create(ctx) {
    // Keyed by repository, kind and reference; origin is compared inside. A push or delete resets it.
    const pairs = new BoundedMap<string, Pair>(4096);
    const acceptOf = acceptCache();
    const keyOf = (kind: 'blob' | 'manifest', repo: string, reference: string) => `${kind}\u0000${repo}\u0000${reference}`;
    /** Length the GET gave, from the exact body or its Content-Length; undefined when not comparable. */
    function getLength(at: Exchange): { length: number; source: string } | undefined {
      const encoding = at.response.headers.get('content-encoding')?.trim().toLowerCase();
      const declared = at.response.headers.get('content-length');
      const n = declared === undefined ? undefined : parseSafeInteger(declared.trim());
      if (n?.ok) return { length: n.value, source: 'GET Content-Length' };
      if (encoding && encoding !== 'identity') return undefined;
      if (at.response.body.fidelity === 'exact') return { length: at.response.body.size, source: 'GET body' };
      return undefined;
    }

    function observe(kind: 'blob' | 'manifest', method: 'head' | 'get', at: Exchange, repo: string, reference: string) {
      if (at.failed) return;
      const status = at.response.status;
      // 206 shows the blob exists; its digest header names the whole blob (digest hints §4.4).
      if (status !== 200 && status !== 404 && !(status === 206 && method === 'get')) return;
      const key = keyOf(kind, repo, reference);
      let pair = pairs.get(key);
      if (!pair) pairs.set(key, (pair = {}));
      const obs: Observation = {
        ref: entryRef(at),
        method: at.request.method.toUpperCase(),
        answered: status,
        origin: at.request.origin,
        status: status === 206 ? 200 : status,
        accept: kind === 'manifest' ? acceptOf(at) : '',
        compared: false,
      };
      const digest = status === 404 ? undefined : at.response.headers.get('docker-content-digest')?.trim();
      if (digest) obs.digest = digest;
      if (method === 'head') {
        const declared = at.response.headers.get('content-length');
        if (declared !== undefined) obs.contentLength = declared;
      } else {
        const length = getLength(at);
        if (length) obs.length = length;
      }
      const other = method === 'head' ? pair.get : pair.head;
      pair[method] = obs;
      if (!other || other.compared || other.origin !== obs.origin || other.accept !== obs.accept) return;
      other.compared = true;
      obs.compared = true;
      const head = method === 'head' ? obs : other;
      const get = method === 'get' ? obs : other;
      const what = kind;
      const related = [other.ref];
      if (head.status !== get.status) {
        const first = other.method;
        const second = obs.method;
        ctx.report({ messageId: 'existence', at, related, data: { what, reference, first, second, firstStatus: other.status, secondStatus: obs.status } });
        return;
      }
      if (head.status !== 200) return;
      if (head.digest && get.digest && head.digest !== get.digest) {
        const hint = kind === 'manifest' && !reference.includes(':')
          ? ' (HEAD by tag naming another manifest than GET is the manifest-list bug Docker Hub once had: the HEAD digest was a platform manifest\'s)'
          : '';
        ctx.report({ messageId: 'digest', at, related, data: { what, reference, headDigest: head.digest, getDigest: get.digest, hint } });
        return;
      }
      if (get.answered === 206) return;
      const declared = head.contentLength;
      const headLength = declared === undefined ? undefined : parseSafeInteger(declared.trim());
      if (!headLength?.ok) return;
      const got = get.length;
      if (!got) {
        ctx.notEvaluable(`GET of ${what} ${reference} has neither an exact body nor a Content-Length to compare with the HEAD Content-Length`, get.ref);
        return;
      }
      if (got.length !== headLength.value) {
        ctx.report({ messageId: 'length', at, related, data: { what, reference, headLength: headLength.value, getLength: got.length, source: got.source } });
      }
    }

    /** Forget what HEAD and GET said of `reference` in `repo`: it was pushed or deleted. */
    const reset = (kind: 'blob' | 'manifest', repo: string, reference: string) => pairs.delete(keyOf(kind, repo, reference));
    const successful = (at: Exchange) => !at.failed && at.response.status >= 200 && at.response.status < 300;

    return {
      'op:manifest.head'({ at, op }) {
        observe('manifest', 'head', at, op.name, op.reference.value);
      },
      'op:manifest.get'({ at, op }) {
        observe('manifest', 'get', at, op.name, op.reference.value);
      },
      'op:blob.head'({ at, op }) {
        observe('blob', 'head', at, op.name, op.digest);
      },
      'op:blob.get'({ at, op }) {
        observe('blob', 'get', at, op.name, op.digest);
      },
      // A push attempt may have changed the tag even when its answer is lost: reset on any answer.
      'op:manifest.put'({ op }) {
        reset('manifest', op.name, op.reference.value);
        for (const tag of op.tags) reset('manifest', op.name, tag);
      },
      'op:manifest.delete'({ at, op }) {
        reset('manifest', op.name, op.reference.value);
        // Deleting a manifest by digest also removes the tags that pointed to it.
        if (successful(at) && op.reference.kind === 'digest') {
          for (const key of [...pairs.keys()]) if (key.startsWith(keyOf('manifest', op.name, ''))) pairs.delete(key);
        }
      },
      'op:blob.delete'({ op }) {
        reset('blob', op.name, op.digest);
      },
      'content.stored'({ repo, digest }) {
        reset('blob', repo, digest);
        reset('manifest', repo, digest);
      },
    };
  },
});
