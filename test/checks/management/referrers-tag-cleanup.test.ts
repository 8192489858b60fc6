import check from '../../../checks/management/referrers-tag-cleanup.js';
import { checkTester } from '../../support/check-tester.js';
import { descriptor, har, MT, oci, ociIndex } from '../../support/har.js';

const SUBJECT = descriptor('{"the":"subject"}', MT.manifest);
const TAG = SUBJECT.digest.replace(':', '-');
/** A referrer pushed to a registry without the referrers API (no OCI-Subject answer). */
const referrer = () => oci.pushManifest({ ref: 'sig', subject: SUBJECT, ociSubject: false });
const referrerDigest = referrer().digest;
const otherEntry = descriptor('{"another":"referrer"}', MT.manifest, { artifactType: 'application/example' });
const tagIndex = (entries: ReturnType<typeof descriptor>[]) => oci.pushManifest({ ref: TAG, manifest: ociIndex({ manifests: entries }) });
const remove = () => oci.deleteManifest({ ref: referrerDigest });

checkTester.run(check, {
  valid: [
    { name: 'delete, then the referrers tag pushed without the entry', har: har(referrer(), remove(), tagIndex([otherEntry])) },
    { name: 'registry with the referrers API (OCI-Subject answered)', har: har(oci.pushManifest({ ref: 'sig', subject: SUBJECT }), remove(), oci.pullManifest()) },
    { name: 'deleted manifest had no subject', har: har(oci.pushManifest({ ref: 'v1' }), oci.deleteManifest(), oci.pullManifest()) },
  ],
  invalid: [
    { name: 'delete, then other work, tag never updated', har: har(referrer(), remove(), oci.pullManifest()), findings: [{ messageId: 'notUpdated', entry: 1, confidence: 'inferred' }] },
    {
      name: 'referrers tag pushed back still listing the deleted manifest',
      har: har(referrer(), remove(), tagIndex([descriptor(referrer().bytes, MT.manifest), otherEntry])),
      findings: [{ messageId: 'stillListed', entry: 2 }],
    },
  ],
  notEvaluable: [{ name: 'capture ends at the delete', har: har(referrer(), remove()) }],
});
