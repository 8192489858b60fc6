import check from '../../../checks/pull/stored-content-served.js';
import { checkTester } from '../../support/check-tester.js';
import { MT, har, oci } from '../../support/har.js';

const image = oci.pushImage();
const layerDigest = image.layers[0]!.digest;

checkTester.run(check, {
  valid: [
    { name: 'push then pull', har: har(image, oci.pullManifest(), oci.pullBlob()) },
    { name: '404 for content never stored in this capture', har: har(oci.pullManifest({ status: 404 }), oci.pullBlob({ status: 404 })) },
    { name: '404 after the manifest was deleted', har: har(image, oci.deleteManifest({ ref: image.manifestDigest }), oci.pullManifest({ ref: image.manifestDigest, status: 404 })) },
    { name: 'a tag pointing at a deleted digest may 404', har: har(image, oci.deleteManifest({ ref: image.manifestDigest }), oci.pullManifest({ ref: 'latest', status: 404 })) },
    { name: '404 after the blob was deleted', har: har(image, oci.deleteBlob({ digest: layerDigest }), oci.pullBlob({ status: 404 })) },
    { name: '404 in another repository', har: har(image, oci.pullManifest({ repo: 'other/repo', status: 404 })) },
  ],
  invalid: [
    {
      name: 'manifest pushed by tag, then 404 by tag',
      har: har(image, oci.pullManifest({ status: 404 })),
      findings: [{ messageId: 'missing', entry: image.length, severity: 'error' }],
    },
    {
      name: 'blob uploaded, then HEAD 404',
      har: har(image, oci.headBlob({ exists: false })),
      findings: [{ messageId: 'missing', entry: image.length }],
    },
    {
      name: 'blob seen by GET 200, then GET 404',
      har: har(oci.pullBlob(), oci.pullBlob({ status: 404 })),
      findings: [{ messageId: 'missing', entry: 1 }],
    },
    {
      name: 'OCI manifest requested with Docker-only Accept answered 404 (distribution 2.8): a warning',
      har: har(image, oci.pullManifest({ status: 404, accept: MT.dockerManifest })),
      findings: [{ messageId: 'notAcceptable', entry: image.length, severity: 'warning' }],
    },
  ],
});
