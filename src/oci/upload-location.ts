/**
 * Upload session URLs. The spec lets `Location` be absolute or relative (BPUSH-03, LOC-01:
 * resolve per RFC 3986 against the effective request URL) and point at any host; registries
 * rotate volatile query parameters such as distribution's `_state` on every response. A
 * session is therefore keyed by origin + path, never by the full URL.
 */

/** `origin + pathname` of a URL: query and fragment dropped. */
export function sessionKeyOf(url: URL): string {
  return url.origin + url.pathname;
}

/**
 * Resolves a `Location` (or any URI-Reference) against the request URL per RFC 3986 §5 (the
 * WHATWG URL parser). Returns undefined when the value is empty, does not parse, needs a
 * base that is missing, or resolves to something other than http/https.
 */
export function resolveLocation(location: string, base: URL | string | undefined): URL | undefined {
  const value = location.trim();
  if (value.length === 0) return undefined;
  let url: URL;
  try {
    url = base === undefined ? new URL(value) : new URL(value, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url;
}
