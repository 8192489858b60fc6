import { describe, expect, it } from 'vitest';
import type { EventOf, EventType, OciEvent } from '../../src/engine/events.js';
import { DEFAULT_LAYER, har, oci, REGISTRY, sha256Digest, STORAGE } from '../support/har.js';
import { sequence, trackEvents } from '../support/spy.js';

function only<T extends EventType>(events: OciEvent[], type: T): EventOf<T>[] {
  return events.filter((e): e is EventOf<T> => e.type === type);
}

describe('state machine: uploads', () => {
  it('monolithic POST + PUT: session opened, closed, digest computed from the exact body', async () => {
    const blob = oci.pushBlob({ style: 'monolithic' });
    const events = await trackEvents(har(blob));
    expect(sequence(events)).toEqual(['upload.started@0', 'upload.location-used@1', 'upload.closed@1', 'content.stored@1']);
    const closed = only(events, 'upload.closed')[0]!;
    expect(closed.close.digest).toBe(blob.digest);
    expect(closed.close.computedDigest).toBe(blob.digest);
    expect(closed.session.state).toBe('closed');
  });

  it('chunked PATCH* + PUT: chunks in order, offsets tracked, newest Location followed', async () => {
    const events = await trackEvents(har(oci.pushBlob({ style: 'chunked', chunkSize: 400 })));
    const chunks = only(events, 'upload.chunk-sent');
    expect(chunks.map((c) => [c.chunk.index, c.chunk.range?.start, c.chunk.expectedStart])).toEqual([
      [0, 0, 0],
      [1, 400, 400],
      [2, 800, 800],
    ]);
    expect(only(events, 'upload.location-used').map((e) => [e.latest, e.droppedParams.length])).toEqual([
      [true, 0],
      [true, 0],
      [true, 0],
      [true, 0],
    ]);
    const closed = only(events, 'upload.closed')[0]!;
    expect(closed.close.notEvaluable).toBeUndefined();
    expect(closed.close.computedDigest).toBe(sha256Digest(DEFAULT_LAYER));
  });

  it('a PUT that dropped _state is reported as a Location-use fact', async () => {
    const entries = oci.pushBlob({ style: 'monolithic' });
    const put = entries[1]!;
    put.request.url = put.request.url.replace(/_state=[^&]*&?/, '');
    const events = await trackEvents(har(entries));
    const used = only(events, 'upload.location-used');
    expect(used).toHaveLength(1);
    expect(used[0]!.droppedParams).toEqual(['_state']);
  });

  it('a chunk whose body is a redaction placeholder counts its Content-Length, not the placeholder', async () => {
    const entries = oci.pushBlob({ style: 'chunked', chunkSize: 1024 });
    const patch = entries[1]!;
    patch.request.postData = { mimeType: 'application/octet-stream', text: '[REDACTED]' };
    patch.request.bodySize = -1; // the capture declares no size: only Content-Length tells
    const events = await trackEvents(har(entries));
    const chunk = only(events, 'upload.chunk-sent')[0]!;
    expect(chunk.at.request.body.fidelity).toBe('redacted');
    expect(chunk.chunk.bodySize).toBe(1024); // from Content-Length, not the placeholder's 0
    expect(only(events, 'upload.closed')[0]!.close.computedDigest).toBeUndefined();
  });

  it('an upload request to a URL no session was opened for', async () => {
    const events = await trackEvents(har(oci.patchChunk({ data: 'abc' })));
    expect(sequence(events)).toEqual(['upload.unknown-session@0']);
  });

  it('a session never closed is abandoned at the end of the capture', async () => {
    const events = await trackEvents(har(oci.startUpload()));
    expect(events.map((e) => e.type)).toContain('upload.abandoned');
  });

  it('an abandoned session names the later request the same client sent to that registry', async () => {
    const start = oci.startUpload();
    const wentOn = await trackEvents(har(start, oci.headBlob({ exists: false }), oci.pullBlob({ registry: STORAGE })));
    const abandoned = only(wentOn, 'upload.abandoned')[0]!;
    // The HEAD to the registry, not the later request to another origin.
    expect(abandoned.laterRequest?.index).toBe(1);
    const stopped = await trackEvents(har(start));
    expect(only(stopped, 'upload.abandoned')[0]!.laterRequest).toBeUndefined();
    const otherClient = await trackEvents(har(start, oci.headBlob({ exists: false, userAgent: 'other/2.0' })));
    expect(only(otherClient, 'upload.abandoned')[0]!.laterRequest).toBeUndefined();
  });

  it('an abandoned session says whether its blob, or any content, reached the repository afterwards', async () => {
    const mount = oci.mount({ status: 202 });
    const uploadedElsewhere = await trackEvents(har(mount, oci.pushBlob({ uuid: 'fresh' })));
    const first = only(uploadedElsewhere, 'upload.abandoned')[0]!;
    expect(first.session.digest).toBe(mount.digest);
    expect(first.blobPresent?.index).toBe(2);
    expect(first.storedInRepo?.index).toBe(2);
    const otherBlob = await trackEvents(har(mount, oci.pushBlob({ uuid: 'fresh', data: 'other' })));
    const second = only(otherBlob, 'upload.abandoned')[0]!;
    expect(second.blobPresent).toBeUndefined();
    expect(second.storedInRepo?.index).toBe(2);
    // Present before the POST is not "afterwards".
    const before = await trackEvents(har(oci.headBlob(), mount));
    expect(only(before, 'upload.abandoned')[0]!.blobPresent).toBeUndefined();
  });

  it('a blob closed on an offloaded upload host is stored in the registry that opened the session', async () => {
    const offload = 'https://uploads.test/s/1?sig=a';
    const events = await trackEvents(har(oci.startUpload({ location: offload }), oci.finishUpload({ location: offload, data: DEFAULT_LAYER }), oci.headBlob({ exists: false })));
    const stored = only(events, 'content.stored')[0]!;
    expect(stored.at.index).toBe(1);
    // The registry's later 404 for it is a miss of stored content, keyed by the registry's origin.
    expect(only(events, 'content.missing-after-store').map((e) => e.at.index)).toEqual([2]);
  });

  it('mount 201 completes without a session; mount 202 falls back to an upload session', async () => {
    const mounted = await trackEvents(har(oci.mount({ status: 201 })));
    expect(sequence(mounted)).toEqual(['upload.created-without-session@0', 'content.stored@0']);
    const fallback = await trackEvents(har(oci.mount({ status: 202 })));
    const started = only(fallback, 'upload.started')[0]!;
    expect(started.session.mountFallback).toBe(true);
  });

  it('status GET and cancel DELETE belong to the session', async () => {
    const start = oci.startUpload();
    const events = await trackEvents(har(start, oci.uploadStatus({ location: start.location }), oci.cancelUpload({ location: start.location })));
    expect(sequence(events)).toEqual(['upload.started@0', 'upload.location-used@1', 'upload.status-checked@1', 'upload.location-used@2', 'upload.cancelled@2']);
  });
});

describe('state machine: auth', () => {
  it('401 → token → retry with the issued Bearer token', async () => {
    const events = await trackEvents(har(oci.authedPull()));
    expect(sequence(events).filter((s) => s.startsWith('auth.'))).toEqual([
      'auth.challenged@0',
      'auth.token-requested@1',
      'auth.token-issued@1',
      'auth.retried@2',
      'auth.token-used@2',
    ]);
    const requested = only(events, 'auth.token-requested')[0]!;
    expect(requested.challenge?.scope).toBe('repository:library/hello:pull');
    expect(requested.request.scopes).toEqual(['repository:library/hello:pull']);
    const retried = only(events, 'auth.retried')[0]!;
    expect(retried.scheme).toBe('Bearer');
    expect(retried.token?.token).toBe('test-token');
  });

  it('OAuth2 POST token flow is recognised by the realm the challenge named', async () => {
    const events = await trackEvents(har(oci.bearerFlow(oci.pullManifest(), { tokenMethod: 'POST' })));
    const requested = only(events, 'auth.token-requested')[0]!;
    expect(requested.request.grant).toBe('oauth2');
    expect(requested.request.credentials).toBe('password');
    expect(only(events, 'auth.token-issued')[0]!.token.accessToken).toBe('test-token');
  });

  // skopeo, crane, regctl…: every process pings /v2/ without credentials, gets the 401, fetches
  // a token and sends it on its requests; it never resends the ping. The next process's ping
  // is the same request again but not a retry of the previous process's challenge.
  it("a new client's unauthenticated ping after the last one used its token is not a retry", async () => {
    const session = (tok: string) => [
      ...oci.challenge({ url: '/v2/', scope: null }),
      ...oci.token({ token: tok }),
      ...oci.pullManifest({ auth: `Bearer ${tok}` }),
    ];
    const events = await trackEvents(har(...session('first'), ...session('second')));
    expect(sequence(events).filter((s) => s.startsWith('auth.') && !s.startsWith('auth.token-used'))).toEqual([
      'auth.challenged@0',
      'auth.token-requested@1',
      'auth.token-issued@1',
      'auth.challenged@3',
      'auth.token-requested@4',
      'auth.token-issued@4',
    ]);
  });

  it('after a refused token request the same request without credentials is a new attempt, not a retry', async () => {
    const ping = () => oci.challenge({ url: '/v2/', scope: null });
    const events = await trackEvents(har(...ping(), ...oci.token({ status: 401, withBasicAuth: true, scope: null }), ...ping()));
    expect(only(events, 'auth.retried')).toEqual([]);
    expect(only(events, 'auth.challenged').map((e) => e.at.index)).toEqual([0, 1, 2]);
  });

  it('an unauthenticated repeat is still a retry while the challenge is open (token issued but not yet used)', async () => {
    const events = await trackEvents(har(...oci.challenge(), ...oci.token(), ...oci.pullManifest()));
    const retried = only(events, 'auth.retried');
    expect(retried.map((e) => [e.at.index, e.challenged.index, e.scheme])).toEqual([[2, 0, undefined]]);
  });

  it('Basic credentials on a token request to a realm on the registry origin do not settle the challenge', async () => {
    const realm = `${REGISTRY}/token`;
    const events = await trackEvents(
      har(...oci.challenge({ realm }), ...oci.token({ realm, withBasicAuth: true }), ...oci.pullManifest()),
    );
    expect(only(events, 'auth.retried').map((e) => e.at.index)).toEqual([2]);
  });
});

describe('state machine: pull and content', () => {
  it('blob GET redirected to storage: the redirect hop carries the bytes', async () => {
    const events = await trackEvents(har(oci.pullBlob({ redirectTo: true })));
    expect(sequence(events)).toEqual(['redirect.followed@1', 'blob.pulled@1']);
    const pulled = only(events, 'blob.pulled')[0]!;
    expect(pulled.request.index).toBe(0);
    expect(pulled.at.request.url?.origin).toBe(new URL(STORAGE).origin);
    expect(only(events, 'redirect.followed')[0]!.crossOrigin).toBe(true);
  });

  it('manifest pulled after push carries what was pushed', async () => {
    const image = oci.pushImage();
    const events = await trackEvents(har(image, oci.pullManifest()));
    const pulled = only(events, 'manifest.pulled')[0]!;
    expect(pulled.pushed?.digest).toBe(image.manifestDigest);
    expect(pulled.manifest.bodyDigest).toBe(image.manifestDigest);
  });

  it('manifest push lists references not yet seen; uploads and pushes state what became present', async () => {
    const image = oci.pushImage();
    const manifestFirst = await trackEvents(har(image[image.length - 1]!, image.slice(0, -1)));
    const pushed = only(manifestFirst, 'manifest.pushed')[0]!;
    expect(pushed.missingBefore).toHaveLength(2);
    expect(only(manifestFirst, 'content.stored').map((e) => e.digest)).toEqual([image.manifestDigest, image.layers[0]!.digest, image.config.digest]);
    const bottomUp = await trackEvents(har(image));
    expect(only(bottomUp, 'manifest.pushed')[0]!.missingBefore).toEqual([]);
  });

  it('a 404 or 406 for a manifest seen pushed or served states the type it was seen as', async () => {
    const image = oci.pushImage();
    const digest = image.manifestDigest;
    const pushedThenRefused = await trackEvents(har(image, oci.pullManifest({ status: 406 }), oci.pullManifest({ ref: digest, head: true, status: 404 })));
    const refused = only(pushedThenRefused, 'manifest.refused');
    expect(refused.map((e) => [e.at.index, e.status, e.knownType, e.knownAt.index, e.stored])).toEqual([
      [image.length, 406, 'application/vnd.oci.image.manifest.v1+json', image.length - 1, true],
      [image.length + 1, 404, 'application/vnd.oci.image.manifest.v1+json', image.length - 1, true],
    ]);
    // Served behind a tag only: known, but not as stored content (the tag may have moved).
    const servedByTag = only(await trackEvents(har(oci.pullManifest({ ref: 'v1' }), oci.pullManifest({ ref: 'v1', status: 404 }))), 'manifest.refused');
    expect(servedByTag.map((e) => [e.knownAt.index, e.stored])).toEqual([[0, false]]);
    const servedByDigest = only(await trackEvents(har(oci.pullManifest({ ref: digest }), oci.pullManifest({ ref: digest, status: 406 }))), 'manifest.refused');
    expect(servedByDigest.map((e) => e.stored)).toEqual([true]);
    // Unknown before, deleted since, or another status: no fact.
    const none = await trackEvents(har(
      oci.pullManifest({ status: 404 }),
      image,
      oci.deleteManifest({ ref: digest }),
      oci.pullManifest({ status: 404 }),
      oci.pullManifest({ ref: digest, status: 406 }),
    ));
    expect(only(none, 'manifest.refused')).toEqual([]);
    expect(only(await trackEvents(har(image, oci.pullManifest({ status: 500 }))), 'manifest.refused')).toEqual([]);
  });

  it('content requested after a successful delete', async () => {
    const image = oci.pushImage();
    const events = await trackEvents(har(image, oci.deleteManifest({ ref: image.manifestDigest }), oci.pullManifest({ ref: 'latest', status: 404 })));
    const after = only(events, 'content.requested-after-delete');
    expect(after).toHaveLength(1);
    expect(after[0]!.reference).toBe('latest');
  });

  it('tags and referrers lists are parsed', async () => {
    const events = await trackEvents(har(oci.listTags({ tags: ['a', 'b'] }), oci.listReferrers()));
    const tags = only(events, 'tags.listed')[0]!;
    expect(tags.body).toEqual({ kind: 'json', value: { name: 'library/hello', tags: ['a', 'b'] } });
    expect(only(events, 'referrers.listed')[0]!.body.kind).toBe('json');
  });

  it('4xx responses become error.returned facts with their JSON body', async () => {
    const events = await trackEvents(har(oci.pullManifest({ status: 404 })));
    const error = only(events, 'error.returned')[0]!;
    expect(error.body.kind).toBe('json');
  });
});
