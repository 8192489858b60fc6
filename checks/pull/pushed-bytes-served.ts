import { defineCheck } from '../../src/check.js';
import { specLink } from '../../src/spec.js';

// spec.md#pushing-manifests (v1.1.0): the registry must keep the manifest exactly as the client
// sent it, so that pulling it later returns byte-identical content (MPUSH-08). Seen on the wire:
// a GET of a reference this capture pushed (by tag or digest, with no later push or delete of
// it) whose body hashes differently from the pushed body. Rewriting a manifest (re-serialising
// JSON, converting schema versions) changes its digest and breaks every signature over it.
export default defineCheck({
  meta: {
    id: 'pull/pushed-bytes-served',
    title: 'A pushed manifest is served back byte for byte',
    category: 'pull',
    side: 'registry',
    level: 'MUST',
    versions: ['1.1.0', '1.1.1', 'main'],
    requirements: ['MPUSH-08'],
    spec: specLink('pushing-manifests'),
    fix: 'Store the manifest bytes exactly as received and serve those bytes; never re-serialise or convert a stored manifest.',
    messages: {
      rewritten:
        'GET of manifest {{reference}} returned {{size}} bytes hashing to {{served}}, but the manifest pushed under that reference (entry #{{pushedEntry}}) hashes to {{pushed}}: the registry did not keep the bytes it was given.',
    },
  },
  create(ctx) {
    return {
      'manifest.pulled'({ at, op, manifest, pushed }) {
        if (at.request.method !== 'GET' || at.failed || at.response.status !== 200 || !pushed?.digest) return;
        // Only a push whose bytes the capture holds says what the registry was given.
        const sent = pushed.at.request.body;
        if (sent.fidelity !== 'exact') {
          ctx.notEvaluable(`the pushed manifest's request body is ${sent.fidelity}`, at);
          return;
        }
        const body = at.response.body;
        if (body.fidelity !== 'exact' || manifest.bodyDigest === undefined) {
          ctx.notEvaluable(`response body is ${body.fidelity}${body.reason ? ` (${body.reason})` : ''}`, at);
          return;
        }
        if (manifest.bodyDigest === pushed.digest) return;
        ctx.report({
          messageId: 'rewritten',
          at,
          data: { reference: op.reference.value, size: body.size, served: manifest.bodyDigest, pushed: pushed.digest, pushedEntry: pushed.at.index },
          related: [pushed.at],
        });
      },
    };
  },
});
