import check from '../../../checks/pull/manifest-accept.js';
import { checkTester } from '../../support/check-tester.js';
import { har, MT, oci } from '../../support/har.js';

const DOCKER_ONLY = [MT.dockerManifest, MT.dockerList].join(', ');
const PUSH = oci.pushImage();

checkTester.run(check, {
  valid: [
    { name: 'Docker-only Accept for a manifest this capture never saw: 404 proves nothing', har: har(oci.pullManifest({ accept: DOCKER_ONLY, status: 404 })) },
    { name: 'Accept lists the stored type but the registry answered 404 (the registry\'s fault)', har: har(oci.pushImage(), oci.pullManifest({ status: 404 })) },
    { name: 'Docker-only Accept for an OCI manifest, served anyway (200)', har: har(oci.pushImage(), oci.pullManifest({ accept: DOCKER_ONLY })) },
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
      name: 'C6: OCI manifest pushed, then asked for with a Docker-only Accept and answered 404',
      har: har(PUSH, oci.pullManifest({ accept: DOCKER_ONLY, status: 404 })),
      findings: [{ messageId: 'omitsKnownType', entry: PUSH.length, severity: 'info' }],
    },
    {
      name: 'C6: type learned from an earlier pull by another client; this one gets 406',
      har: har(oci.pullManifest({ ref: 'v1' }), oci.pullManifest({ ref: 'v1', accept: DOCKER_ONLY, status: 406 })),
      findings: [{ messageId: 'omitsKnownType', entry: 1 }],
    },
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
