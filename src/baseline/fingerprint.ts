import { createHash } from 'node:crypto';
import type { Finding } from '../report/model.js';

/** Query parameters that name content or intent (kept); others (`_state`, tokens, paging cursors) vary per run. */
const STABLE_PARAMS = new Set(['digest', 'mount', 'from', 'n', 'last', 'artifactType', 'ns', 'tag']);

/**
 * The request a finding is about, without what changes when the same traffic is captured
 * again: scheme, host and port; upload session ids; volatile query parameters.
 */
export function stableRequest(method: string, rawUrl: string): string {
  let path = rawUrl;
  let query = '';
  try {
    const url = new URL(rawUrl);
    path = url.pathname;
    query = [...url.searchParams]
      .filter(([k]) => STABLE_PARAMS.has(k))
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join('&');
  } catch {
    // not a URL: keep it whole
  }
  path = path.replace(/\/blobs\/uploads\/[^/]+/, '/blobs/uploads/<session>');
  return `${method} ${path}${query ? `?${query}` : ''}`;
}

/**
 * A finding's identity across re-captures: the rule and message kind, the client, the
 * request (see stableRequest) and its status. Entry indexes, times and message text (which
 * quotes counts and indexes) are left out on purpose.
 */
export function baseFingerprint(f: Finding): string {
  const primary = f.evidence[0];
  const parts = [f.ruleId, f.messageId, f.client, primary ? stableRequest(primary.method, primary.url) : '(capture)', String(primary?.status ?? '')];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

/**
 * Numbers identical fingerprints within one file (`…:0`, `…:1`), so two identical findings
 * stay two: a baseline accepting one does not hide the second.
 */
export class Fingerprinter {
  private readonly seen = new Map<string, number>(); // bounded: reset per file by the caller

  of(f: Finding): string {
    const base = baseFingerprint(f);
    const key = `${f.file}\u0000${base}`;
    const n = this.seen.get(key) ?? 0;
    this.seen.set(key, n + 1);
    return `${base}:${n}`;
  }

  /** Forget a file's counters once it is done. */
  endFile(): void {
    this.seen.clear();
  }
}
