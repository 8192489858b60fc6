import { createHash } from 'node:crypto';
import { validateBody, type BodySchema } from './body-schemas.js';
import { MediaTypes, mediaTypeFamily, type MediaTypeFamily } from './media-type.js';

/** The empty descriptor's content `{}`: image-spec v1.1.1 manifest.md "Guidance for an Empty Descriptor". */
export const EMPTY_DIGEST = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
export const EMPTY_SIZE = 2;

export type ManifestProblem =
  | { kind: 'schema'; schema: BodySchema; errors: string[] }
  | { kind: 'ambiguous'; fields: string }
  | { kind: 'emptyDescriptor'; where: string; digest: string; size: string }
  | { kind: 'artifactTypeMissing' }
  | { kind: 'dataMismatch'; where: string; problem: string }
  | { kind: 'artifactManifest' };

const SCHEMA_BY_FAMILY: Partial<Record<MediaTypeFamily, BodySchema>> = {
  'oci-manifest': 'oci-image-manifest',
  'oci-index': 'oci-image-index',
  'docker-manifest': 'docker-manifest-v2',
  'docker-list': 'docker-manifest-list',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every descriptor of a manifest or index with a JSON-pointer-like label. */
function descriptors(doc: Record<string, unknown>): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  if (isRecord(doc.config)) out.push(['/config', doc.config]);
  if (isRecord(doc.subject)) out.push(['/subject', doc.subject]);
  for (const key of ['layers', 'manifests', 'blobs'] as const) {
    const list = doc[key];
    if (Array.isArray(list)) list.forEach((d, i) => isRecord(d) && out.push([`/${key}/${i}`, d]));
  }
  return out;
}

/** Decoded `data` must be the content itself: `size` bytes hashing to `digest` (sha256 checked). */
function dataProblem(d: Record<string, unknown>): string | undefined {
  if (typeof d.data !== 'string') return undefined;
  const bytes = Buffer.from(d.data, 'base64');
  // Buffer ignores bad characters; re-encoding shows whether the text was canonical base64.
  if (bytes.toString('base64') !== d.data) return 'data is not canonical base64';
  if (typeof d.size === 'number' && bytes.length !== d.size) return `data decodes to ${bytes.length} bytes, size says ${d.size}`;
  if (typeof d.digest === 'string' && d.digest.startsWith('sha256:')) {
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (actual !== d.digest) return `data hashes to ${actual}, digest says ${d.digest}`;
  }
  return undefined;
}

/**
 * What is wrong with a manifest-endpoint document, judged by its type: the `Content-Type`
 * essence when it names a manifest family, else the body's `mediaType`. Docker types are
 * validated against Docker's own shape; unknown types are not judged (image-spec: unknown
 * media types must not cause errors).
 */
export function validateManifest(doc: unknown, declaredType: string | undefined): ManifestProblem[] {
  if (!isRecord(doc)) return [];
  const problems: ManifestProblem[] = [];
  const fromHeader = declaredType ? mediaTypeFamily(declaredType) : 'other';
  const family = fromHeader !== 'other' ? fromHeader : typeof doc.mediaType === 'string' ? mediaTypeFamily(doc.mediaType) : 'other';
  if (family === 'oci-artifact-removed') problems.push({ kind: 'artifactManifest' });
  // CVE-2021-41190: one document readable both as a manifest and as an index.
  if ('manifests' in doc && ('layers' in doc || 'config' in doc)) {
    problems.push({ kind: 'ambiguous', fields: ['manifests', 'layers', 'config'].filter((k) => k in doc).join(', ') });
  }
  const schema = SCHEMA_BY_FAMILY[family];
  if (schema) {
    const errors = validateBody(schema, doc);
    if (errors.length) problems.push({ kind: 'schema', schema, errors });
  }
  if (family === 'docker-schema1' || family === 'other') return problems;
  for (const [where, d] of descriptors(doc)) {
    if (d.mediaType === MediaTypes.ociEmpty && (d.digest !== EMPTY_DIGEST || d.size !== EMPTY_SIZE)) {
      problems.push({ kind: 'emptyDescriptor', where, digest: String(d.digest), size: String(d.size) });
    }
    const data = dataProblem(d);
    if (data) problems.push({ kind: 'dataMismatch', where, problem: data });
  }
  if (family === 'oci-manifest' && isRecord(doc.config) && doc.config.mediaType === MediaTypes.ociEmpty && typeof doc.artifactType !== 'string') {
    problems.push({ kind: 'artifactTypeMissing' });
  }
  return problems;
}

/** Message ids and texts shared by the push and pull manifest-body rules. */
export const MANIFEST_PROBLEM_MESSAGES = {
  schema: 'The {{type}} body does not match its schema ({{schema}}): {{errors}}.',
  ambiguous: 'The body holds {{fields}}: it reads both as an image manifest and as an index (CVE-2021-41190); a document must be one or the other.',
  emptyDescriptor: 'Descriptor {{where}} has the empty media type but digest {{digest}} and size {{size}}; the empty descriptor is exactly ' + EMPTY_DIGEST + ' with size 2.',
  artifactTypeMissing: 'The image manifest uses the empty config (application/vnd.oci.empty.v1+json) but has no artifactType, which it must then carry.',
  dataMismatch: 'Descriptor {{where}} embeds data that is not its content: {{problem}}.',
  artifactManifest: 'The body is an OCI artifact manifest (application/vnd.oci.artifact.manifest.v1+json), a type removed before image-spec 1.1.0; use an image manifest with artifactType.',
} as const;

export type ManifestProblemMessage = keyof typeof MANIFEST_PROBLEM_MESSAGES;

/** The data a problem's message needs. */
export function problemData(p: ManifestProblem, type: string): Record<string, string> {
  switch (p.kind) {
    case 'schema':
      return { type, schema: p.schema, errors: p.errors.join('; ') };
    case 'ambiguous':
      return { fields: p.fields };
    case 'emptyDescriptor':
      return { where: p.where, digest: p.digest, size: p.size };
    case 'dataMismatch':
      return { where: p.where, problem: p.problem };
    default:
      return {};
  }
}
