import check from '../../../checks/push/manifest-push-response.js';
import { checkTester } from '../../support/check-tester.js';
import { editAt, har, type HarEntry, oci, sha256Digest } from '../../support/har.js';

/** Manifest PUT whose body the capture did not keep. */
function bodyNotKept(): HarEntry[] {
  const [put] = oci.pushManifest();
  const copy = structuredClone(put!);
  delete copy.request.postData!.text;
  return [copy];
}

const REPLAYED = sha256Digest('{"schemaVersion": 2}');

checkTester.run(check, {
  valid: [
    { name: 'whole image push: 201, Location and the client digest', har: har(oci.pushImage()) },
    { name: 'bearer-authenticated manifest push', har: har(oci.bearerFlow(oci.pushManifest())) },
    { name: 'no Docker-Content-Digest (not required)', har: har(oci.pushManifest({ digest: null })) },
    { name: 'push by digest', har: har(oci.pushManifest({ ref: oci.pushManifest().digest })) },
    {
      name: 'absolute Location',
      har: har(oci.pushManifest({ resHeaders: { Location: `http://registry.test:5000/v2/library/hello/manifests/${oci.pushManifest().digest}` } })),
    },
    { name: 'sha512 Docker-Content-Digest is not compared', har: har(oci.pushManifest({ digest: `sha512:${'ab'.repeat(64)}` })) },
    { name: 'refused with 400 MANIFEST_INVALID', har: har(oci.pushManifest({ status: 400 })) },
    { name: 'refused with 404 MANIFEST_BLOB_UNKNOWN', har: har(oci.pushManifest({ status: 404, errorCode: 'MANIFEST_BLOB_UNKNOWN' })) },
  ],
  invalid: [
    {
      name: 'accepted with 200 OK',
      har: har(editAt(oci.pushManifest(), 0, { status: 200 })),
      findings: [{ messageId: 'wrongStatus', entry: 0, severity: 'error' }],
    },
    {
      name: 'accepted with 202 Accepted',
      har: har(editAt(oci.pushManifest(), 0, { status: 202 })),
      findings: [{ messageId: 'wrongStatus', entry: 0 }],
    },
    {
      name: '201 without Location (the manifest PUT of an image push)',
      har: har(editAt(oci.pushImage(), 6, { resHeaders: { Location: null } })),
      findings: [{ messageId: 'missingLocation', entry: 6 }],
    },
    {
      name: 'Docker-Content-Digest of a re-serialized manifest',
      har: har(oci.pushManifest({ digest: REPLAYED })),
      findings: [{ messageId: 'digestMismatch', entry: 0, severity: 'error' }],
    },
    {
      name: 'Docker-Content-Digest mismatch on main',
      spec: 'main',
      har: har(oci.pushManifest({ digest: REPLAYED })),
      findings: [{ messageId: 'digestMismatch', entry: 0, severity: 'error' }],
    },
    {
      name: 'Docker-Content-Digest mismatch on v1.0.1 (not yet a MUST): warning',
      spec: '1.0.1',
      har: har(oci.pushManifest({ digest: REPLAYED })),
      findings: [{ messageId: 'digestMismatch', entry: 0, severity: 'warning' }],
    },
  ],
  notEvaluable: [{ name: 'manifest body not kept by the capture', har: har(bodyNotKept()) }],
});
