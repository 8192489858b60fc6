import { isAlnum } from './lexical.js';

/**
 * Tag grammar (distribution-spec 1.1.0+ "Pulling manifests"):
 * `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}` — at most 128 characters. Tags never contain `:`,
 * which is how a reference segment tells a tag from a digest.
 */
export const MAX_TAG_LENGTH = 128;

export type TagProblem =
  | 'empty'
  /** Longer than 128 characters. */
  | 'too-long'
  /** First character is `.` or `-`, or not in the class at all. */
  | 'bad-first-char'
  /** A later character outside `[a-zA-Z0-9._-]`. */
  | 'bad-char';

/** `[a-zA-Z0-9_]` */
function isTagStart(c: number): boolean {
  return isAlnum(c) || c === 0x5f;
}

/** `[a-zA-Z0-9._-]` */
export function isTagChar(c: number): boolean {
  return isAlnum(c) || c === 0x5f || c === 0x2e || c === 0x2d;
}

/** Why `tag` is not a valid tag, or undefined when it is. Stops at 129 characters. */
export function tagProblem(tag: string): TagProblem | undefined {
  if (tag.length === 0) return 'empty';
  if (!isTagStart(tag.charCodeAt(0))) return 'bad-first-char';
  const limit = Math.min(tag.length, MAX_TAG_LENGTH);
  for (let i = 1; i < limit; i++) if (!isTagChar(tag.charCodeAt(i))) return 'bad-char';
  if (tag.length > MAX_TAG_LENGTH) return 'too-long';
  return undefined;
}

/** True when `tag` matches the anchored tag regex (length 1…128). */
export function isValidTag(tag: string): boolean {
  return tagProblem(tag) === undefined;
}
