import type { Body } from '../model/body.js';
import { entryRef, type EntryRef, type Exchange } from '../model/exchange.js';
import { parseDigest } from '../oci/digest.js';
import { parseMediaType } from '../oci/media-type.js';
import { schema1SignedDigest } from '../oci/schema1.js';
import type { OperationOf } from '../oci/operation.js';
import { BoundedMap } from './bounded-map.js';
import type { Emit } from './emitter.js';
import type { PushedManifest } from './events.js';
import type { ManifestFacts } from './facts.js';
import { isRecord, readJsonBody } from './json-body.js';

type PullOp = OperationOf<'manifest.get'> | OperationOf<'manifest.head'>;

interface KnownType {
  /** Where the type was learned; a reference, not the exchange, so the exchange can be freed. */
  at: EntryRef;
  /** Content-Type essence. */
  type: string;
  /** Pushed in this capture or served by digest (not only seen behind a tag). */
  stored: boolean;
}

function contentKey(at: Exchange, repo: string, reference: string): string {
  return originKey(at.request.origin, repo, reference);
}

function originKey(origin: string, repo: string, reference: string): string {
  return `${origin} ${repo} ${reference}`;
}

/**
 * An exchange remembered as evidence: its reference and start time, not the exchange (these
 * maps hold thousands of entries; whole exchanges would outlive minor collections by the
 * thousand and dominate the garbage collector's work).
 */
export interface Witness {
  ref: EntryRef;
  startMs: number;
}

function witness(at: Exchange): Witness {
  return { ref: entryRef(at), startMs: at.startMs };
}

/** What the content tracker knows, for the upload tracker's end-of-capture facts. */
export interface ContentLookup {
  /** The latest exchange that showed this blob or manifest present in the repository (stored, HEAD/GET 200). */
  presentAt(origin: string, repo: string, reference: string): Witness | undefined;
  /** The latest exchange that stored any content in the repository. */
  lastStoredIn(origin: string, repo: string): Witness | undefined;
}

/** Digests a manifest or index points to (config, layers, manifests), read defensively. */
function referencesOf(json: Record<string, unknown>): string[] {
  const out: string[] = [];
  const add = (d: unknown) => {
    if (isRecord(d) && typeof d.digest === 'string') out.push(d.digest);
  };
  add(json.config);
  for (const list of [json.layers, json.manifests, json.blobs]) if (Array.isArray(list)) list.forEach(add);
  return out;
}

/** `sha256-<hex>` (referrers tag schema) → `sha256:<hex>`, when the tag has that shape. */
export function subjectOfReferrersTag(tag: string): string | undefined {
  const dash = tag.indexOf('-');
  if (dash <= 0) return undefined;
  const candidate = `${tag.slice(0, dash)}:${tag.slice(dash + 1)}`;
  const parsed = parseDigest(candidate);
  return parsed.ok && parsed.registered && parsed.wellFormed ? candidate : undefined;
}

export function manifestFacts(headers: Exchange['response']['headers'], body: Body, withDigestHeader: boolean): ManifestFacts {
  const facts: ManifestFacts = { body, references: [] };
  const contentType = headers.get('content-type');
  if (contentType !== undefined) {
    facts.contentType = contentType;
    const parsed = parseMediaType(contentType);
    if (parsed) facts.essence = parsed.essence;
  }
  if (withDigestHeader) {
    const digest = headers.get('docker-content-digest');
    if (digest !== undefined) facts.digestHeader = digest.trim();
  }
  const length = headers.get('content-length');
  if (length !== undefined && /^\s*\d{1,15}\s*$/.test(length)) facts.contentLength = Number(length);
  if ((body.fidelity === 'exact' || body.fidelity === 'redacted') && body.sha256) facts.bodyDigest = `sha256:${body.sha256}`;
  const json = readJsonBody(body);
  if (json.kind === 'json') {
    if (isRecord(json.value)) {
      facts.json = json.value;
      if (typeof json.value.mediaType === 'string') facts.mediaTypeField = json.value.mediaType;
      const subject = json.value.subject;
      if (isRecord(subject) && typeof subject.digest === 'string') facts.subject = subject.digest;
      facts.references = referencesOf(json.value);
      // A schema 1 signed manifest's digest is its JWS payload's, not its bytes' (api.md).
      if (body.fidelity === 'exact' && body.text !== undefined) {
        const schema1 = schema1SignedDigest(json.value, Buffer.from(body.text, 'utf8'));
        if (schema1.kind === 'signed') {
          facts.bodyDigest = schema1.digest;
          facts.schema1Jws = 'payload';
        } else if (schema1.kind === 'invalid') {
          delete facts.bodyDigest;
          facts.schema1Jws = { invalid: schema1.reason };
        }
      }
    } else facts.jsonError = 'manifest is not a JSON object';
  } else if (json.kind === 'invalid') facts.jsonError = json.error;
  return facts;
}

/**
 * What the capture saw stored: manifests pushed (by tag and digest) and content deleted,
 * so later pulls can be compared with them (PULL-07, MPUSH-08, DEL-02/03).
 */
export class ContentTracker implements ContentLookup {
  private readonly pushed = new BoundedMap<string, PushedManifest>(4096);
  private readonly deleted = new BoundedMap<string, Witness>(4096);
  /** tag key → digest, from pushes and pulls, so deleting a digest also retires its tags. */
  private readonly tagDigest = new BoundedMap<string, string>(4096);
  /** Content key → the exchange that showed a blob or manifest present (stored, mounted, HEAD/GET 200). */
  private readonly present = new BoundedMap<string, Witness>(16384);
  /** `origin repo` → the latest exchange that stored content there. */
  private readonly lastStored = new BoundedMap<string, Witness>(4096);
  /** Manifest content key → the media type it was pushed or served as (for 404/406 answers). */
  private readonly manifestTypes = new BoundedMap<string, KnownType>(4096);

  constructor(private readonly emit: Emit) {}

  onManifestPull(at: Exchange, op: PullOp): void {
    this.checkDeleted(at, op.name, op.reference.value);
    const status = at.failed ? 0 : at.response.status;
    if (status === 404 || status === 406) {
      const known = this.manifestTypes.get(contentKey(at, op.name, op.reference.value));
      if (known) this.emit({ type: 'manifest.refused', at, op, status, knownAt: known.at, knownType: known.type, stored: known.stored });
    }
    if (!at.failed && at.response.status === 404) {
      const key = contentKey(at, op.name, op.reference.value);
      const pushed = this.pushed.get(key);
      const storedAt = pushed ? entryRef(pushed.at) : this.present.get(key)?.ref;
      if (storedAt) {
        this.emit(
          pushed?.contentType !== undefined
            ? { type: 'content.missing-after-store', at, storedAt, reference: op.reference.value, storedContentType: pushed.contentType }
            : { type: 'content.missing-after-store', at, storedAt, reference: op.reference.value },
        );
      }
    }
    if (at.failed || at.response.status !== 200) return;
    const manifest = manifestFacts(at.response.headers, at.response.body, true);
    if (op.reference.kind === 'digest') this.present.set(contentKey(at, op.name, op.reference.value), witness(at));
    if (manifest.essence) this.rememberType(contentKey(at, op.name, op.reference.value), at, manifest.essence, op.reference.kind === 'digest');
    if (op.reference.kind === 'tag') {
      const subject = subjectOfReferrersTag(op.reference.value);
      if (subject) manifest.referrersTagFor = subject;
    }
    if (op.kind === 'manifest.head') {
      // A HEAD has no body; what the capture holds is not the manifest.
      delete manifest.bodyDigest;
      delete manifest.json;
      delete manifest.jsonError;
      delete manifest.mediaTypeField;
    }
    const pushed = this.pushed.get(contentKey(at, op.name, op.reference.value));
    if (op.reference.kind === 'tag') {
      const digest = manifest.digestHeader ?? manifest.bodyDigest;
      if (digest) this.tagDigest.set(contentKey(at, op.name, op.reference.value), digest);
    }
    this.emit(pushed ? { type: 'manifest.pulled', at, op, manifest, pushed } : { type: 'manifest.pulled', at, op, manifest });
  }

  onManifestPush(at: Exchange, op: OperationOf<'manifest.put'>): void {
    const manifest = manifestFacts(at.request.headers, at.request.body, false);
    const responseDigest = at.response.headers.get('docker-content-digest');
    if (responseDigest !== undefined) manifest.digestHeader = responseDigest.trim();
    if (op.reference.kind === 'tag') {
      const subject = subjectOfReferrersTag(op.reference.value);
      if (subject) manifest.referrersTagFor = subject;
    }
    const missingBefore = manifest.references.filter((d) => !this.present.has(contentKey(at, op.name, d)));
    this.emit({ type: 'manifest.pushed', at, op, manifest, missingBefore });
    if (at.failed || at.response.status !== 201) return;
    const digest = manifest.bodyDigest ?? manifest.digestHeader;
    if (digest) this.onStored(at, op.name, digest);
    const record: PushedManifest = { at };
    if (manifest.contentType !== undefined) record.contentType = manifest.contentType;
    if (digest !== undefined) record.digest = digest;
    const refs = [op.reference.value, ...op.tags];
    if (digest) refs.push(digest);
    for (const ref of refs) {
      const key = contentKey(at, op.name, ref);
      this.pushed.set(key, record);
      this.deleted.delete(key);
      if (manifest.essence) this.manifestTypes.set(key, { at: entryRef(at), type: manifest.essence, stored: true });
    }
    if (op.reference.kind === 'tag' && digest) this.tagDigest.set(contentKey(at, op.name, op.reference.value), digest);
  }

  onManifestDelete(at: Exchange, op: OperationOf<'manifest.delete'>): void {
    this.emit({ type: 'manifest.deleted', at, op });
    if (at.failed || at.response.status !== 202) return;
    const ref = op.reference.value;
    const seen = witness(at);
    this.deleted.set(contentKey(at, op.name, ref), seen);
    this.pushed.delete(contentKey(at, op.name, ref));
    this.present.delete(contentKey(at, op.name, ref));
    this.manifestTypes.delete(contentKey(at, op.name, ref));
    if (op.reference.kind === 'digest') {
      const prefix = contentKey(at, op.name, '');
      for (const [tagKey, digest] of this.tagDigest) {
        if (digest === ref && tagKey.startsWith(prefix)) {
          this.deleted.set(tagKey, seen);
          this.pushed.delete(tagKey);
          this.manifestTypes.delete(tagKey);
        }
      }
    }
  }

  /**
   * A manifest served 200: by digest it is stored content; behind a tag only what the tag held
   * then, unless it matches what this capture pushed there (the push stays the evidence).
   */
  private rememberType(key: string, at: Exchange, type: string, byDigest: boolean): void {
    const previous = this.manifestTypes.get(key);
    if (previous?.stored && previous.type === type) return;
    this.manifestTypes.set(key, { at: entryRef(at), type, stored: byDigest });
  }

  /** A blob or manifest answered 404 although this capture saw it stored and not deleted. */
  private checkMissing(at: Exchange, repo: string, digest: string): void {
    if (at.failed || at.response.status !== 404) return;
    const storedAt = this.present.get(contentKey(at, repo, digest));
    if (storedAt) this.emit({ type: 'content.missing-after-store', at, storedAt: storedAt.ref, reference: digest });
  }

  onBlobPull(at: Exchange, request: Exchange, op: OperationOf<'blob.get'>): void {
    if (request === at) {
      this.checkDeleted(at, op.name, op.digest);
      this.checkMissing(at, op.name, op.digest);
    }
    if (at.failed || (at.response.status !== 200 && at.response.status !== 206)) return;
    this.present.set(contentKey(request, op.name, op.digest), witness(at));
    this.emit({ type: 'blob.pulled', at, request, op, body: at.response.body });
  }

  onBlobHead(at: Exchange, op: OperationOf<'blob.head'>): void {
    this.checkDeleted(at, op.name, op.digest);
    this.checkMissing(at, op.name, op.digest);
    if (!at.failed && at.response.status === 200) this.present.set(contentKey(at, op.name, op.digest), witness(at));
    this.emit({ type: 'blob.checked', at, op });
  }

  onBlobDelete(at: Exchange, op: OperationOf<'blob.delete'>): void {
    this.emit({ type: 'blob.deleted', at, op });
    if (!at.failed && at.response.status === 202) {
      this.deleted.set(contentKey(at, op.name, op.digest), witness(at));
      this.present.delete(contentKey(at, op.name, op.digest));
    }
  }

  /**
   * A blob stored through an upload or mount: present again, no longer deleted. `origin`: the
   * registry's, when the exchange went elsewhere (a close on an offloaded upload Location).
   */
  onBlobStored(at: Exchange, repo: string, digest: string, origin?: string): void {
    this.onStored(at, repo, digest, origin);
  }

  presentAt(origin: string, repo: string, reference: string): Witness | undefined {
    return this.present.get(originKey(origin, repo, reference));
  }

  lastStoredIn(origin: string, repo: string): Witness | undefined {
    return this.lastStored.get(`${origin} ${repo}`);
  }

  private onStored(at: Exchange, repo: string, digest: string, origin = at.request.origin): void {
    const key = originKey(origin, repo, digest);
    this.deleted.delete(key);
    const seen = witness(at);
    this.present.set(key, seen);
    this.lastStored.set(`${origin} ${repo}`, seen);
    this.emit({ type: 'content.stored', at, repo, digest });
  }

  private checkDeleted(at: Exchange, repo: string, reference: string): void {
    const deletedAt = this.deleted.get(contentKey(at, repo, reference));
    if (deletedAt) this.emit({ type: 'content.requested-after-delete', at, deletedAt: deletedAt.ref, reference });
  }
}
