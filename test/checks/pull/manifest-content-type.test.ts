import check from '../../../checks/pull/manifest-content-type.js';
import { checkTester } from '../../support/check-tester.js';
import { har, jsonBytes, MT, ociIndex, ociManifest, oci } from '../../support/har.js';

// A manifest without a mediaType field: only Content-Type says what it is.
const BARE = jsonBytes(ociManifest({ mediaType: null }));

checkTester.run(check, {
  valid: [
    { name: 'push an image, then pull its manifest with the pushed type', har: har(oci.pushImage(), oci.pullManifest()) },
    { name: 'image index', har: har(oci.pullManifest({ manifest: jsonBytes(ociIndex()) })) },
    { name: 'HEAD of a manifest', har: har(oci.pullManifest({ head: true })) },
    { name: 'body without mediaType, Content-Type names the type', har: har(oci.pullManifest({ manifest: BARE, mediaType: MT.manifest })) },
    { name: 'Content-Type differs from the mediaType field only in case', har: har(oci.pullManifest({ mediaType: 'application/vnd.OCI.image.manifest.v1+json' })) },
    {
      name: 'Docker schema2 manifest pushed and pulled as Docker schema2',
      har: har(oci.pushManifest({ manifest: BARE, mediaType: MT.dockerManifest }), oci.pullManifest({ manifest: BARE, mediaType: MT.dockerManifest })),
    },
    { name: '404 carries no manifest', har: har(oci.pullManifest({ status: 404 })) },
  ],
  invalid: [
    {
      name: 'no Content-Type',
      har: har(oci.pullManifest({ mediaType: null })),
      findings: [{ messageId: 'missing', entry: 0, severity: 'warning' }],
    },
    {
      name: 'Content-Type with a charset parameter',
      har: har(oci.pullManifest({ mediaType: `${MT.manifest}; charset=utf-8` })),
      findings: [{ messageId: 'parameters', entry: 0, severity: 'warning' }],
    },
    {
      name: 'pushed as Docker schema2, served as an OCI manifest',
      har: har(oci.pushManifest({ manifest: BARE, mediaType: MT.dockerManifest }), oci.pullManifest({ manifest: BARE, mediaType: MT.manifest })),
      findings: [{ messageId: 'notPushed', entry: 1 }],
    },
    {
      name: 'Content-Type says index, the body says image manifest',
      har: har(oci.pullManifest({ mediaType: MT.index })),
      findings: [{ messageId: 'bodyMismatch', entry: 0, severity: 'error' }],
    },
  ],
});
