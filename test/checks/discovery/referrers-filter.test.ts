import { describe, expect, it } from 'vitest';
import check from '../../../checks/discovery/referrers-filter.js';
import { selectChecks } from '../../../src/select.js';
import { checkTester } from '../../support/check-tester.js';
import { descriptor, EMPTY_DESCRIPTOR, har, jsonBytes, MT, oci, ociManifest } from '../../support/har.js';

const SPDX = 'application/spdx+json';
const SIG = 'application/vnd.dev.cosign.artifact.sig.v1+json';
const sbom = descriptor(jsonBytes(ociManifest({ artifactType: SPDX, config: EMPTY_DESCRIPTOR })), MT.manifest, { artifactType: SPDX });
const sig = descriptor(jsonBytes(ociManifest({ artifactType: SIG, config: EMPTY_DESCRIPTOR })), MT.manifest, { artifactType: SIG });

describe('discovery/referrers-filter by spec version', () => {
  it('exists from v1.1.0 (the referrers API is new there)', () => {
    expect(selectChecks([check], { spec: '1.0.1' })).toEqual([]);
    expect(selectChecks([check], { spec: '1.1.0' })).toEqual([check]);
  });
});

checkTester.run(check, {
  valid: [
    { name: 'filtered and said so', har: har(oci.listReferrers({ artifactType: SPDX, manifests: [sbom] })) },
    { name: 'filtered to nothing', har: har(oci.listReferrers({ artifactType: SPDX, manifests: [] })) },
    { name: 'no filter asked, none applied', har: har(oci.listReferrers({ manifests: [sbom, sig] })) },
    { name: 'v1.1.0 too', spec: '1.1.0', har: har(oci.listReferrers({ artifactType: SPDX, manifests: [sbom] })) },
  ],
  invalid: [
    {
      name: 'header says filtered, a signature slipped through',
      har: har(oci.listReferrers({ artifactType: SPDX, manifests: [sbom, sig] })),
      findings: [{ messageId: 'wrongType', entry: 0, severity: 'error' }],
    },
    {
      name: 'header without a filter in the request',
      har: har(oci.listReferrers({ manifests: [sbom], filtersApplied: true })),
      findings: [{ messageId: 'unrequested', entry: 0, severity: 'warning' }],
    },
    {
      name: 'header names an unknown filter',
      har: har(oci.listReferrers({ artifactType: SPDX, manifests: [sbom], filtersApplied: 'artifactType, annotation' })),
      findings: [{ messageId: 'unrequested', entry: 0 }],
    },
    {
      name: 'not filtered, no header: the client filters (consistent, but the SHOULD is unmet)',
      har: har(oci.listReferrers({ artifactType: SPDX, manifests: [sbom, sig], filtersApplied: false })),
      findings: [{ messageId: 'notFiltered', entry: 0, severity: 'warning', confidence: 'observed' }],
    },
    {
      name: 'no header and only matching entries: cannot tell',
      har: har(oci.listReferrers({ artifactType: SPDX, manifests: [sbom], filtersApplied: false })),
      findings: [{ messageId: 'noHeader', entry: 0, severity: 'info', confidence: 'inferred' }],
    },
  ],
  notEvaluable: [
    { name: 'body not captured', har: har(oci.listReferrers({ artifactType: SPDX, resBody: { absent: true, size: 300 } })) },
  ],
});
