import type { Check } from '../check.js';
import { REQUIREMENTS, type Requirement } from './requirements.js';

export type CoverageStatus = 'covered' | 'unobservable' | 'gap';

export interface CoverageRow {
  requirement: Requirement;
  /** Rule ids whose metadata cite the requirement. */
  rules: string[];
  status: CoverageStatus;
}

export interface Coverage {
  rows: CoverageRow[];
  /** Requirements traffic can show (everything not marked unobservable). */
  observable: number;
  covered: number;
  /** covered / observable, in percent, one decimal. */
  percent: number;
  /** Ids cited by rules that the catalogue does not know (typos, stale ids). */
  unknownIds: string[];
}

/** Joins the requirement catalogue with rule metadata: which rule enforces which id. */
export function computeCoverage(checks: readonly Check[], requirements: readonly Requirement[] = REQUIREMENTS): Coverage {
  const byId = new Map<string, string[]>();
  for (const check of checks) {
    for (const id of check.meta.requirements) {
      const list = byId.get(id) ?? [];
      list.push(check.meta.id);
      byId.set(id, list);
    }
  }
  const known = new Set(requirements.map((r) => r.id));
  const rows = requirements.map((requirement): CoverageRow => {
    const rules = (byId.get(requirement.id) ?? []).sort();
    const status: CoverageStatus = rules.length ? 'covered' : requirement.unobservable ? 'unobservable' : 'gap';
    return { requirement, rules, status };
  });
  const covered = rows.filter((r) => r.status === 'covered').length;
  const observable = rows.filter((r) => r.status !== 'unobservable').length;
  return {
    rows,
    observable,
    covered,
    percent: observable ? Math.round((covered / observable) * 1000) / 10 : 100,
    unknownIds: [...byId.keys()].filter((id) => !known.has(id)).sort(),
  };
}
