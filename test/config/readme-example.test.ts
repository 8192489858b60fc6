import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { loadConfig } from '../../src/config/load.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

it("the README's example config is valid and loads", () => {
  const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Configuration file'));
  const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  expect(example, 'a json block under "Configuration file"').toBeDefined();
  const path = join(mkdtempSync(join(tmpdir(), 'ohc-readme-')), 'oci-har-check.config.json');
  writeFileSync(path, example!);
  const config = loadConfig(path, checks.map((c) => c.meta.id));
  expect(config.overrides).toHaveLength(2);
  expect(config.baseline).toBe(join(path, '..', 'oci-har-check.baseline.json'));
});
