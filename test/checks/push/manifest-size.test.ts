import check from '../../../checks/push/manifest-size.js';
import { checkTester } from '../../support/check-tester.js';
import { errorBody, har, oci, ociManifest } from '../../support/har.js';

/** A valid manifest padded with an annotation to `bytes` bytes or more. */
function bigManifest(bytes: number): string {
  return JSON.stringify(ociManifest({ annotations: { pad: 'x'.repeat(bytes) } }));
}
const BIG = bigManifest(4 * 1024 * 1024 + 10);

checkTester.run(check, {
  valid: [
    { name: 'small manifest accepted', har: har(oci.pushManifest()) },
    { name: 'over 4 MiB refused with 413', har: har(oci.pushManifest({ manifest: BIG, status: 413 })) },
    { name: 'refused for another reason (400 MANIFEST_INVALID)', har: har(oci.pushManifest({ status: 400 })) },
    { name: 'before 1.1.0 no size guidance', har: har(oci.pushManifest({ status: 413 })), spec: '1.0.1' },
  ],
  invalid: [
    { name: 'small manifest refused with 413', har: har(oci.pushManifest({ status: 413 })), findings: [{ messageId: 'smallRefused', entry: 0 }] },
    {
      name: 'over 4 MiB refused with 400 SIZE_INVALID',
      har: har(oci.pushManifest({ manifest: BIG, status: 400, resBody: errorBody('SIZE_INVALID', 'manifest too large') })),
      findings: [{ messageId: 'not413', entry: 0 }],
    },
  ],
  notEvaluable: [
    {
      name: 'refused with 413, size unknown',
      har: har(oci.pushManifest({ status: 413, reqHeaders: { 'Content-Length': null } }).map((e) => ({ ...e, request: { ...e.request, postData: undefined } }))),
    },
  ],
});
