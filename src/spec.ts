/** Spec versions a run can target (`--spec`). v1.1.1 is the default target. */
export const SPEC_VERSIONS = ['1.0.1', '1.1.0', '1.1.1', 'main'] as const;
export type SpecVersion = (typeof SPEC_VERSIONS)[number];
export const DEFAULT_SPEC: SpecVersion = '1.1.1';

const SPEC_REPO = 'https://github.com/opencontainers/distribution-spec/blob';

/** Link to a section of spec.md pinned to the tag of `version` (main links main). */
export function specLink(anchor: string, version: SpecVersion = DEFAULT_SPEC): string {
  const ref = version === 'main' ? 'main' : `v${version}`;
  return `${SPEC_REPO}/${ref}/spec.md#${anchor}`;
}

/** Token-auth documents live in distribution/distribution, not in the OCI spec. */
export function tokenDocLink(doc: 'token' | 'oauth' | 'scope' | 'jwt', anchor?: string): string {
  const base = `https://github.com/distribution/distribution/blob/main/docs/content/spec/auth/${doc}.md`;
  return anchor ? `${base}#${anchor}` : base;
}

export function isSpecVersion(value: string): value is SpecVersion {
  return (SPEC_VERSIONS as readonly string[]).includes(value);
}

/** Orders versions so checks can say "since 1.1.0". */
export function specAtLeast(version: SpecVersion, floor: SpecVersion): boolean {
  return SPEC_VERSIONS.indexOf(version) >= SPEC_VERSIONS.indexOf(floor);
}

const PINNED_SPEC_LINK = /(\/distribution-spec\/blob\/)(?:v\d+\.\d+\.\d+(?:-rc\d+)?|main)\//;

/** Re-pins a distribution-spec link to the tag of `version` (other links are left alone). */
export function pinSpecLink(link: string, version: SpecVersion): string {
  const ref = version === 'main' ? 'main' : `v${version}`;
  return link.replace(PINNED_SPEC_LINK, `$1${ref}/`);
}
