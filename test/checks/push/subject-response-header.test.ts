import check from '../../../checks/push/subject-response-header.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_MANIFEST, EMPTY_DESCRIPTOR, MT, descriptor, har, jsonBytes, oci, ociManifest, sha256Digest } from '../../support/har.js';

const subject = descriptor(DEFAULT_MANIFEST, MT.manifest);
const artifact = jsonBytes(ociManifest({ config: { ...EMPTY_DESCRIPTOR }, layers: [{ ...EMPTY_DESCRIPTOR }], subject, artifactType: 'application/vnd.example.sig' }));
const ref = sha256Digest(artifact);

checkTester.run(check, {
  valid: [
    { name: 'referrers API and OCI-Subject', har: har(oci.listReferrers(), oci.pushManifest({ ref, manifest: artifact })) },
    { name: 'no OCI-Subject from a registry that never showed the referrers API', har: har(oci.pushManifest({ ref, manifest: artifact, ociSubject: false })) },
    { name: 'referrers API answered 404 (unsupported)', har: har(oci.listReferrers({ status: 404 }), oci.pushManifest({ ref, manifest: artifact, ociSubject: false })) },
    { name: 'manifest without subject', har: har(oci.listReferrers(), oci.pushImage()) },
  ],
  invalid: [
    {
      name: 'referrers API supported but OCI-Subject missing',
      har: har(oci.listReferrers(), oci.pushManifest({ ref, manifest: artifact, ociSubject: false })),
      findings: [{ messageId: 'missing', entry: 1 }],
    },
    {
      name: 'support shown only after the push still counts',
      har: har(oci.pushManifest({ ref, manifest: artifact, ociSubject: false }), oci.listReferrers()),
      findings: [{ messageId: 'missing', entry: 0 }],
    },
    {
      name: 'OCI-Subject names another digest',
      har: har(oci.pushManifest({ ref, manifest: artifact, ociSubject: `sha256:${'f'.repeat(64)}` })),
      findings: [{ messageId: 'wrongValue', entry: 0 }],
    },
  ],
});
