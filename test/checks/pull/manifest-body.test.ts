import check from '../../../checks/pull/manifest-body.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';
import { INVALID_BODIES, VALID_BODIES } from '../../support/manifest-bodies.js';

function bad(name: keyof typeof INVALID_BODIES) {
  const { doc, type } = INVALID_BODIES[name];
  return har(oci.pullManifest({ manifest: doc, mediaType: type }));
}

const noArtifactType = INVALID_BODIES['empty config without artifactType'];

checkTester.run(check, {
  valid: [
    ...Object.entries(VALID_BODIES).map(([name, { doc, type }]) => ({ name, har: har(oci.pullManifest({ manifest: doc, mediaType: type })) })),
    {
      name: 'pushed in this capture: push/manifest-body reports it, not the pull',
      har: har(oci.pushManifest({ ref: 'v1', manifest: noArtifactType.doc, mediaType: noArtifactType.type }), oci.pullManifest({ ref: 'v1', manifest: noArtifactType.doc, mediaType: noArtifactType.type })),
    },
  ],
  invalid: [
    { name: 'schemaVersion 3', har: bad('schemaVersion 3'), findings: [{ messageId: 'schema', entry: 0 }] },
    { name: 'index entry without a digest', har: bad('index entry without a digest'), findings: [{ messageId: 'schema', entry: 0 }] },
    { name: 'Docker list entry without platform', har: bad('Docker list entry without platform'), findings: [{ messageId: 'schema', entry: 0 }] },
    { name: 'manifest and index at once (CVE-2021-41190)', har: bad('manifest and index at once (CVE-2021-41190)'), findings: [{ messageId: 'ambiguous', entry: 0 }] },
    { name: 'empty descriptor with the wrong size', har: bad('empty descriptor with the wrong size'), findings: [{ messageId: 'emptyDescriptor', entry: 0 }] },
    { name: 'empty config without artifactType', har: bad('empty config without artifactType'), findings: [{ messageId: 'artifactTypeMissing', entry: 0 }] },
    { name: 'embedded data that is not the content', har: bad('embedded data that is not the content'), findings: [{ messageId: 'dataMismatch', entry: 0 }] },
    { name: 'the removed artifact manifest', har: bad('the removed artifact manifest'), findings: [{ messageId: 'artifactManifest', entry: 0 }] },
  ],
  notEvaluable: [{ name: 'response body not captured', har: har(oci.pullManifest({ resBody: { absent: true, size: 500 } })) }],
});
