import check from '../../../checks/pull/head-response.js';
import { checkTester } from '../../support/check-tester.js';
import { har, type HarEntry, oci } from '../../support/har.js';

/** A capture that recorded a body on the HEAD response. */
function withBody(entries: HarEntry[], text: string): HarEntry[] {
  return entries.map((entry) => {
    const e = structuredClone(entry);
    e.response.content.text = text;
    e.response.content.size = Buffer.byteLength(text);
    return e;
  });
}

checkTester.run(check, {
  valid: [
    { name: 'push an image (HEAD 404s first), then HEAD its blobs and manifest', har: har(oci.pushImage(), oci.headBlob(), oci.pullManifest({ head: true })) },
    { name: 'HEAD of a blob: Content-Length and Docker-Content-Digest, no body', har: har(oci.headBlob()) },
    { name: 'HEAD of a manifest', har: har(oci.pullManifest({ head: true })) },
    { name: 'HEAD of a missing blob (404) is not judged', har: har(oci.headBlob({ exists: false })) },
    { name: 'manifest HEAD without digest: left to pull/manifest-digest-header', har: har(oci.pullManifest({ head: true, omitDigestHeader: true })) },
    { name: 'v1.0.1 did not ask for Content-Length', spec: '1.0.1', har: har(oci.headBlob({ resHeaders: { 'Content-Length': null } })) },
    { name: 'HEAD of an empty blob: Content-Length 0', har: har(oci.headBlob({ content: '' })) },
  ],
  invalid: [
    {
      name: 'blob HEAD without Content-Length (v1.1.1: SHOULD)',
      har: har(oci.headBlob({ resHeaders: { 'Content-Length': null } })),
      findings: [{ messageId: 'noLength', entry: 0, severity: 'warning' }],
    },
    {
      name: 'manifest HEAD without Content-Length (main: MUST)',
      spec: 'main',
      har: har(oci.ping(), oci.pullManifest({ head: true, resHeaders: { 'Content-Length': null } })),
      findings: [{ messageId: 'noLength', entry: 1, severity: 'error' }],
    },
    {
      name: 'HEAD response with a body',
      har: har(withBody(oci.headBlob(), 'unexpected')),
      findings: [{ messageId: 'body', entry: 0, severity: 'error' }],
    },
    {
      name: 'blob HEAD without Docker-Content-Digest',
      har: har(oci.headBlob({ resHeaders: { 'Docker-Content-Digest': null } })),
      findings: [{ messageId: 'noDigest', entry: 0, severity: 'warning' }],
    },
    {
      name: 'blob HEAD without Docker-Content-Digest (main)',
      spec: 'main',
      har: har(oci.headBlob({ resHeaders: { 'Docker-Content-Digest': null } })),
      findings: [{ messageId: 'noDigest', entry: 0, severity: 'error' }],
    },
  ],
});
