import { errorBody, har, oci } from './har.js';

/** Markup that would run if a report let capture text through unescaped. */
export const SCRIPT_PAYLOAD = '<script>window.__pwned=1</script>';
export const IMG_PAYLOAD = '<img src=x onerror="window.__pwned=2">';

/** A capture that carries payloads in a URL, request and response headers, an error message and a tag. */
export function hostileHar(): object {
  return har(
    oci.pullManifest({ ref: 'v1', status: 404, resBody: errorBody('NOT_A_CODE', `${SCRIPT_PAYLOAD}${IMG_PAYLOAD}`) }),
    oci.pullManifest({ ref: IMG_PAYLOAD, reqHeaders: { 'User-Agent': `${SCRIPT_PAYLOAD}/1.0` } }),
    oci.pullManifest({ ref: SCRIPT_PAYLOAD, omitDigestHeader: true }),
    oci.pullManifest({ ref: 'v2', resHeaders: { 'Docker-Content-Digest': `sha256:${IMG_PAYLOAD}` } }),
  );
}
