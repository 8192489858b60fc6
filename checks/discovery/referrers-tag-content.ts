import { defineCheck } from '../../src/check.js';
import { BoundedMap, BoundedSet } from '../../src/engine/bounded-map.js';
import { isRecord } from '../../src/engine/json-body.js';
import { clientLabel } from '../../src/model/client.js';
import type { Exchange } from '../../src/model/exchange.js';
import { specLink } from '../../src/spec.js';

const INDEX = 'application/vnd.oci.image.index.v1+json';

// spec.md#listing-referrers: "If the response to the referrers API is a 404, and the tag schema
// does not return a valid image index, the client SHOULD assume there are no referrers to the
// manifest." A referrers index can never be the subject itself (its digest would have to be
// the digest of a document listing it), so a tag answered with the subject, or with anything
// but an OCI image index, lists no referrers.
interface Invalid {
  at: Exchange;
  scope: string;
  tag: string;
  problem: string;
  children: Set<string>;
  reported: boolean;
}

export default defineCheck({
  meta: {
    id: 'discovery/referrers-tag-content',
    title: 'A referrers tag that is not a referrers index means no referrers',
    category: 'discovery',
    side: 'client',
    level: 'SHOULD',
    requirements: ['REF-09', 'RTS-02'],
    spec: specLink('listing-referrers'),
    versions: ['1.1.0', '1.1.1', 'main'],
    fix: 'Before using the <alg>-<hex> tag as a referrers list, check that it is an OCI image index and that its digest is not the subject\'s; otherwise assume there are no referrers.',
    messages: {
      usedAsReferrers: 'The referrers tag {{tag}} returned {{problem}}, not a referrers index, yet the client then fetched {{digest}} listed in it as if it were a referrer.',
    },
  },
  create(ctx) {
    /** client, origin, repository: what one client reads in one repository. */
    const scopeOf = (at: Exchange, repo: string) => `${clientLabel(at.client)}\u0000${at.request.origin}\u0000${repo}`;
    const api404 = new BoundedSet<string>(4096);
    /** Digests the client could have learned from manifests other than an invalid referrers tag, per scope. */
    const known = new BoundedMap<string, Set<string>>(1024);
    const invalid: Invalid[] = [];
    const learn = (scope: string, digests: Iterable<string>) => {
      let set = known.get(scope);
      if (!set) known.set(scope, (set = new Set())); // bounded: 65536 digests per scope, below
      for (const d of digests) if (set.size < 65536) set.add(d);
    };
    return {
      'op:referrers.list'({ at, op }) {
        if (!at.failed && at.response.status === 404) api404.add(`${scopeOf(at, op.name)}\u0000${op.digest}`);
      },
      'manifest.pushed'({ at, op, manifest }) {
        learn(scopeOf(at, op.name), manifest.references);
      },
      'manifest.pulled'({ at, op, manifest }) {
        const scope = scopeOf(at, op.name);
        const subject = manifest.referrersTagFor;
        if (op.kind === 'manifest.get' && subject && op.reference.kind === 'tag' && api404.has(`${scope}\u0000${subject}`)) {
          const json = manifest.json;
          if (!json) {
            ctx.notEvaluable(`the referrers tag's body is not readable JSON (${manifest.jsonError ?? `body ${manifest.body.fidelity}`})`, at);
            return;
          }
          const self = manifest.bodyDigest === subject || manifest.digestHeader === subject;
          const isIndex = manifest.essence === INDEX && (manifest.mediaTypeField === undefined || manifest.mediaTypeField === INDEX) && Array.isArray(json.manifests);
          if (self || !isIndex) {
            const children = new Set<string>(); // bounded: one manifest's entries
            for (const d of Array.isArray(json.manifests) ? json.manifests : []) if (isRecord(d) && typeof d.digest === 'string') children.add(d.digest);
            const problem = self ? `the subject ${subject} itself` : `a ${manifest.mediaTypeField ?? manifest.essence ?? 'manifest without a media type'}`;
            invalid.push({ at, scope, tag: op.reference.value, problem, children, reported: false });
            if (invalid.length > 256) invalid.shift();
            return;
          }
        }
        learn(scope, manifest.references);
      },
      'op:manifest.get'({ at, op }) {
        if (op.reference.kind !== 'digest') return;
        const scope = scopeOf(at, op.name);
        const digest = op.reference.value;
        for (const bad of invalid) {
          if (bad.reported || bad.scope !== scope || !bad.children.has(digest) || known.get(scope)?.has(digest)) continue;
          bad.reported = true;
          ctx.report({ messageId: 'usedAsReferrers', at, data: { tag: bad.tag, problem: bad.problem, digest }, related: [bad.at], confidence: 'inferred' });
        }
      },
    };
  },
});
