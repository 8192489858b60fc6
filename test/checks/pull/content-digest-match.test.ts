import check from '../../../checks/pull/content-digest-match.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_MANIFEST_DIGEST, har, type HarEntry, oci, sha256Digest } from '../../support/har.js';

const OTHER = sha256Digest('some other content');

/** The capture tool kept only the first `keep` bytes of the response body (content.size still says the whole). */
function truncate(entry: HarEntry, keep: number): HarEntry {
  const e = structuredClone(entry);
  const c = e.response.content;
  c.text = c.encoding === 'base64' ? Buffer.from(c.text ?? '', 'base64').subarray(0, keep).toString('base64') : (c.text ?? '').slice(0, keep);
  return e;
}

/**
 * A Docker schema 1 signed manifest laid out as libtrust writes it: the pretty-printed payload
 * up to its closing "\n}", the signatures, then that tail again; each protected header names
 * formatLength and formatTail. Its digest is the payload's (distribution api.md "Digest Header").
 */
function signedSchema1(protectedFields: Record<string, unknown> = {}): { bytes: string; payloadDigest: string } {
  const payload = JSON.stringify(
    { schemaVersion: 1, name: 'demo/app', tag: 'v1', architecture: 'amd64', fsLayers: [{ blobSum: OTHER }], history: [{ v1Compatibility: '{"id":"1"}' }] },
    null,
    3,
  );
  const formatLength = payload.lastIndexOf('\n}');
  const tail = payload.slice(formatLength);
  const header = { formatLength, formatTail: Buffer.from(tail).toString('base64url'), time: '2024-01-01T00:00:00Z', ...protectedFields };
  const signature = `{\n         "header": {"alg": "ES256"},\n         "signature": "c2lnbmF0dXJl",\n         "protected": "${Buffer.from(JSON.stringify(header)).toString('base64url')}"\n      }`;
  return { bytes: `${payload.slice(0, formatLength)},\n   "signatures": [\n      ${signature}\n   ]${tail}`, payloadDigest: sha256Digest(payload) };
}
const SCHEMA1 = signedSchema1();
const PRETTYJWS = 'application/vnd.docker.distribution.manifest.v1+prettyjws';

checkTester.run(check, {
  valid: [
    { name: 'push an image, then pull its manifest by digest and its layer', har: har(oci.pushImage(), oci.pullManifest({ ref: DEFAULT_MANIFEST_DIGEST }), oci.pullBlob()) },
    { name: 'manifest by tag: Docker-Content-Digest matches the body', har: har(oci.pullManifest()) },
    { name: 'blob behind a 307 to storage', har: har(oci.pullBlob({ redirectTo: true })) },
    { name: 'blob without Docker-Content-Digest, body matches the URL', har: har(oci.pullBlob({ omitDigestHeader: true })) },
    { name: 'text blob (config JSON)', har: har(oci.pullBlob({ content: '{"architecture":"amd64","os":"linux"}' })) },
    {
      name: 'partial content (206) is not compared with the whole digest',
      har: har(oci.pullBlob({ status: 206, resBody: 'part of it', resHeaders: { 'Content-Range': 'bytes 0-9/1024' } })),
    },
    { name: 'HEAD of a manifest by digest: no body to hash', har: har(oci.pullManifest({ ref: DEFAULT_MANIFEST_DIGEST, head: true })) },
    { name: 'sha512 digests are not computed', har: har(oci.pullBlob({ digest: `sha512:${'ab'.repeat(64)}`, omitDigestHeader: true })) },
    { name: '404 for an unknown blob', har: har(oci.pullBlob({ status: 404 })) },
    {
      name: 'schema 1 signed manifest by tag: Docker-Content-Digest is its JWS payload digest',
      har: har(oci.pullManifest({ manifest: SCHEMA1.bytes, mediaType: PRETTYJWS, digest: SCHEMA1.payloadDigest })),
    },
    {
      name: 'schema 1 signed manifest by its (payload) digest',
      har: har(oci.pullManifest({ ref: SCHEMA1.payloadDigest, manifest: SCHEMA1.bytes, mediaType: PRETTYJWS, digest: SCHEMA1.payloadDigest })),
    },
  ],
  invalid: [
    {
      name: 'blob bytes do not hash to the requested digest',
      har: har(oci.pullBlob({ digest: OTHER })),
      findings: [{ messageId: 'bodyMismatch', entry: 0, severity: 'error' }],
    },
    {
      name: 'manifest by digest returns other bytes',
      har: har(oci.pullManifest({ ref: OTHER, omitDigestHeader: true })),
      findings: [{ messageId: 'bodyMismatch', entry: 0 }],
    },
    {
      name: 'storage hop after a redirect returns other bytes',
      har: har(oci.pullBlob({ redirectTo: true, digest: OTHER })),
      findings: [{ messageId: 'bodyMismatch', entry: 1 }],
    },
    {
      name: 'manifest by tag with a wrong Docker-Content-Digest',
      har: har(oci.pullManifest({ digest: OTHER })),
      findings: [{ messageId: 'headerMismatch', entry: 0 }],
    },
    {
      name: 'blob with a wrong Docker-Content-Digest',
      har: har(oci.pullBlob({ resHeaders: { 'Docker-Content-Digest': OTHER } })),
      findings: [{ messageId: 'headerMismatch', entry: 0 }],
    },
    {
      name: 'schema 1 signed manifest whose Docker-Content-Digest hashes the signed bytes, not the payload',
      har: har(oci.pullManifest({ manifest: SCHEMA1.bytes, mediaType: PRETTYJWS, digest: sha256Digest(SCHEMA1.bytes) })),
      findings: [{ messageId: 'headerMismatch', entry: 0 }],
    },
  ],
  notEvaluable: [
    { name: 'blob body cut by the capture tool', har: har(oci.pullBlob().map((e) => truncate(e, 100))) },
    { name: 'manifest body cut by the capture tool', har: har(oci.pullManifest({ ref: DEFAULT_MANIFEST_DIGEST }).map((e) => truncate(e, 20))) },
    { name: 'blob body not captured', har: har(oci.pullBlob({ resBody: { absent: true, size: 1024 } })) },
    {
      name: 'schema 1 signed manifest whose signatures do not give its payload',
      har: har(oci.pullManifest({ manifest: signedSchema1({ formatLength: 'x' }).bytes, mediaType: PRETTYJWS, digest: SCHEMA1.payloadDigest })),
    },
  ],
});
