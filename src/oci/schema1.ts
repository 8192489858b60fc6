import { createHash } from 'node:crypto';

/**
 * The digest of a Docker schema 1 *signed* manifest (`…manifest.v1+prettyjws`) is not the hash
 * of the bytes served: it is the hash of the JWS payload, the manifest without its
 * `signatures` (distribution docs/spec/api.md "Digest Header": "For manifests, this is the
 * manifest body without the signature content, also known as the JWS payload"). libtrust's
 * pretty JWS keeps the payload recoverable: every signature's `protected` header (base64url
 * JSON) holds `formatLength`, the number of body bytes before the signatures, and `formatTail`
 * (base64url), the bytes that close the object; payload = body[0, formatLength) + formatTail.
 *
 * - `not-signed`: not a schema 1 manifest with signatures; its digest is that of its bytes.
 * - `signed`: the payload digest (`sha256:<hex>`).
 * - `invalid`: signatures present, but no payload can be recovered from them (or they disagree).
 */
export type Schema1Digest = { kind: 'not-signed' } | { kind: 'signed'; digest: string } | { kind: 'invalid'; reason: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function schema1SignedDigest(json: Record<string, unknown>, bytes: Uint8Array): Schema1Digest {
  if (json.schemaVersion !== 1 || !Array.isArray(json.signatures) || json.signatures.length === 0) return { kind: 'not-signed' };
  let formatLength: number | undefined;
  let formatTail: string | undefined;
  for (const signature of json.signatures) {
    if (!isRecord(signature) || typeof signature.protected !== 'string') return { kind: 'invalid', reason: 'a signature has no protected header' };
    let header: unknown;
    try {
      header = JSON.parse(Buffer.from(signature.protected, 'base64url').toString('utf8'));
    } catch {
      return { kind: 'invalid', reason: 'a protected header is not base64url JSON' };
    }
    if (!isRecord(header) || !Number.isSafeInteger(header.formatLength) || typeof header.formatTail !== 'string') {
      return { kind: 'invalid', reason: 'a protected header lacks formatLength or formatTail' };
    }
    const length = header.formatLength as number;
    if (length < 0 || length > bytes.length) return { kind: 'invalid', reason: `formatLength ${length} is outside the ${bytes.length}-byte body` };
    // libtrust refuses signatures that describe different payloads.
    if ((formatLength !== undefined && formatLength !== length) || (formatTail !== undefined && formatTail !== header.formatTail)) {
      return { kind: 'invalid', reason: 'the signatures describe different payloads' };
    }
    formatLength = length;
    formatTail = header.formatTail;
  }
  const hash = createHash('sha256');
  hash.update(bytes.subarray(0, formatLength));
  hash.update(Buffer.from(formatTail ?? '', 'base64url'));
  return { kind: 'signed', digest: `sha256:${hash.digest('hex')}` };
}
