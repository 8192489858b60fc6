import { DEFAULT_MANIFEST, DEFAULT_MANIFEST_DIGEST, EMPTY_DESCRIPTOR, MT, descriptor, jsonBytes, ociManifest } from './har.js';

// Two artifacts referring to the default image (an SBOM and a signature), shared by the
// referrers rule tests: each test still states its own traffic and expected messages.

export const SBOM = 'application/vnd.example.sbom';
export const SIG = 'application/vnd.example.signature';
export const subject = descriptor(DEFAULT_MANIFEST, MT.manifest);
export const sbom = jsonBytes(ociManifest({ config: { ...EMPTY_DESCRIPTOR }, layers: [{ ...EMPTY_DESCRIPTOR }], subject, artifactType: SBOM }));
export const sig = jsonBytes(ociManifest({ config: { ...EMPTY_DESCRIPTOR }, layers: [{ ...EMPTY_DESCRIPTOR }], subject, artifactType: SIG }));
export const sbomEntry = descriptor(sbom, MT.manifest, { artifactType: SBOM });
export const sigEntry = descriptor(sig, MT.manifest, { artifactType: SIG });
/** The referrers tag of the subject (`sha256-<hex>`). */
export const fallbackTag = DEFAULT_MANIFEST_DIGEST.replace(':', '-');
