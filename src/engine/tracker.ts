import type { CaptureInfo, CaptureNote } from '../model/capture.js';
import type { Exchange } from '../model/exchange.js';
import { classify } from '../oci/classify.js';
import { OPERATION_EVENT } from '../oci/operation-kinds.js';
import type { Operation, OperationKind } from '../oci/operation.js';
import { AuthTracker } from './auth.js';
import { ContentTracker } from './content.js';
import type { Emit } from './emitter.js';
import type { OperationEvent } from './events.js';
import { readJsonBody } from './json-body.js';
import { RedirectTracker, type RedirectOrigin } from './redirects.js';
import { UploadTracker, type SessionVerb } from './uploads.js';

export interface Tracker {
  /** Replays one exchange (in start order) and emits the facts it establishes. */
  observe(at: Exchange): Operation;
  note(note: CaptureNote): void;
  finish(info: CaptureInfo): void;
  /** The operation the tracker settled on for an exchange it observed. */
  opOf(at: Exchange): Operation | undefined;
}

const SESSION_VERBS: Record<string, SessionVerb | undefined> = {
  PATCH: 'chunk',
  PUT: 'close',
  GET: 'status',
  DELETE: 'cancel',
};

const VERB_OF_KIND: Partial<Record<OperationKind, SessionVerb>> = {
  'upload.chunk': 'chunk',
  'upload.close': 'close',
  'upload.status': 'status',
  'upload.cancel': 'cancel',
};

/**
 * The spec state machine for one capture: per registry origin, repository, upload session,
 * auth challenge/token and redirect chain. It only states facts; checks judge them.
 */
export function createTracker(emit: Emit): Tracker {
  const auth = new AuthTracker(emit);
  const uploads = new UploadTracker(emit);
  const content = new ContentTracker(emit);
  const redirects = new RedirectTracker();
  const ops = new WeakMap<Exchange, Operation>();

  /** Upload continuations and token requests may live on any URL: the engine knows which. */
  function settle(at: Exchange, redirect: RedirectOrigin | undefined): Operation {
    const url = at.request.url;
    const method = at.request.method.toUpperCase();
    const op = classify(method, url);
    if (url && auth.isKnownRealm(url) && (method === 'GET' || method === 'POST')) {
      return { kind: 'token', grant: method === 'POST' ? 'oauth2' : 'get' };
    }
    const session = uploads.sessionFor(url);
    const verb = SESSION_VERBS[method];
    if (session && verb && op.kind !== 'upload.start' && op.kind !== 'upload.mount') {
      const sessionKey = session.key;
      switch (verb) {
        case 'close': {
          const digest = url?.searchParams.get('digest') ?? undefined;
          return digest
            ? { kind: 'upload.close', endpoint: 'end-6', name: session.repo, sessionKey, digest }
            : { kind: 'upload.close', endpoint: 'end-6', name: session.repo, sessionKey };
        }
        case 'chunk':
          return { kind: 'upload.chunk', endpoint: 'end-5', name: session.repo, sessionKey };
        case 'status':
          return { kind: 'upload.status', endpoint: 'end-13', name: session.repo, sessionKey };
        case 'cancel':
          return { kind: 'upload.cancel', endpoint: 'end-14', name: session.repo, sessionKey };
      }
    }
    if (redirect && (op.kind === 'unknown' || op.kind === 'unknown-v2')) return { kind: 'redirect-target' };
    return op;
  }

  return {
    observe(at) {
      const redirect = redirects.take(at);
      const op = settle(at, redirect);
      ops.set(at, op);
      if (redirect) {
        const crossOrigin = redirect.from.request.origin !== at.request.origin;
        emit({ type: 'redirect.followed', from: redirect.from, at, crossOrigin });
      }
      auth.observeRequest(at);
      uploads.observe(at);
      emit({ type: OPERATION_EVENT[op.kind], at, op } as OperationEvent);
      redirects.observe(at, op, redirect);

      const status = at.failed ? 0 : at.response.status;
      if (op.kind === 'token') {
        auth.observeTokenExchange(at, op.grant);
        return op;
      }
      if (status === 401) auth.observeUnauthorized(at, false);
      if (status >= 400) {
        const body = /json/i.test(at.response.headers.get('content-type') ?? '') || at.response.body.text?.trimStart().startsWith('{')
          ? readJsonBody(at.response.body)
          : ({ kind: 'empty' } as const);
        emit({ type: 'error.returned', at, op, body });
      }

      switch (op.kind) {
        case 'manifest.get':
        case 'manifest.head':
          content.onManifestPull(at, op);
          break;
        case 'manifest.put':
          content.onManifestPush(at, op);
          break;
        case 'manifest.delete':
          content.onManifestDelete(at, op);
          break;
        case 'blob.get':
          content.onBlobPull(at, at, op);
          break;
        case 'blob.head':
          content.onBlobHead(at, op);
          break;
        case 'blob.delete':
          content.onBlobDelete(at, op);
          break;
        case 'upload.start':
        case 'upload.mount':
          uploads.onStart(at, op);
          if (status === 201 && op.digest) content.onBlobStored(at, op.name, op.digest);
          break;
        case 'upload.chunk':
        case 'upload.close':
        case 'upload.status':
        case 'upload.cancel': {
          const verb = VERB_OF_KIND[op.kind];
          // The blob lands in the registry the session was opened on, even when the upload
          // Location was another host (offload): read the session before the close retires it.
          const registryOrigin = uploads.sessionFor(at.request.url)?.origin;
          if (verb) uploads.onSessionRequest(at, verb);
          if (op.kind === 'upload.close' && op.digest && (status === 201 || status === 204)) content.onBlobStored(at, op.name, op.digest, registryOrigin);
          break;
        }
        case 'tags.list':
          if (status === 200) emit({ type: 'tags.listed', at, op, body: readJsonBody(at.response.body) });
          break;
        case 'referrers.list':
          if (status === 200) emit({ type: 'referrers.listed', at, op, body: readJsonBody(at.response.body) });
          break;
        case 'redirect-target':
          if (redirect?.op.kind === 'blob.get') content.onBlobPull(at, redirect.first, redirect.op);
          break;
        default:
          break;
      }
      return op;
    },
    note(note) {
      emit({ type: 'capture.noted', note });
    },
    finish(info) {
      uploads.finish(content);
      emit({ type: 'capture.end', info });
    },
    opOf(at) {
      return ops.get(at);
    },
  };
}
