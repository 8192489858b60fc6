import { defineCheck } from '../../src/check.js';
import { BoundedMap } from '../../src/engine/bounded-map.js';
import type { ManifestFacts } from '../../src/engine/facts.js';
import { isRecord } from '../../src/engine/json-body.js';
import { entryRef, type EntryRef, type Exchange } from '../../src/model/exchange.js';
import { specLink } from '../../src/spec.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

// spec.md#pushing-manifests-with-subject, step 5: "Append a descriptor for the pushed manifest …
// The value of the artifactType MUST be set to the artifactType value in the pushed manifest, if
// present. If the artifactType is empty or missing in a pushed image manifest, the value of
// artifactType MUST be set to the config descriptor mediaType value. All annotations from the
// pushed manifest MUST be copied to this descriptor." #referrers-tag-schema: the tag "should
// return an image index matching the expected response of the referrers API" (REF-05), whose
// descriptors describe the manifest itself: its mediaType, size and digest.
interface Described {
  /** A reference, not the exchange: many manifests stay in this map. */
  at: EntryRef;
  mediaType?: string;
  size: number;
  /** What the referrers API would list: artifactType, else config.mediaType for an image manifest. */
  artifactType?: string;
  annotations: Record<string, string>;
}

function describe(at: Exchange, manifest: ManifestFacts): Described | undefined {
  const json = manifest.json;
  if (!json || !manifest.bodyDigest || manifest.body.fidelity !== 'exact') return undefined;
  const d: Described = { at: entryRef(at), size: manifest.body.size, annotations: {} };
  const mediaType = manifest.mediaTypeField ?? manifest.essence;
  if (mediaType) d.mediaType = mediaType;
  if (typeof json.artifactType === 'string' && json.artifactType !== '') d.artifactType = json.artifactType;
  else if (mediaType === OCI_MANIFEST && isRecord(json.config) && typeof json.config.mediaType === 'string') d.artifactType = json.config.mediaType;
  if (isRecord(json.annotations)) {
    for (const [k, v] of Object.entries(json.annotations)) if (typeof v === 'string') d.annotations[k] = v;
  }
  return d;
}

export default defineCheck({
  meta: {
    id: 'push/referrers-tag-descriptor',
    title: 'Referrers tag entries describe the referring manifest as the referrers API would',
    category: 'push',
    side: 'client',
    level: 'MUST',
    requirements: ['SUBJ-02', 'RTS-02', 'REF-05'],
    spec: specLink('pushing-manifests-with-subject'),
    versions: ['1.1.0', '1.1.1', 'main'],
    fix: "In the <alg>-<hex> tag index, give each referrer's descriptor its mediaType, size and digest, artifactType (the manifest's artifactType, else its config mediaType) and a copy of all its annotations.",
    messages: {
      artifactType: "Referrers tag {{tag}} lists {{digest}} with artifactType {{got}}; it must be {{expected}}.",
      annotations: "Referrers tag {{tag}} lists {{digest}} without the referring manifest's annotations {{keys}}.",
      descriptor: 'Referrers tag {{tag}} describes {{digest}} as {{got}}, but that manifest is {{expected}}.',
    },
  },
  create(ctx) {
    const scopeOf = (at: Exchange, repo: string) => `${at.request.origin}\u0000${repo}`;
    /** Manifests whose exact bytes the capture holds, by scope + digest. */
    const manifests = new BoundedMap<string, Described>(1024);
    /** Digests listed by the last read of each referrers tag: entries already there are not this push's. */
    const lastRead = new BoundedMap<string, Set<string>>(1024);
    const remember = (key: string, d: Described | undefined) => {
      if (!d) return;
      manifests.set(key, d);
    };
    return {
      'manifest.pulled'({ at, op, manifest }) {
        if (at.failed || at.response.status !== 200 || op.kind !== 'manifest.get') return;
        const scope = scopeOf(at, op.name);
        if (manifest.referrersTagFor && op.reference.kind === 'tag') lastRead.set(`${scope}\u0000${op.reference.value}`, new Set(manifest.references)); // bounded: one manifest's references
        if (manifest.bodyDigest) remember(`${scope}\u0000${manifest.bodyDigest}`, describe(at, manifest));
      },
      'manifest.pushed'({ at, op, manifest }) {
        const scope = scopeOf(at, op.name);
        const ok = !at.failed && at.response.status >= 200 && at.response.status < 300;
        if (ok && manifest.bodyDigest) remember(`${scope}\u0000${manifest.bodyDigest}`, describe(at, manifest));
        if (!manifest.referrersTagFor || op.reference.kind !== 'tag' || !manifest.json || !Array.isArray(manifest.json.manifests)) return;
        const tag = op.reference.value;
        const before = lastRead.get(`${scope}\u0000${tag}`) ?? new Set<string>(); // bounded: empty
        for (const entry of manifest.json.manifests) {
          if (!isRecord(entry) || typeof entry.digest !== 'string' || before.has(entry.digest)) continue;
          const digest = entry.digest;
          const got = typeof entry.artifactType === 'string' && entry.artifactType !== '' ? entry.artifactType : undefined;
          const known = manifests.get(`${scope}\u0000${digest}`);
          const related = known ? [known.at] : [];
          if (known) {
            if (known.artifactType !== undefined && got !== known.artifactType) {
              ctx.report({ messageId: 'artifactType', at, data: { tag, digest, got: got ?? '(none)', expected: known.artifactType }, related });
            }
            const missing = Object.keys(known.annotations).filter((k) => !isRecord(entry.annotations) || entry.annotations[k] !== known.annotations[k]);
            if (missing.length) ctx.report({ messageId: 'annotations', at, data: { tag, digest, keys: missing.join(', ') }, related });
            const wrong: string[] = [];
            const right: string[] = [];
            if (known.mediaType !== undefined && entry.mediaType !== known.mediaType) {
              wrong.push(`mediaType ${String(entry.mediaType)}`);
              right.push(`mediaType ${known.mediaType}`);
            }
            if (entry.size !== known.size) {
              wrong.push(`size ${String(entry.size)}`);
              right.push(`size ${known.size}`);
            }
            if (wrong.length) ctx.report({ messageId: 'descriptor', at, data: { tag, digest, got: wrong.join(', '), expected: right.join(', ') }, related });
          } else if (entry.mediaType === OCI_MANIFEST && got === undefined) {
            // Not seen in the capture, but an image manifest always has one: its own or its config's media type.
            ctx.report({ messageId: 'artifactType', at, data: { tag, digest, got: '(none)', expected: "the manifest's artifactType or config mediaType" } });
          }
        }
      },
    };
  },
});
