import { defineCheck } from '../../src/check.js';
import { BoundedSet } from '../../src/engine/bounded-map.js';
import { repositoryNameProblem } from '../../src/oci/name.js';
import { specLink, specAtLeast } from '../../src/spec.js';

// spec.md#mounting-a-blob-from-another-repository: "If a necessary blob exists already in another
// repository within the same registry, it can be mounted … ?mount=<digest>&from=<other_name> …
// <other_name> is the namespace from which the blob should be mounted." A namespace is a
// repository `<name>`, which "MUST match" the name grammar (#pulling-manifests). "The registry MAY
// treat the `from` parameter as optional" (1.1.0+): a client leaving it out relies on that option.
export default defineCheck({
  meta: {
    id: 'push/mount-from',
    title: "A mount's `from` names a repository of the same registry",
    category: 'push',
    side: 'client',
    level: 'MUST',
    requirements: ['MOUNT-01', 'PULL-02', 'MOUNT-04'],
    spec: specLink('mounting-a-blob-from-another-repository'),
    fix: "Mount only from a repository of the registry you push to, and put its repository name alone in `from` (no host, no port); for content on another registry, upload the blob instead.",
    messages: {
      invalidFrom: "Mount source from='{{from}}' is not a repository name of the spec's grammar{{hint}}.",
      foreignRegistry:
        "Mount source from='{{from}}' starts with '{{host}}', which image references use for a registry host; `from` must name a repository of this registry, so this is probably another registry's repository (the mount was answered {{status}}; a repository may also legitimately be named like a domain).",
      missingFrom: 'Mount of {{digest}} has no `from`: only registries that choose to treat it as optional (automatic content discovery) can mount it; others open an upload session or refuse.',
    },
  },
  create(ctx) {
    const grammar = ctx.spec === '1.0.1' ? 'v1.0' : 'v1.1';
    // The same URL again is a retry (after a 401, a dropped connection): one mistake, one finding.
    const seen = new BoundedSet<string>(4096);
    return {
      'op:upload.mount'({ at, op }) {
        if (seen.has(at.request.rawUrl)) return;
        seen.add(at.request.rawUrl);
        const from = op.from;
        if (from === undefined) {
          // 1.0.x has no optional `from`; from 1.1.0 registries MAY accept its absence.
          ctx.report({ messageId: 'missingFrom', at, data: { digest: op.digest }, severity: specAtLeast(ctx.spec, '1.1.0') ? 'info' : 'warning' });
          return;
        }
        const slash = from.indexOf('/');
        const first = slash > 0 ? from.slice(0, slash) : undefined;
        // distribution/reference's rule for image references: a first component with '.' or ':',
        // or 'localhost', is a registry host, not part of the repository path.
        const looksLikeHost = first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost');
        if (repositoryNameProblem(from, grammar)) {
          const hint = looksLikeHost ? ` ('${first}' looks like a registry host and port: a mount can only name a repository of this registry)` : '';
          ctx.report({ messageId: 'invalidFrom', at, data: { from, hint } });
          return;
        }
        // A 201 proves the registry holds a repository of that name: then it is one named like a domain.
        if (looksLikeHost && (at.failed || at.response.status !== 201)) {
          ctx.report({
            messageId: 'foreignRegistry',
            at,
            data: { from, host: first, status: at.failed ? 'with no response' : at.response.status },
            severity: 'warning',
            confidence: 'inferred',
          });
        }
      },
    };
  },
});
