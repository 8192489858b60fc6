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
  ],
  notEvaluable: [
    { name: 'blob body cut by the capture tool', har: har(oci.pullBlob().map((e) => truncate(e, 100))) },
    { name: 'manifest body cut by the capture tool', har: har(oci.pullManifest({ ref: DEFAULT_MANIFEST_DIGEST }).map((e) => truncate(e, 20))) },
    { name: 'blob body not captured', har: har(oci.pullBlob({ resBody: { absent: true, size: 1024 } })) },
  ],
});
