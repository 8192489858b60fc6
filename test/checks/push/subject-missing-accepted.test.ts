import check from '../../../checks/push/subject-missing-accepted.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_CONFIG, DEFAULT_LAYER, descriptor, errorBody, har, MT, oci } from '../../support/har.js';

const SUBJECT = descriptor('{"the":"subject"}', MT.manifest);
const blobs = () => [...oci.pushBlob({ data: DEFAULT_LAYER }), ...oci.pushBlob({ data: DEFAULT_CONFIG, uuid: 'cfg-0001' })];
const refused = (detail?: unknown) => oci.pushManifest({ ref: 'sig', subject: SUBJECT, status: 400, resBody: errorBody('MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry', detail) });

checkTester.run(check, {
  valid: [
    { name: 'referrer pushed before its subject is accepted', har: har(blobs(), oci.pushManifest({ ref: 'sig', subject: SUBJECT })) },
    {
      name: 'refused while its own layer is missing (the registry may refuse that)',
      har: har(oci.pushManifest({ ref: 'sig', subject: SUBJECT, status: 400, resBody: errorBody('MANIFEST_BLOB_UNKNOWN') })),
    },
    { name: 'spec 1.0.1 has no subject', har: har(blobs(), refused({ digest: SUBJECT.digest })), spec: '1.0.1' },
  ],
  invalid: [
    { name: 'refusal names the subject digest', har: har(refused({ digest: SUBJECT.digest })), findings: [{ messageId: 'namedSubject', entry: 0 }] },
    {
      name: 'every other descriptor was pushed, the refusal is about missing content',
      har: har(blobs(), refused()),
      findings: [{ messageId: 'onlySubjectMissing', entry: 4, confidence: 'inferred' }],
    },
  ],
  notEvaluable: [{ name: 'refusal body not captured', har: har(oci.pushManifest({ ref: 'sig', subject: SUBJECT, status: 400, resBody: { absent: true, size: 90 } })) }],
});
