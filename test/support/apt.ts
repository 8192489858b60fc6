import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * For tests that need a Debian package (chromium, python3-junitparser): when `present()` is
 * false and we are root with apt-get, install it (with an index update on a fresh machine);
 * otherwise the caller skips with a message saying what to install.
 */
export function ensureDebianPackage(pkg: string, present: () => boolean): boolean {
  if (present()) return true;
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return false;
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'ignore', timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (install().status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore', timeout: 300_000 });
    install();
  }
  return present();
}
