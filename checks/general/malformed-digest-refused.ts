import { defineCheck } from '../../src/check.js';
import type { Exchange } from '../../src/model/exchange.js';
import { DIGEST_ALGORITHMS, parseDigest } from '../../src/oci/digest.js';
import { specAtLeast, specLink, type SpecVersion } from '../../src/spec.js';

const VERSIONS: readonly SpecVersion[] = ['1.1.0', '1.1.1', 'main'];
/** Authentication and rate limits may be decided before the request is validated. */
const BEFORE_VALIDATION = new Set([401, 403, 429]); // bounded: constant table

/** Why `digest` is malformed, or undefined when it is a well-formed digest. */
function digestProblem(digest: string): string | undefined {
  const parsed = parseDigest(digest);
  if (!parsed.ok) {
    switch (parsed.reason) {
      case 'empty':
        return 'is empty';
      case 'missing-colon':
        return 'has no algorithm:encoded separator';
      case 'bad-algorithm':
        return 'has an algorithm part outside [a-z0-9] with [+._-] separators';
      case 'bad-encoded':
        return 'has an encoded part outside [a-zA-Z0-9=_-]';
    }
  }
  if (parsed.wellFormed) return undefined;
  const hex = DIGEST_ALGORITHMS.get(parsed.algorithm)?.hexLength;
  switch (parsed.problem) {
    case 'uppercase-hex':
      return `uses upper-case hex, which ${parsed.algorithm} forbids`;
    case 'not-hex':
      return `is not hex, as ${parsed.algorithm} requires`;
    default:
      return `is not ${hex ?? '?'} hex characters long, as ${parsed.algorithm} requires`;
  }
}

/** Why a `digest-algorithm=` value is malformed (algorithm grammar of image-spec). */
function algorithmProblem(algorithm: string): string | undefined {
  const parsed = parseDigest(`${algorithm}:0`);
  return parsed.ok ? undefined : 'is not a valid algorithm name ([a-z0-9] with [+._-] separators)';
}

const requestLine = (at: Exchange) => `${at.request.method.toUpperCase()} ${at.request.url?.pathname ?? ''}`;

// spec.md#listing-referrers (1.1.0+): "If the request is invalid, such as a <digest> with an
// invalid syntax, a 400 Bad Request MUST be returned." spec.md#pushing-blobs (main only): "if the
// client provided digest is invalid or uses an unsupported algorithm, the registry SHOULD respond
// with a response code 400 Bad Request."
export default defineCheck({
  meta: {
    id: 'general/malformed-digest-refused',
    title: 'A malformed digest in a request is refused with 400 Bad Request',
    category: 'general',
    side: 'registry',
    level: 'MUST',
    versions: VERSIONS,
    requirements: ['REF-03', 'PUSH-03'],
    spec: specLink('listing-referrers'),
    fix: 'Validate digests from the URL (referrers subject, ?digest=, ?mount=, ?digest-algorithm=) against the digest grammar and the algorithm\'s encoding first, and answer 400 (DIGEST_INVALID) when they fail.',
    messages: {
      referrersNot400: 'Referrers request for {{digest}}, which {{problem}}, was answered {{status}}; a malformed digest must get 400 Bad Request.',
      pushNot400: '{{request}} names {{what}} {{digest}}, which {{problem}}, and was answered {{status}}; an invalid digest should get 400 Bad Request.',
    },
  },
  create(ctx) {
    // `versions` drops the rule from CLI runs on 1.0.1 (no referrers API); a programmatic run gets no handlers.
    if (!VERSIONS.includes(ctx.spec)) return {};
    const onMain = specAtLeast(ctx.spec, 'main');

    const push = (at: Exchange, what: string, digest: string, problem: string | undefined, tolerated: readonly number[] = []) => {
      if (!onMain || problem === undefined || at.failed) return;
      const status = at.response.status;
      if (status === 400 || BEFORE_VALIDATION.has(status) || tolerated.includes(status)) return;
      ctx.report({ messageId: 'pushNot400', at, data: { request: requestLine(at), what, digest, problem, status }, severity: 'warning' });
    };

    return {
      'op:referrers.list'({ at, op }) {
        if (at.failed) return;
        const problem = digestProblem(op.digest);
        if (problem === undefined) return;
        const status = at.response.status;
        if (status === 400 || BEFORE_VALIDATION.has(status)) return;
        ctx.report({ messageId: 'referrersNot400', at, data: { digest: op.digest, problem, status } });
      },
      'op:upload.start'({ at, op }) {
        if (op.digest !== undefined) push(at, 'the digest', op.digest, digestProblem(op.digest));
        if (op.digestAlgorithm !== undefined) push(at, 'the digest algorithm', op.digestAlgorithm, algorithmProblem(op.digestAlgorithm));
      },
      'op:upload.close'({ at, op }) {
        // 404: the session may be looked up (and found gone) before the digest is read; 416: out-of-order chunk.
        if (op.digest !== undefined) push(at, 'the digest', op.digest, digestProblem(op.digest), [404, 416]);
      },
      'op:upload.mount'({ at, op }) {
        // 202: a mount the registry cannot do falls back to a plain upload session (spec: "Mounting a blob").
        push(at, 'the mount digest', op.digest, digestProblem(op.digest), [202]);
      },
    };
  },
});
