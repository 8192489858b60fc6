import { defineCheck } from '../../src/check.js';
import { BoundedMap, BoundedSet } from '../../src/engine/bounded-map.js';
import type { Exchange } from '../../src/model/exchange.js';
import { parseDigest } from '../../src/oci/digest.js';
import { specLink } from '../../src/spec.js';

// spec.md#pulling-manifests: "If the client uses the Docker-Content-Digest header, it MUST verify
// it against the response body" (PULL-12, BLOB-04), and a client pulling by digest "SHOULD verify
// the response body" against it (PULL-13). A capture cannot see a check, but it sees the client go
// on to fetch what a manifest that failed the check lists: it used content it had not verified.

interface Unverified {
  at: Exchange;
  /** What the body should have hashed to: the requested digest, or the Docker-Content-Digest. */
  claimed: string;
  byDigest: boolean;
}

export default defineCheck({
  meta: {
    id: 'pull/unverified-content-used',
    title: 'Clients do not use a manifest whose bytes failed its digest',
    category: 'pull',
    side: 'client',
    level: 'MUST',
    requirements: ['PULL-12', 'PULL-13', 'BLOB-04'],
    spec: specLink('pulling-manifests'),
    fix: 'Hash every manifest body and compare it with the digest you asked for (or the Docker-Content-Digest you rely on); on a mismatch, fail the pull instead of fetching what it lists.',
    messages: {
      byDigest:
        'Fetched {{child}} listed by the manifest of #{{source}}, whose body does not hash to the requested {{claimed}} (it hashes to {{computed}}): the client used content it had not verified.',
      byHeader:
        'Fetched {{child}} listed by the manifest of #{{source}}, whose body does not hash to its Docker-Content-Digest {{claimed}} (it hashes to {{computed}}): the client relied on the header without verifying it.',
    },
  },
  create(ctx) {
    // registry origin + repository + child digest → the manifest that listed it without verifying.
    const unverified = new BoundedMap<string, Unverified & { computed: string }>(1024);
    const reported = new BoundedSet<string>(4096);
    const keyOf = (at: Exchange, repo: string, digest: string) => `${at.request.origin} ${repo} ${digest}`;

    function used(at: Exchange, repo: string, digest: string) {
      const key = keyOf(at, repo, digest);
      const source = unverified.get(key);
      if (!source || reported.has(`${key} ${source.at.index}`)) return;
      reported.add(`${key} ${source.at.index}`);
      const data = { child: digest, source: source.at.index, claimed: source.claimed, computed: source.computed };
      ctx.report({
        messageId: source.byDigest ? 'byDigest' : 'byHeader',
        at,
        data,
        related: [source.at],
        confidence: 'inferred',
        // Verifying a by-digest body is a SHOULD (PULL-13); using a header unverified breaks a MUST.
        severity: source.byDigest ? 'warning' : 'error',
      });
    }

    return {
      'manifest.pulled'({ at, op, manifest }) {
        if (at.request.method.toUpperCase() !== 'GET' || manifest.schema1Jws !== undefined) return;
        const body = manifest.body;
        if (body.fidelity !== 'exact' || body.sha256 === undefined) {
          ctx.notEvaluable(`manifest body is ${body.fidelity}${body.reason ? ` (${body.reason})` : ''}: whether the client used unverified content cannot be told`, at);
          return;
        }
        const computed = `sha256:${body.sha256}`;
        const requested = op.reference.kind === 'digest' && parseDigest(op.reference.value).ok ? op.reference.value : undefined;
        const header = manifest.digestHeader;
        const claimed = requested?.startsWith('sha256:') ? requested : requested === undefined && header?.startsWith('sha256:') ? header : undefined;
        for (const child of manifest.references) {
          const key = keyOf(at, op.name, child);
          // A verified manifest listing the same child makes a later fetch of it legitimate.
          if (claimed === undefined || claimed === computed) unverified.delete(key);
          else unverified.set(key, { at, claimed, byDigest: requested !== undefined, computed });
        }
      },
      'op:blob.get'({ at, op }) {
        used(at, op.name, op.digest);
      },
      'op:blob.head'({ at, op }) {
        used(at, op.name, op.digest);
      },
      'op:manifest.get'({ at, op }) {
        if (op.reference.kind === 'digest') used(at, op.name, op.reference.value);
      },
      'op:manifest.head'({ at, op }) {
        if (op.reference.kind === 'digest') used(at, op.name, op.reference.value);
      },
    };
  },
});
