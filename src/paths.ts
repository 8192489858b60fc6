import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root (where package.json, checks/*.md and schemas/ live), found upward from
 * this module so it works from src/ under vitest and from dist/src/ when built.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'checks'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('oci-har-check: cannot locate the package root');
}

export const PACKAGE_ROOT = findRoot();
