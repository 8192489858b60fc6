import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { analyzeCapture, analyzeHarText } from '../src/analyze.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { buildReport } from '../src/report/build.js';
import { formatHtml } from '../src/report/html.js';
import type { FileResult } from '../src/report/model.js';
import { ensureDebianPackage } from './support/apt.js';
import { hostileHar } from './support/hostile.js';

// Debian's chromium, driven by playwright-core (which downloads no browser). The test installs
// it with apt when it can (root); where it cannot, it says so and is skipped.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = process.env.CHROMIUM_PATH ? existsSync(CHROMIUM) : ensureDebianPackage('chromium', () => existsSync(CHROMIUM));
if (!haveChromium) console.warn(`html-browser test skipped: no chromium at ${CHROMIUM} and it could not be installed (apt-get install chromium, or set CHROMIUM_PATH)`);

const OUT = join(tmpdir(), 'oci-har-check-test-artifacts');

async function page(result: FileResult, name: string) {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `${name}.html`);
  writeFileSync(file, formatHtml(buildReport([result], checks, '1.1.1', '0.0.0-test')));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-default-apps', '--disable-sync', '--no-first-run'],
  });
  const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  const dialogs: string[] = [];
  p.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  p.on('pageerror', (e) => problems.push(String(e)));
  p.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await p.goto(pathToFileURL(file).href);
  return { browser, page: p, problems, dialogs, file };
}

describe.skipIf(!haveChromium)('HTML report in a real browser (chromium)', () => {
  it('a real sample renders its card, timeline and findings, with no console error', async () => {
    const sample = join(PACKAGE_ROOT, 'samples', 'real', 'chromium-playwright.har');
    const result = await analyzeCapture(sample, { checks, spec: '1.1.1', file: 'samples/real/chromium-playwright.har', timeline: true });
    const { browser, page: p, problems } = await page(result, 'chromium-playwright');
    try {
      await expect(p.locator('h1').textContent()).resolves.toBe('oci-har-check report');
      expect(await p.locator('h3', { hasText: 'HeadlessChrome/156.0.0.0' }).isVisible()).toBe(true);
      expect(await p.locator('table.timeline tbody tr').count()).toBe(39);
      expect(await p.locator('table.timeline th', { hasText: 'push' }).isVisible()).toBe(true);
      expect(await p.locator('.finding').count()).toBe(result.findings.length);
      expect(await p.locator('code', { hasText: 'discovery/tags-list-response' }).first().isVisible()).toBe(true);
      await p.screenshot({ path: join(OUT, 'chromium-playwright.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('script planted in the capture does not run', async () => {
    const result = await analyzeHarText(hostileHar(), { checks, spec: '1.1.1', timeline: true });
    const { browser, page: p, problems, dialogs } = await page(result, 'hostile');
    try {
      expect(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await p.locator('script').count()).toBe(0);
      expect(await p.locator('main img').count()).toBe(0);
      // The payload is on the page as text.
      expect(await p.locator('main').textContent()).toContain('<script>window.__pwned=1</script>');
      expect(dialogs).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
