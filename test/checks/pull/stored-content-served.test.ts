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
    { name: '406 for an OCI manifest under a Docker-only Accept (the right answer)', har: har(image, oci.pullManifest({ status: 406, accept: MT.dockerManifest })) },
    { name: '406 for a manifest only seen behind this tag before (the tag may have moved)', har: har(oci.pullManifest({ ref: 'v1' }), oci.pullManifest({ ref: 'v1', status: 406 })) },
    { name: '406 for a manifest deleted since', har: har(image, oci.deleteManifest({ ref: image.manifestDigest }), oci.pullManifest({ ref: image.manifestDigest, status: 406 })) },
    {
      name: 'one Accept line per type (skopeo), stored type on the second line: served',
      har: har(image, oci.pullManifest({ reqHeaders: { Accept: [MT.dockerManifest, MT.manifest] } })),
    },
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
      name: 'C4: one Accept line per type, the stored type on the second, answered 406 (a registry reading only the first line)',
      har: har(image, oci.pullManifest({ status: 406, errorCode: 'MANIFEST_INVALID', reqHeaders: { Accept: [MT.dockerManifest, MT.manifest, MT.index] } })),
      findings: [{ messageId: 'refusedAcceptable', entry: image.length, severity: 'error' }],
    },
    {
      name: 'C4: the same lines answered 404: the manifest is denied (Accept lists its type)',
      har: har(image, oci.pullManifest({ status: 404, reqHeaders: { Accept: [MT.dockerManifest, MT.manifest] } })),
      findings: [{ messageId: 'missing', entry: image.length, severity: 'error' }],
    },
    {
      name: 'HEAD without Accept answered 406: every type is acceptable',
      har: har(image, oci.pullManifest({ head: true, status: 406, accept: null })),
      findings: [{ messageId: 'refusedAcceptable', entry: image.length }],
    },
    {
      name: 'served by digest before, then 406 for a joined Accept that lists its type',
      har: har(oci.pullManifest({ ref: image.manifestDigest }), oci.pullManifest({ ref: image.manifestDigest, status: 406 })),
      findings: [{ messageId: 'refusedAcceptable', entry: 1 }],
    },
    {
      name: 'OCI manifest requested with Docker-only Accept answered 404 (distribution 2.8): a warning',
      har: har(image, oci.pullManifest({ status: 404, accept: MT.dockerManifest })),
      findings: [{ messageId: 'notAcceptable', entry: image.length, severity: 'warning' }],
    },
  ],
});
