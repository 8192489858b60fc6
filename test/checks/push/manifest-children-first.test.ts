import check from '../../../checks/push/manifest-children-first.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

const image = oci.pushImage();
const manifestPut = image[image.length - 1]!;
const blobs = image.slice(0, -1);

checkTester.run(check, {
  valid: [
    { name: 'bottom-up image push', har: har(image) },
    { name: 'manifest referencing content never seen in the capture (already in the registry)', har: har(manifestPut) },
    { name: 'blobs confirmed present by HEAD before the manifest', har: har(oci.headBlob({ exists: true }), oci.pushImage({ checkExists: false }).slice(-1)) },
    { name: 'chunked uploads first', har: har(oci.pushImage({ style: 'chunked' })) },
  ],
  invalid: [
    {
      name: 'manifest PUT before its layer and config',
      har: har(manifestPut, blobs),
      findings: [{ messageId: 'afterParent', entry: 0 }],
    },
    {
      name: 'config uploaded after the manifest, layer before',
      har: har(blobs.slice(0, 3), manifestPut, blobs.slice(3)),
      findings: [{ messageId: 'afterParent', entry: 3 }],
    },
  ],
});
