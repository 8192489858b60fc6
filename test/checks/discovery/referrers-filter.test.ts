import check from '../../../checks/discovery/referrers-filter.js';
import { checkTester } from '../../support/check-tester.js';
import { descriptor, har, MT, oci } from '../../support/har.js';

const SBOM = 'application/spdx+json';
const SIG = 'application/vnd.dev.cosign.artifact.sig.v1+json';
const sbom = descriptor('{"sbom":1}', MT.manifest, { artifactType: SBOM });
const sig = descriptor('{"sig":1}', MT.manifest, { artifactType: SIG });

checkTester.run(check, {
  valid: [
    { name: 'filtered and says so', har: har(oci.listReferrers({ artifactType: SBOM, manifests: [sbom] })) },
    { name: 'no filter asked, none claimed', har: har(oci.listReferrers({ manifests: [sbom, sig] })) },
    { name: 'spec 1.0.1 has no referrers API', har: har(oci.listReferrers({ artifactType: SBOM, manifests: [sbom], filtersApplied: false })), spec: '1.0.1' },
  ],
  invalid: [
    {
      name: 'claims the filter but lists another artifactType',
      har: har(oci.listReferrers({ artifactType: SBOM, manifests: [sbom, sig] })),
      findings: [{ messageId: 'notFiltered', entry: 0 }],
    },
    {
      name: 'claims a filter nobody asked for',
      har: har(oci.listReferrers({ manifests: [sbom], filtersApplied: 'artifactType' })),
      findings: [{ messageId: 'unrequested', entry: 0 }],
    },
    {
      name: 'filter asked, not applied (client must filter): SHOULD',
      har: har(oci.listReferrers({ artifactType: SBOM, manifests: [sbom, sig], filtersApplied: false })),
      findings: [{ messageId: 'notSupported', entry: 0, severity: 'warning' }],
    },
  ],
  notEvaluable: [{ name: 'filtered answer whose body was not captured', har: har(oci.listReferrers({ artifactType: SBOM, manifests: [sbom], resBody: { absent: true, size: 200 } })) }],
});
