import check from '../../../checks/discovery/referrers-client-filter.js';
import { checkTester } from '../../support/check-tester.js';
import { SBOM, sbom, sig, sbomEntry, sigEntry } from '../../support/referrers-fixtures.js';
import { MT, descriptor, har, oci, ociIndex, sha256Digest } from '../../support/har.js';

const fetchSbom = () => oci.pullManifest({ ref: sha256Digest(sbom), manifest: sbom });
const fetchSig = () => oci.pullManifest({ ref: sha256Digest(sig), manifest: sig });
const askSbom = (filtersApplied: boolean, manifests = [sbomEntry, sigEntry]) => oci.listReferrers({ artifactType: SBOM, filtersApplied, manifests });

checkTester.run(check, {
  valid: [
    { name: 'unfiltered answer; the client fetches only the SBOM it asked for', har: har(askSbom(false), fetchSbom()) },
    { name: 'the registry says it filtered: the client may use every entry', har: har(askSbom(true, [sbomEntry, sigEntry]), fetchSig()) },
    { name: 'no filter asked: every entry is fair game', har: har(oci.listReferrers({ manifests: [sbomEntry, sigEntry] }), fetchSig()) },
    { name: 'the client also listed without a filter before fetching the signature', har: har(askSbom(false), oci.listReferrers({ manifests: [sbomEntry, sigEntry] }), fetchSig()) },
    { name: 'the signature is known from an index the client pulled', har: har(askSbom(false), oci.pullManifest({ ref: 'v1', manifest: ociIndex({ manifests: [sigEntry] }) }), fetchSig()) },
    { name: 'the client pushed the signature itself', har: har(oci.pushManifest({ ref: sha256Digest(sig), manifest: sig }), askSbom(false), fetchSig()) },
    { name: 'fetched before the listing', har: har(fetchSig(), askSbom(false)) },
    { name: 'another repository', har: har(askSbom(false), oci.pullManifest({ repo: 'other/repo', ref: sha256Digest(sig), manifest: sig })) },
  ],
  invalid: [
    {
      name: 'unfiltered answer; the client fetches the signature it did not ask for',
      har: har(askSbom(false), fetchSbom(), fetchSig()),
      findings: [{ messageId: 'usedUnfiltered', entry: 2, severity: 'warning', confidence: 'inferred' }],
    },
    {
      name: 'an entry without artifactType counts as another type',
      har: har(oci.listReferrers({ artifactType: SBOM, filtersApplied: false, manifests: [descriptor(sig, MT.manifest)] }), fetchSig()),
      findings: [{ messageId: 'usedUnfiltered', entry: 1 }],
    },
  ],
});
