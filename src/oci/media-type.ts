import { isAlnum, readQuotedString, readTokenEnd, skipWhitespace } from './lexical.js';

/**
 * Media types: parsing `Content-Type` values (RFC 9110 §8.3.1
 * `type "/" subtype *( OWS ";" OWS parameter )`), the descriptor `mediaType` pattern, and
 * the OCI and Docker media types the spec names.
 */

export interface ParsedMediaType {
  /** Type as written. */
  type: string;
  /** Subtype as written. */
  subtype: string;
  /** `type/subtype` lower-cased: what comparisons use (media types are case-insensitive). */
  essence: string;
  /** Parameters by lower-cased name; quoted values unescaped. First occurrence wins. */
  params: Map<string, string>;
  /** Parameter syntax we had to skip over (`; =x`, unterminated quotes, duplicates, …). */
  malformedParams: boolean;
}

/**
 * Parses a `Content-Type` value or one media type. Returns undefined when the value has no
 * `token/token` at its start (after OWS). Parameters are parsed leniently: bad ones set
 * `malformedParams` and are skipped. Never throws; linear time.
 */
export function parseMediaType(value: string): ParsedMediaType | undefined {
  let i = skipWhitespace(value, 0);
  const typeEnd = readTokenEnd(value, i);
  if (typeEnd === i || value.charCodeAt(typeEnd) !== 0x2f /* / */) return undefined;
  const type = value.slice(i, typeEnd);
  i = typeEnd + 1;
  const subtypeEnd = readTokenEnd(value, i);
  if (subtypeEnd === i) return undefined;
  const subtype = value.slice(i, subtypeEnd);
  const result: ParsedMediaType = {
    type,
    subtype,
    essence: `${type}/${subtype}`.toLowerCase(),
    params: new Map(),
    malformedParams: false,
  };
  i = skipWhitespace(value, subtypeEnd);
  if (i < value.length && value.charCodeAt(i) !== 0x3b /* ; */) {
    // Junk after the subtype (e.g. a space inside it): treat as not a media type.
    return undefined;
  }
  parseParameters(value, i, result);
  return result;
}

/**
 * Reads `*( OWS ";" OWS [ name "=" value ] )` from `i` into `into.params`. Shared with the
 * Accept parser (whose `q` is one of these parameters).
 */
export function parseParameters(value: string, i: number, into: { params: Map<string, string>; malformedParams: boolean }): void {
  while (i < value.length) {
    i = skipWhitespace(value, i);
    if (i >= value.length) break;
    if (value.charCodeAt(i) !== 0x3b /* ; */) {
      into.malformedParams = true;
      // Resynchronise at the next ';' (quoted strings were already consumed by the caller's position).
      const next = value.indexOf(';', i);
      if (next === -1) break;
      i = next;
      continue;
    }
    i = skipWhitespace(value, i + 1);
    if (i >= value.length) break;
    if (value.charCodeAt(i) === 0x3b) continue; // empty parameter: allowed by the grammar
    const nameEnd = readTokenEnd(value, i);
    if (nameEnd === i || value.charCodeAt(nameEnd) !== 0x3d /* = */) {
      into.malformedParams = true;
      i = nameEnd === i ? i + 1 : nameEnd;
      continue;
    }
    const name = value.slice(i, nameEnd).toLowerCase();
    i = nameEnd + 1;
    let paramValue: string;
    if (value.charCodeAt(i) === 0x22 /* " */) {
      const q = readQuotedString(value, i);
      if (!q.terminated) into.malformedParams = true;
      paramValue = q.value;
      i = q.end;
    } else {
      const end = readTokenEnd(value, i);
      if (end === i) {
        into.malformedParams = true;
        continue;
      }
      paramValue = value.slice(i, end);
      i = end;
    }
    if (into.params.has(name)) into.malformedParams = true;
    else into.params.set(name, paramValue);
    // Anything other than OWS before the next ';' is junk.
    const after = skipWhitespace(value, i);
    if (after < value.length && value.charCodeAt(after) !== 0x3b) into.malformedParams = true;
    i = after;
  }
}

/** `[A-Za-z0-9!#$&^_.+-]` */
function isRestrictedNameChar(c: number): boolean {
  if (isAlnum(c)) return true;
  switch (c) {
    case 0x21: case 0x23: case 0x24: case 0x26: case 0x5e: case 0x5f: case 0x2e: case 0x2b: case 0x2d:
      return true;
    default:
      return false;
  }
}

/** One side of the descriptor pattern: `[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}`. */
function isRestrictedName(s: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < 1 || length > 127) return false;
  if (!isAlnum(s.charCodeAt(start))) return false;
  for (let i = start + 1; i < end; i++) if (!isRestrictedNameChar(s.charCodeAt(i))) return false;
  return true;
}

/**
 * The image-spec descriptor `mediaType` pattern (defs-descriptor.json, RFC 6838 §4.2):
 * `^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$`.
 * No parameters and no whitespace allowed.
 */
export function isValidDescriptorMediaType(value: string): boolean {
  if (value.length > 255) return false;
  const slash = value.indexOf('/');
  if (slash === -1) return false;
  return isRestrictedName(value, 0, slash) && isRestrictedName(value, slash + 1, value.length);
}

/** Media types named by image-spec v1.1.1 and the Docker manifest v2 schema 2 doc. */
export const MediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerTar: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerTarGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerTarZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  /** Deprecated (image-spec 1.1.0): non-distributable layers. */
  ociLayerNondistributableTar: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  ociLayerNondistributableTarGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  ociLayerNondistributableTarZstd: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  /** Empty descriptor content `{}` (image-spec 1.1.0). */
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  /** Not sent as manifests. */
  ociDescriptor: 'application/vnd.oci.descriptor.v1+json',
  ociLayoutHeader: 'application/vnd.oci.layout.header.v1+json',
  /** Removed before image-spec 1.1.0 final (present in v1.1.0-rc1/rc2 only). */
  ociArtifactManifest: 'application/vnd.oci.artifact.manifest.v1+json',
  /** The rc3 name of `ociEmpty`, renamed in May 2023; never in a final release. */
  ociScratch: 'application/vnd.oci.scratch.v1+json',

  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  dockerPluginConfig: 'application/vnd.docker.plugin.v1+json',
  /** Deprecated schema 1. */
  dockerSchema1Manifest: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1SignedManifest: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

export type KnownMediaType = (typeof MediaTypes)[keyof typeof MediaTypes];

export type MediaTypeFamily =
  | 'oci-manifest'
  | 'oci-index'
  | 'docker-manifest'
  | 'docker-list'
  | 'docker-schema1'
  | 'oci-artifact-removed'
  | 'other';

/** Lower-cased essence of a value that may carry parameters or odd case; the value itself when unparsable. */
function essenceOf(value: string): string {
  return parseMediaType(value)?.essence ?? value.trim().toLowerCase();
}

/**
 * Which family of manifest a media type (essence, or a full `Content-Type`) belongs to.
 * Comparison is case-insensitive and ignores parameters.
 */
export function mediaTypeFamily(mediaType: string): MediaTypeFamily {
  switch (essenceOf(mediaType)) {
    case MediaTypes.ociManifest:
      return 'oci-manifest';
    case MediaTypes.ociIndex:
      return 'oci-index';
    case MediaTypes.dockerManifest:
      return 'docker-manifest';
    case MediaTypes.dockerManifestList:
      return 'docker-list';
    case MediaTypes.dockerSchema1Manifest:
    case MediaTypes.dockerSchema1SignedManifest:
      return 'docker-schema1';
    case MediaTypes.ociArtifactManifest:
      return 'oci-artifact-removed';
    default:
      return 'other';
  }
}

/**
 * True for single-image manifest types: OCI image manifest, Docker schema 2, Docker
 * schema 1 (both forms) and the removed OCI artifact manifest. Indexes/lists are not.
 */
export function isManifestMediaType(mediaType: string): boolean {
  const family = mediaTypeFamily(mediaType);
  return family === 'oci-manifest' || family === 'docker-manifest' || family === 'docker-schema1' || family === 'oci-artifact-removed';
}

/** True for OCI image index and Docker manifest list. */
export function isIndexMediaType(mediaType: string): boolean {
  const family = mediaTypeFamily(mediaType);
  return family === 'oci-index' || family === 'docker-list';
}

/** True for anything a manifests endpoint may carry: a manifest or an index/list type. */
export function isManifestEndpointMediaType(mediaType: string): boolean {
  return mediaTypeFamily(mediaType) !== 'other';
}

/** The manifest and index types a modern client lists in `Accept` (OCI first, then Docker). */
export const MANIFEST_ACCEPT_TYPES: readonly string[] = [
  MediaTypes.ociManifest,
  MediaTypes.ociIndex,
  MediaTypes.dockerManifest,
  MediaTypes.dockerManifestList,
];
