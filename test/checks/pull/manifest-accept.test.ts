import check from '../../../checks/pull/manifest-accept.js';
import { checkTester } from '../../support/check-tester.js';
import { har, MT, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'pull behind token auth, Accept on every manifest request', har: har(oci.authedPull()) },
    { name: 'push an image, then pull it', har: har(oci.pushImage(), oci.pullManifest(), oci.pullBlob()) },
    { name: 'HEAD with Accept', har: har(oci.pullManifest({ head: true })) },
    { name: 'one Accept line per type (skopeo)', har: har(oci.pullManifest({ reqHeaders: { Accept: [MT.manifest, MT.index, MT.dockerManifest] } })) },
    { name: 'q-values and a trailing wildcard', har: har(oci.pullManifest({ accept: `${MT.index}, ${MT.manifest};q=0.9, */*;q=0.1` })) },
    { name: 'Docker schema2 only (an old client)', har: har(oci.pullManifest({ accept: MT.dockerManifest })) },
    { name: 'upper-case media type', har: har(oci.pullManifest({ accept: 'application/vnd.OCI.image.manifest.v1+json' })) },
    { name: 'blob GET needs no Accept', har: har(oci.pullBlob({ reqHeaders: { Accept: null } })) },
  ],
  invalid: [
    {
      name: 'GET without Accept',
      har: har(oci.pullManifest({ accept: null })),
      findings: [{ messageId: 'missing', entry: 0, severity: 'warning' }],
    },
    {
      name: 'HEAD without Accept',
      har: har(oci.ping(), oci.pullManifest({ head: true, accept: null })),
      findings: [{ messageId: 'missing', entry: 1 }],
    },
    {
      name: 'Accept: */* only',
      har: har(oci.pullManifest({ accept: '*/*' })),
      findings: [{ messageId: 'noManifestType', entry: 0 }],
    },
    {
      name: 'Accept: application/json',
      har: har(oci.pullManifest({ accept: 'application/json' })),
      findings: [{ messageId: 'noManifestType', entry: 0 }],
    },
  ],
});
