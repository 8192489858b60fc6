import micromatch from 'micromatch';
import { BoundedMap } from '../engine/bounded-map.js';
import type { Finding } from '../report/model.js';
import type { Config, ConfiguredSeverity, SeverityMap } from './load.js';

type Matcher = (value: string) => boolean;
interface CompiledMap {
  entries: { rule: Matcher; severity: ConfiguredSeverity }[];
}
interface CompiledOverride {
  client?: Matcher;
  file?: Matcher;
  map: CompiledMap;
}

function compileMap(map: SeverityMap | undefined): CompiledMap {
  return { entries: Object.entries(map ?? {}).map(([glob, severity]) => ({ rule: micromatch.matcher(glob), severity })) };
}

/** The last entry of the map whose glob matches the rule (later keys win, as in the file). */
function lookup(map: CompiledMap, ruleId: string): ConfiguredSeverity | undefined {
  let found: ConfiguredSeverity | undefined;
  for (const e of map.entries) if (e.rule(ruleId)) found = e.severity;
  return found;
}

/**
 * What the config says about each finding: `severity` first, then every override whose
 * clients/files match, in order (later wins, like ESLint's overrides); 'off' drops it.
 * Decisions are cached per (rule, client, file): archives repeat the same few.
 */
export class FindingPolicy {
  private readonly global: CompiledMap;
  private readonly overrides: CompiledOverride[];
  // Client labels come from captures (a hostile one can hold thousands of long User-Agents): bounded.
  private readonly cache = new BoundedMap<string, ConfiguredSeverity | undefined>(4096);

  constructor(config: Pick<Config, 'severity' | 'overrides'>) {
    this.global = compileMap(config.severity);
    this.overrides = (config.overrides ?? []).map((o) => ({
      client: o.clients ? clientMatcher(o.clients) : undefined,
      file: o.files ? anyOf(o.files) : undefined,
      map: compileMap(o.severity),
    }));
  }

  /** A rule the config turns off everywhere need not run at all. */
  ruleOff(ruleId: string): boolean {
    return lookup(this.global, ruleId) === 'off' && this.overrides.every((o) => lookup(o.map, ruleId) === undefined);
  }

  apply(finding: Finding): Finding | undefined {
    const key = `${finding.ruleId}\u0000${finding.client}\u0000${finding.file}`;
    let decided: ConfiguredSeverity | undefined;
    if (this.cache.has(key)) decided = this.cache.get(key);
    else {
      decided = lookup(this.global, finding.ruleId);
      for (const o of this.overrides) {
        if (o.client && !o.client(finding.client)) continue;
        if (o.file && !o.file(finding.file)) continue;
        decided = lookup(o.map, finding.ruleId) ?? decided;
      }
      this.cache.set(key, decided);
    }
    if (decided === undefined) return finding;
    if (decided === 'off') return undefined;
    return decided === finding.severity ? finding : { ...finding, severity: decided };
  }
}

/**
 * Client labels are `product/version`: a glob with a `/` matches the whole label
 * (`containerd/1.6.*`), one without matches the product (`skopeo`, `*`), so `*` means every client.
 */
function clientMatcher(globs: readonly string[]): Matcher {
  const whole = anyOf(globs.filter((g) => g.includes('/')));
  const product = anyOf(globs.filter((g) => !g.includes('/')));
  return (label) => whole(label) || product(label.split('/', 1)[0]!);
}

function anyOf(globs: readonly string[]): Matcher {
  const matchers = globs.map((g) => micromatch.matcher(g, { dot: true }));
  return (value) => matchers.some((m) => m(value));
}
