import { BoundedMap } from '../engine/bounded-map.js';
import { subjectOfReferrersTag } from '../engine/content.js';
import type { OciEvent, OperationEvent } from '../engine/events.js';
import { isRecord, readJsonBody } from '../engine/json-body.js';
import { clientLabel } from '../model/client.js';
import { entryRef, type EntryRef, type Exchange } from '../model/exchange.js';
import { MediaTypes, mediaTypeFamily } from '../oci/media-type.js';

/**
 * What the traffic shows of each party's referrers behaviour, per registry origin: the first
 * exchange that shows each behaviour (evidence, never a verdict). The scenario and its
 * expectations are decided later from these facts and the rules' findings (see verdict.ts).
 */
export interface ClientFacts {
  client: string;
  /** Producer: an accepted push of a manifest without subject (not a referrers tag index). */
  imagePush?: EntryRef;
  /** Producer: a push of an image manifest or index with `subject` (any answer). */
  subjectPush?: EntryRef;
  subjectPushAccepted?: EntryRef;
  /** Producer: the registry answered OCI-Subject on this client's push with subject. */
  ociSubjectAnswered?: EntryRef;
  /** Producer: a push with subject accepted without OCI-Subject. */
  noOciSubjectAnswered?: EntryRef;
  /** Producer: a push with the removed artifact manifest type. */
  artifactPush?: EntryRef;
  artifactPushAccepted?: EntryRef;
  artifactPushRejected?: EntryRef;
  /** Producer: after an artifact manifest was refused, an image manifest with the same subject. */
  imageFallbackAfterRejection?: EntryRef;
  /** Producer: a PUT of a referrers tag (`<alg>-<hex>`). */
  tagWrite?: EntryRef;
  /** Producer: a referrers tag PUT after the registry answered OCI-Subject. */
  tagWriteDespiteOciSubject?: EntryRef;
  /** Producer: a read of the referrers tag of a subject this client pushed a referrer for. */
  tagReadAsProducer?: EntryRef;
  /** Consumer: a manifest GET/HEAD that is not a referrers tag. */
  pull?: EntryRef;
  referrersApi?: EntryRef;
  referrersApi404?: EntryRef;
  referrersApi200?: EntryRef;
  /** Consumer: asked the API with `?artifactType=`. */
  filterAsked?: EntryRef;
  /** Consumer: a read of a referrers tag (not as a producer maintaining it). */
  tagReadAsConsumer?: EntryRef;
  tagReadAfterApi404?: EntryRef;
  /** Consumer: the tag held no referrers index (404, or not an index). */
  tagReadEmpty?: EntryRef;
  /** Consumer: a manifest request whose Accept lists the artifact manifest type. */
  wantsArtifactManifest?: EntryRef;
  /** Consumer: fetched a manifest that a referrers answer (API or tag) listed. */
  referrerFetched?: EntryRef;
  referrerFetchedImage?: EntryRef;
  referrerFetchedArtifact?: EntryRef;
  /** Consumer: asked for a listed artifact manifest and was refused (404/406: it cannot take that type). */
  referrerArtifactRefused?: EntryRef;
}

export interface RegistryFacts {
  origin: string;
  api200?: EntryRef;
  api404?: EntryRef;
  ociSubject?: EntryRef;
  noOciSubject?: EntryRef;
  artifactAccepted?: EntryRef;
  artifactRejected?: EntryRef;
  /** 400 MANIFEST_INVALID on an artifact manifest: the answer a registry without the type gives. */
  artifactRejectedInvalid?: EntryRef;
  filtersApplied?: EntryRef;
  /** A referrers API answer that listed a manifest this capture saw pushed with subject. */
  apiListedPushed?: EntryRef;
  /** Clients in order of first appearance. */
  clients: ClientFacts[];
}

const MAX_ORIGINS = 16;
const MAX_CLIENTS = 32;
const MAX_DIGESTS = 4096;

interface OriginState {
  facts: RegistryFacts;
  byClient: Map<string, ClientFacts>; // bounded: MAX_CLIENTS
  /** Digests listed by referrers answers (API or tag index) → descriptor media type. */
  listed: BoundedMap<string, string>;
  /** `repo subject` of referrers pushed by a client → that client (its own tag reads are maintenance). */
  subjectsPushedBy: BoundedMap<string, Set<string>>;
  /** `repo subject` of artifact manifests refused, per client. */
  refusedArtifactSubjects: BoundedMap<string, Set<string>>;
  /** `repo subject` the referrers API was asked about, per client: its tag reads are a consumer's fallback. */
  askedBy: BoundedMap<string, Set<string>>;
  /** Digests of manifests accepted with a subject. */
  pushedReferrers: BoundedMap<string, true>;
}

const ARTIFACT = MediaTypes.ociArtifactManifest;

export class ReferrersObserver {
  private readonly origins = new Map<string, OriginState>(); // bounded: MAX_ORIGINS
  /** Origins past the cap, counted. */
  omittedOrigins = 0;
  /** Entry of the latest referrers tag read by a consumer (its body comes in the next event). */
  private consumerTagRead: number | undefined;

  /** Event types this observer reads (others are not passed in, to keep the hot path short). */
  static wants(type: string): boolean {
    return type === 'manifest.pushed' || type === 'manifest.pulled' || type === 'referrers.listed' || type === 'op:manifest.get' || type === 'op:manifest.head' || type === 'op:referrers.list';
  }

  handle(event: OciEvent | OperationEvent): void {
    switch (event.type) {
      case 'manifest.pushed':
        return this.onPush(event);
      case 'manifest.pulled':
        return this.onPulled(event);
      case 'referrers.listed':
        return this.onListed(event.at, event.body.kind === 'json' ? event.body.value : undefined);
      case 'op:manifest.get':
      case 'op:manifest.head':
        return this.onManifestRequest(event as OperationEvent<'manifest.get'> | OperationEvent<'manifest.head'>);
      case 'op:referrers.list':
        return this.onReferrersRequest(event as OperationEvent<'referrers.list'>);
    }
  }

  /** The facts per registry origin that showed any manifest or referrers traffic. */
  results(): RegistryFacts[] {
    return [...this.origins.values()].map((o) => o.facts);
  }

  private state(at: Exchange): { origin: OriginState; client: ClientFacts } | undefined {
    const key = at.request.origin;
    let origin = this.origins.get(key);
    if (!origin) {
      if (this.origins.size >= MAX_ORIGINS) {
        this.omittedOrigins++;
        return undefined;
      }
      origin = {
        facts: { origin: key, clients: [] },
        byClient: new Map(),
        listed: new BoundedMap(MAX_DIGESTS),
        subjectsPushedBy: new BoundedMap(MAX_DIGESTS),
        refusedArtifactSubjects: new BoundedMap(MAX_DIGESTS),
        askedBy: new BoundedMap(MAX_DIGESTS),
        pushedReferrers: new BoundedMap(MAX_DIGESTS),
      };
      this.origins.set(key, origin);
    }
    const label = clientLabel(at.client);
    let client = origin.byClient.get(label);
    if (!client) {
      if (origin.byClient.size >= MAX_CLIENTS) return undefined;
      client = { client: label };
      origin.byClient.set(label, client);
      origin.facts.clients.push(client);
    }
    return { origin, client };
  }

  private onPush(event: Extract<OciEvent, { type: 'manifest.pushed' }>): void {
    const { at, op, manifest } = event;
    const s = this.state(at);
    if (!s) return;
    const { origin, client } = s;
    const reg = origin.facts;
    const status = at.failed ? 0 : at.response.status;
    const accepted = status >= 200 && status < 300;
    const ref = entryRef(at);
    if (manifest.referrersTagFor) {
      client.tagWrite ??= ref;
      if (client.ociSubjectAnswered) client.tagWriteDespiteOciSubject ??= ref;
      this.rememberListed(origin, manifest.json);
      return;
    }
    const type = manifest.mediaTypeField ?? manifest.essence ?? '';
    const artifact = mediaTypeFamily(type) === 'oci-artifact-removed';
    if (artifact) {
      client.artifactPush ??= ref;
      if (accepted) {
        client.artifactPushAccepted ??= ref;
        reg.artifactAccepted ??= ref;
      } else if (status >= 400 && status < 500) {
        client.artifactPushRejected ??= ref;
        reg.artifactRejected ??= ref;
        if (status === 400 && errorCodes(at).includes('MANIFEST_INVALID')) reg.artifactRejectedInvalid ??= ref;
        if (manifest.subject) addTo(origin.refusedArtifactSubjects, `${op.name} ${manifest.subject}`, client.client);
      }
    }
    if (!manifest.subject) {
      if (accepted && !artifact) client.imagePush ??= ref;
      return;
    }
    addTo(origin.subjectsPushedBy, `${op.name} ${manifest.subject}`, client.client);
    if (!artifact) {
      client.subjectPush ??= ref;
      if (origin.refusedArtifactSubjects.get(`${op.name} ${manifest.subject}`)?.has(client.client)) client.imageFallbackAfterRejection ??= ref;
    }
    if (!accepted) return;
    const digest = manifest.bodyDigest ?? manifest.digestHeader;
    if (digest) origin.pushedReferrers.set(digest, true);
    if (!artifact) client.subjectPushAccepted ??= ref;
    if (at.response.headers.has('oci-subject')) {
      client.ociSubjectAnswered ??= ref;
      reg.ociSubject ??= ref;
    } else {
      client.noOciSubjectAnswered ??= ref;
      reg.noOciSubject ??= ref;
    }
  }

  private onManifestRequest(event: OperationEvent<'manifest.get'> | OperationEvent<'manifest.head'>): void {
    const { at, op } = event;
    const s = this.state(at);
    if (!s) return;
    const { origin, client } = s;
    const ref = entryRef(at);
    const accept = at.request.headers.get('accept');
    if (accept !== undefined && accept.toLowerCase().includes(ARTIFACT)) client.wantsArtifactManifest ??= ref;
    const status = at.failed ? 0 : at.response.status;
    const subject = op.reference.kind === 'tag' ? subjectOfReferrersTag(op.reference.value) : undefined;
    if (subject) {
      const key = `${op.name} ${subject}`;
      if (!origin.askedBy.get(key)?.has(client.client) && origin.subjectsPushedBy.get(key)?.has(client.client)) {
        client.tagReadAsProducer ??= ref;
        return;
      }
      client.tagReadAsConsumer ??= ref;
      this.consumerTagRead = at.index;
      if (client.referrersApi404) client.tagReadAfterApi404 ??= ref;
      // A 404, or a 200 that is not an index, means "no referrers" (REF-09); the index case is read in onPulled.
      if (status === 404) client.tagReadEmpty ??= ref;
      return;
    }
    client.pull ??= ref;
    if (op.reference.kind !== 'digest') return;
    const listedType = origin.listed.get(op.reference.value);
    if (listedType === undefined) return;
    client.referrerFetched ??= ref;
    const family = mediaTypeFamily(listedType);
    if (family === 'oci-artifact-removed') {
      if (status === 200) client.referrerFetchedArtifact ??= ref;
      else if (status === 404 || status === 406) client.referrerArtifactRefused ??= ref;
    } else if (status === 200) client.referrerFetchedImage ??= ref;
  }

  private onPulled(event: Extract<OciEvent, { type: 'manifest.pulled' }>): void {
    const { at, manifest } = event;
    if (!manifest.referrersTagFor) return;
    const s = this.state(at);
    if (!s) return;
    const isIndex = manifest.json !== undefined && Array.isArray(manifest.json.manifests) && mediaTypeFamily(manifest.mediaTypeField ?? manifest.essence ?? '') === 'oci-index';
    if (isIndex) this.rememberListed(s.origin, manifest.json);
    else if (this.consumerTagRead === at.index) s.client.tagReadEmpty ??= entryRef(at);
  }

  private onReferrersRequest(event: OperationEvent<'referrers.list'>): void {
    const { at, op } = event;
    const s = this.state(at);
    if (!s) return;
    const ref = entryRef(at);
    const { client } = s;
    const reg = s.origin.facts;
    client.referrersApi ??= ref;
    addTo(s.origin.askedBy, `${op.name} ${op.digest}`, client.client);
    if (op.artifactType !== undefined) client.filterAsked ??= ref;
    const status = at.failed ? 0 : at.response.status;
    if (status === 404) {
      client.referrersApi404 ??= ref;
      reg.api404 ??= ref;
    } else if (status === 200) {
      client.referrersApi200 ??= ref;
      reg.api200 ??= ref;
      if (at.response.headers.has('oci-filters-applied')) reg.filtersApplied ??= ref;
    }
  }

  private onListed(at: Exchange, value: unknown): void {
    const s = this.state(at);
    if (!s) return;
    this.rememberListed(s.origin, value);
    if (s.origin.facts.apiListedPushed || !isRecord(value) || !Array.isArray(value.manifests)) return;
    if (value.manifests.some((d) => isRecord(d) && typeof d.digest === 'string' && s.origin.pushedReferrers.has(d.digest))) s.origin.facts.apiListedPushed = entryRef(at);
  }

  private rememberListed(origin: OriginState, index: unknown): void {
    if (!isRecord(index) || !Array.isArray(index.manifests)) return;
    for (const d of index.manifests) {
      if (isRecord(d) && typeof d.digest === 'string') origin.listed.set(d.digest, typeof d.mediaType === 'string' ? d.mediaType : '');
    }
  }
}

function addTo(map: BoundedMap<string, Set<string>>, key: string, client: string): void {
  const set = map.get(key) ?? new Set<string>();
  if (set.size < MAX_CLIENTS) set.add(client);
  map.set(key, set);
}

function errorCodes(at: Exchange): string[] {
  const body = readJsonBody(at.response.body);
  if (body.kind !== 'json' || !isRecord(body.value) || !Array.isArray(body.value.errors)) return [];
  return body.value.errors.flatMap((e) => (isRecord(e) && typeof e.code === 'string' ? [e.code] : []));
}
