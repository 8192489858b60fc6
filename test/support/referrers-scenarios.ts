import { scenarioParties } from '../../src/referrers/scenarios.js';
import { DEFAULT_ACCEPT, DEFAULT_MANIFEST, type HarLog, type HarPart, MT, descriptor, har, jsonBytes, oci, ociIndex, ociManifest } from './har.js';

// Builds a capture of each of the 18 referrers scenarios: a producer attaches an SBOM to an
// image, the registry answers as its generation does, and a consumer looks for referrers as
// its generation does. Used by samples/referrers (written by test/referrers-samples.test.ts
// with REGEN_REFERRERS_SAMPLES=1) because no registry with the referrers API and no producer
// or consumer of every generation can be installed here.

export const ARTIFACT_MANIFEST = 'application/vnd.oci.artifact.manifest.v1+json';
const SBOM_TYPE = 'application/spdx+json';
const REPO = 'demo/app';
const SBOM = '{"spdxVersion":"SPDX-2.3","name":"app"}';
const ANNOTATIONS = { 'org.opencontainers.image.created': '2026-11-23T00:00:00Z' };

const subject = descriptor(DEFAULT_MANIFEST, MT.manifest);
const subjectDigest = subject.digest;
const fallbackTag = subjectDigest.replace(':', '-');
const ua = (role: string, generation: string) => `${role}-${generation}/1.0 (oci-har-check hand-built scenario sample)`;

/** The SBOM attached as an image manifest (intermediate producer). */
export const imageReferrer = jsonBytes(
  ociManifest({ artifactType: SBOM_TYPE, config: { mediaType: MT.empty, digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a', size: 2 }, layers: [descriptor(SBOM, SBOM_TYPE)], subject, annotations: ANNOTATIONS }),
);
/** The SBOM attached with the removed artifact manifest type (complete producer of the pre-release design). */
export const artifactReferrer = jsonBytes({ mediaType: ARTIFACT_MANIFEST, artifactType: SBOM_TYPE, blobs: [descriptor(SBOM, SBOM_TYPE)], subject, annotations: ANNOTATIONS });

export function buildScenario(n: number): HarLog {
  const { producer, registry, consumer } = scenarioParties(n);
  const complete = registry === 'complete';
  const p = { userAgent: ua('producer', producer), repo: REPO };
  const c = { userAgent: ua('consumer', consumer), repo: REPO };
  const parts: HarPart[] = [oci.ping(p), oci.pushImage({ ...p, tag: 'v1' })];

  // Producer: what it pushes, and what the registry answers.
  let referrer: { bytes: string; mediaType: string } | undefined;
  if (producer === 'intermediate') {
    parts.push(oci.pushBlob({ ...p, data: '{}' }), oci.pushBlob({ ...p, data: SBOM }));
    const push = oci.pushManifest({ ...p, ref: descriptor(imageReferrer, MT.manifest).digest, manifest: imageReferrer, ociSubject: complete });
    parts.push(push);
    referrer = { bytes: imageReferrer, mediaType: MT.manifest };
    if (!complete) {
      // No OCI-Subject: read the referrers tag (404: start empty), append, push it back (SUBJ-02).
      parts.push(oci.pullManifest({ ...p, ref: fallbackTag, status: 404, accept: MT.index }));
      parts.push(oci.pushManifest({ ...p, ref: fallbackTag, manifest: ociIndex({ manifests: [tagEntry(imageReferrer, MT.manifest)] }) }));
    }
  } else if (producer === 'complete') {
    parts.push(oci.pushBlob({ ...p, data: SBOM }));
    const ref = descriptor(artifactReferrer, ARTIFACT_MANIFEST).digest;
    if (complete) {
      parts.push(oci.pushManifest({ ...p, ref, manifest: artifactReferrer, mediaType: ARTIFACT_MANIFEST }));
      referrer = { bytes: artifactReferrer, mediaType: ARTIFACT_MANIFEST };
    } else {
      // A registry of today does not know the type: 400 MANIFEST_INVALID; the producer stops.
      parts.push(oci.pushManifest({ ...p, ref, manifest: artifactReferrer, mediaType: ARTIFACT_MANIFEST, status: 400, errorCode: 'MANIFEST_INVALID' }));
    }
  }

  // Consumer: pulls the image, then looks for referrers as its generation does.
  const accept = consumer === 'complete' ? `${ARTIFACT_MANIFEST}, ${DEFAULT_ACCEPT}` : DEFAULT_ACCEPT;
  parts.push(oci.pullManifest({ ...c, ref: 'v1', accept }));
  if (consumer !== 'current') {
    const listed = referrer ? [tagEntry(referrer.bytes, referrer.mediaType)] : [];
    if (complete) {
      parts.push(oci.listReferrers({ ...c, subject: subjectDigest, manifests: listed }));
    } else {
      parts.push(oci.listReferrers({ ...c, subject: subjectDigest, status: 404 }));
      // REF-09: fall back to the referrers tag; 404 means "no referrers".
      parts.push(referrer ? oci.pullManifest({ ...c, ref: fallbackTag, manifest: ociIndex({ manifests: listed }), accept: MT.index }) : oci.pullManifest({ ...c, ref: fallbackTag, status: 404, accept: MT.index }));
    }
    if (referrer) {
      const digest = descriptor(referrer.bytes, referrer.mediaType).digest;
      const readable = referrer.mediaType !== ARTIFACT_MANIFEST || consumer === 'complete';
      // An intermediate consumer cannot read an artifact manifest, so it does not fetch one (scenario 17).
      if (readable) parts.push(oci.pullManifest({ ...c, ref: digest, manifest: referrer.bytes, accept }));
    }
  }
  const log = har(...parts);
  // Capture tools record the Host header that was sent; the builder leaves it out.
  for (const entry of log.log.entries) {
    const host = new URL(entry.request.url).host;
    if (!entry.request.headers.some((h) => h.name.toLowerCase() === 'host')) entry.request.headers.unshift({ name: 'Host', value: host });
  }
  return log;
}

/** A referrers descriptor: artifactType and annotations copied from the manifest (REF-05, SUBJ-02). */
function tagEntry(bytes: string, mediaType: string) {
  return descriptor(bytes, mediaType, { artifactType: SBOM_TYPE, annotations: ANNOTATIONS });
}
