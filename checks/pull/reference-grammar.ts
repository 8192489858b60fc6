import { defineCheck } from '../../src/check.js';
import { BoundedSet } from '../../src/engine/bounded-map.js';
import type { OperationEvent } from '../../src/engine/events.js';
import { parseDigest } from '../../src/oci/digest.js';
import { isValidRepositoryName } from '../../src/oci/name.js';
import type { OperationKind } from '../../src/oci/operation.js';
import { specLink } from '../../src/spec.js';

// spec.md#pulling-manifests: "<name> MUST match the following regular expression" and
// "<reference> MUST be either (a) the digest of the manifest or (b) a tag name"; "a tag MUST
// be at most 128 characters in length and MUST match [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}".
export default defineCheck({
  meta: {
    id: 'pull/reference-grammar',
    title: 'Repository names, tags and digests in URLs follow the spec grammar',
    category: 'pull',
    side: 'client',
    level: 'MUST',
    requirements: ['PULL-01', 'PULL-02', 'MPUSH-05'],
    spec: specLink('pulling-manifests'),
    fix: 'Validate names, tags and digests before building URLs: lower-case name components, tags matching [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}, digests algorithm:hex.',
    messages: {
      badName: "Repository name '{{name}}' does not match the spec's name grammar{{why}}.",
      badReference: "Manifest reference '{{reference}}' is neither a valid tag nor a digest.",
    },
  },
  create(ctx) {
    const grammar = ctx.spec === '1.0.1' ? 'v1.0' : 'v1.1';
    const seenNames = new BoundedSet<string>(4096);
    function checkName(event: OperationEvent) {
      const name = 'name' in event.op ? event.op.name : undefined;
      if (typeof name !== 'string' || seenNames.has(name)) return;
      seenNames.add(name);
      if (!isValidRepositoryName(name, grammar)) {
        const why = grammar === 'v1.0' ? ' (v1.0 grammar: no "__" or "--")' : '';
        ctx.report({ messageId: 'badName', at: event.at, data: { name, why } });
      }
    }
    function checkReference(event: OperationEvent<'manifest.get' | 'manifest.head' | 'manifest.put' | 'manifest.delete'>) {
      checkName(event);
      const reference = event.op.reference;
      // image-spec descriptor.md: a registered algorithm's encoded part MUST be its lower-case hex
      // (sha256: 64 chars), so `sha256:abc` is no digest although it fits the generic grammar.
      const digest = reference.kind === 'digest' ? parseDigest(reference.value) : undefined;
      if (reference.kind === 'invalid' || (digest?.ok && !digest.wellFormed)) {
        ctx.report({ messageId: 'badReference', at: event.at, data: { reference: event.op.reference.value } });
      }
    }
    const nameOnly: OperationKind[] = ['blob.get', 'blob.head', 'upload.start', 'upload.mount', 'tags.list', 'referrers.list', 'blob.delete'];
    const handlers: Record<string, (e: never) => void> = {
      'op:manifest.get': checkReference,
      'op:manifest.head': checkReference,
      'op:manifest.put': checkReference,
      'op:manifest.delete': checkReference,
    };
    for (const kind of nameOnly) handlers[`op:${kind}`] = checkName;
    return handlers;
  },
});
