import check from '../../../checks/push/descriptor-size.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_CONFIG, DEFAULT_LAYER, descriptor, har, MT, oci, ociManifest } from '../../support/har.js';

const config = descriptor(DEFAULT_CONFIG, MT.config);
const layer = descriptor(DEFAULT_LAYER, MT.layer);
const blobs = () => [...oci.pushBlob({ data: DEFAULT_LAYER }), ...oci.pushBlob({ data: DEFAULT_CONFIG, uuid: 'cfg-0001' })];

checkTester.run(check, {
  valid: [
    { name: 'whole image push', har: har(oci.pushImage()) },
    { name: 'sizes as uploaded', har: har(blobs(), oci.pushManifest({ manifest: ociManifest({ config, layers: [layer] }) })) },
    { name: 'blobs not in the capture (nothing to compare)', har: har(oci.pushManifest({ manifest: ociManifest({ layers: [{ ...layer, size: 5 }] }) })) },
  ],
  invalid: [
    {
      name: 'layer size off by one from the uploaded bytes',
      har: har(blobs(), oci.pushManifest({ manifest: ociManifest({ config, layers: [{ ...layer, size: layer.size + 1 }] }) })),
      findings: [{ messageId: 'mismatch', entry: 4 }],
    },
    {
      name: 'size taken from a HEAD of an existing blob, then misstated',
      har: har(oci.headBlob(), oci.pushManifest({ manifest: ociManifest({ layers: [{ ...layer, size: 9 }] }) })),
      findings: [{ messageId: 'mismatch', entry: 1, confidence: 'inferred' }],
    },
  ],
});
