import check from '../../../checks/push/upload-location-used.js';
import { checkTester } from '../../support/check-tester.js';
import { appendQuery, DEFAULT_LAYER, editAt, har, locationOf, oci, REGISTRY, sha256Digest } from '../../support/har.js';

const LAYER_DIGEST = sha256Digest(DEFAULT_LAYER);
const U1 = '/v2/library/hello/blobs/uploads/u1';

/** A chunked push whose closing PUT (entry 3) goes back to the POST's Location. */
function closeAtFirstLocation() {
  const b = oci.pushBlob({ style: 'chunked' });
  return editAt(b, 3, { url: appendQuery(`${REGISTRY}${locationOf(b[0]!)!}`, 'digest', b.digest) });
}

/** A chunked push whose second PATCH (entry 2) reuses the POST's Location. */
function secondPatchAtFirstLocation() {
  const b = oci.pushBlob({ style: 'chunked' });
  return editAt(b, 2, { url: `${REGISTRY}${locationOf(b[0]!)!}` });
}

/** Monolithic push whose PUT rebuilt the URL from the path, dropping `_state`. */
function putWithoutState() {
  const b = oci.pushBlob();
  return editAt(b, 1, { url: appendQuery(`${REGISTRY}${locationOf(b[0]!)!.split('?')[0]!}`, 'digest', b.digest) });
}

checkTester.run(check, {
  valid: [
    { name: 'whole chunked image push, each request at the newest rotated _state', har: har(oci.pushImage({ style: 'chunked' })) },
    { name: 'monolithic push: PUT keeps _state and appends digest', har: har(oci.pushBlob()) },
    { name: 'absolute Locations', har: har(oci.pushBlob({ style: 'chunked', absoluteLocation: true })) },
    { name: 'streamed push', har: har(oci.pushBlob({ style: 'streamed' })) },
    { name: 'bearer-authenticated chunked push', har: har(oci.bearerFlow(oci.pushBlob({ style: 'chunked' }))) },
    {
      name: 'Location without any query',
      har: har(
        oci.startUpload({ location: U1 }),
        oci.patchChunk({ location: U1 }),
        oci.finishUpload({ location: U1 }),
      ),
    },
    {
      name: 'query parameters kept in another order',
      har: har(
        oci.startUpload({ location: `${U1}?_state=abc&sig=xyz` }),
        oci.finishUpload({ location: `${U1}?sig=xyz&_state=abc`, data: DEFAULT_LAYER }),
      ),
    },
    {
      name: 'query value percent-encoded differently (same decoded value)',
      har: har(
        oci.startUpload({ location: `${U1}?_state=a%2Bb%3D%3D` }),
        oci.finishUpload({ location: `${U1}?_state=a%2Bb==`, data: DEFAULT_LAYER }),
      ),
    },
    {
      name: 'registry moves the session to a new path on each response; client follows',
      har: har(
        oci.startUpload({ location: U1 }),
        oci.patchChunk({ location: U1, responseLocation: '/v2/library/hello/blobs/uploads/u2' }),
        oci.finishUpload({ location: '/v2/library/hello/blobs/uploads/u2', digest: LAYER_DIGEST }),
      ),
    },
    {
      name: 'upload offloaded to another host',
      har: har(
        oci.startUpload({ location: 'https://uploads.test/s/1?sig=abc' }),
        oci.patchChunk({ location: 'https://uploads.test/s/1?sig=abc', responseLocation: 'https://uploads.test/s/1?sig=def' }),
        oci.finishUpload({ location: 'https://uploads.test/s/1?sig=def', digest: LAYER_DIGEST }),
      ),
    },
    {
      name: 'status GET, then the next chunk goes to the Location it returned',
      har: har(
        oci.startUpload({ location: `${U1}?_state=first` }),
        oci.uploadStatus({ location: `${U1}?_state=first`, responseLocation: `${U1}?_state=fromstatus` }),
        oci.patchChunk({ location: `${U1}?_state=fromstatus`, responseLocation: `${U1}?_state=last` }),
        oci.finishUpload({ location: `${U1}?_state=last`, digest: LAYER_DIGEST }),
      ),
    },
  ],
  invalid: [
    {
      name: 'closing PUT dropped _state',
      har: har(putWithoutState()),
      findings: [{ messageId: 'dropped', entry: 1, severity: 'warning' }],
    },
    {
      name: 'PATCH dropped one of two query parameters',
      har: har(
        oci.startUpload({ location: `${U1}?_state=abc&sig=xyz` }),
        oci.patchChunk({ location: `${U1}?_state=abc`, responseLocation: `${U1}?_state=def&sig=xyz` }),
        oci.finishUpload({ location: `${U1}?_state=def&sig=xyz`, digest: LAYER_DIGEST }),
      ),
      findings: [{ messageId: 'dropped', entry: 1 }],
    },
    {
      name: 'closing PUT reuses the POST Location although the PATCHes rotated _state',
      har: har(closeAtFirstLocation()),
      findings: [{ messageId: 'stale', entry: 3, severity: 'warning' }],
    },
    {
      name: 'second PATCH reuses the POST Location',
      har: har(secondPatchAtFirstLocation()),
      findings: [{ messageId: 'stale', entry: 2 }],
    },
    {
      name: 'after a status GET the client keeps the older Location',
      har: har(
        oci.startUpload({ location: `${U1}?_state=first` }),
        oci.uploadStatus({ location: `${U1}?_state=first`, responseLocation: `${U1}?_state=second` }),
        oci.finishUpload({ location: `${U1}?_state=first`, data: DEFAULT_LAYER }),
      ),
      findings: [{ messageId: 'stale', entry: 2 }],
    },
  ],
});
