import { parseDigest } from './digest.js';
import type { Reference } from './operation.js';
import { isValidTag } from './tag.js';

/**
 * The `<reference>` segment of a manifest URL is a tag or a digest, nothing else (PULL-01).
 * Tags cannot contain `:`, so a `:` means "digest": a segment with `:` that does not match
 * the digest grammar is invalid, not a tag.
 */
export function parseReference(segment: string): Reference {
  if (segment.includes(':')) {
    return parseDigest(segment).ok ? { kind: 'digest', value: segment } : { kind: 'invalid', value: segment };
  }
  return isValidTag(segment) ? { kind: 'tag', value: segment } : { kind: 'invalid', value: segment };
}
