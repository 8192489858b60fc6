import micromatch from 'micromatch';
import type { Check } from './check.js';
import { UsageError } from './errors.js';
import { SPEC_VERSIONS, type SpecVersion } from './spec.js';

function globs(list: string | undefined): string[] {
  return (list ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Whether an id is selected by a glob list, `!glob` taking ids out (`push/*,!push/mount-from`).
 * micromatch.isMatch treats a list as "any matches", and a negated glob matches every other id,
 * so the list is applied as a filter instead.
 */
export function selectedBy(id: string, list: readonly string[]): boolean {
  return micromatch([id], list as string[]).length > 0;
}

/** A glob that names no rule is a typo; for `!glob` the glob after the `!` must name one. */
export function matchesNoRule(ids: readonly string[], pattern: string): boolean {
  const positive = pattern.startsWith('!') ? pattern.slice(1) : pattern;
  return micromatch(ids as string[], positive).length === 0;
}

/**
 * Picks the checks of a run: `--rules` globs keep, `--skip` globs drop (micromatch on rule
 * ids), and checks that do not apply to the target spec version are left out.
 */
export function selectChecks(all: readonly Check[], options: { rules?: string; skip?: string; spec: SpecVersion }): Check[] {
  const keep = globs(options.rules);
  const drop = globs(options.skip);
  const ids = all.map((c) => c.meta.id);
  for (const pattern of [...keep, ...drop]) {
    if (matchesNoRule(ids, pattern)) {
      throw new UsageError(`no rule matches '${pattern}' (see 'oci-har-check rules')`, 'NO_RULE_MATCH');
    }
  }
  return all.filter((c) => {
    const id = c.meta.id;
    if (keep.length && !selectedBy(id, keep)) return false;
    if (drop.length && selectedBy(id, drop)) return false;
    return !c.meta.versions || c.meta.versions.includes(options.spec);
  });
}

/** Rules the globs keep but the target version leaves out (their requirement is not in it). */
export function outOfProfile(all: readonly Check[], options: { rules?: string; skip?: string; spec: SpecVersion }): string[] {
  const inProfile = new Set(selectChecks(all, options).map((c) => c.meta.id));
  const anyVersion = selectChecks(
    all.map((c) => ({ ...c, meta: { ...c.meta, versions: undefined } })),
    options,
  );
  return anyVersion.map((c) => c.meta.id).filter((id) => !inProfile.has(id));
}

export function parseSpec(value: string): SpecVersion {
  const v = value.replace(/^v/, '');
  if ((SPEC_VERSIONS as readonly string[]).includes(v)) return v as SpecVersion;
  throw new UsageError(`unknown spec version '${value}' (choose ${SPEC_VERSIONS.join(', ')})`, 'BAD_SPEC');
}
