import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { analyzeCapture, analyzeHarText } from '../src/analyze.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { buildReport } from '../src/report/build.js';
import { escapeHtml, formatHtml } from '../src/report/html.js';
import { hostileHar } from './support/hostile.js';

const REAL = join(PACKAGE_ROOT, 'samples', 'real');

describe('HTML report', () => {
  it.each(readdirSync(REAL).filter((f) => f.endsWith('.har')).sort())('samples/real/%s: cards, a timeline per client, every finding', async (file) => {
    const result = await analyzeCapture(join(REAL, file), { checks, spec: '1.1.1', file: `samples/real/${file}`, timeline: true });
    const html = formatHtml(buildReport([result], checks, '1.1.1', '0.0.0-test'));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const card of result.clients) expect(html).toContain(escapeHtml(card.client));
    expect(html.match(/<table class="timeline">/g)?.length).toBe(result.clients.length);
    for (const f of result.findings) expect(html).toContain(`<code>${f.ruleId}</code>`);
    // Self-contained: no script, no external resource.
    expect(html).not.toMatch(/<script|<link |src="http|@import/i);
  });

  it('capture values are escaped: planted script and img payloads stay text', async () => {
    const result = await analyzeHarText(hostileHar(), { checks, spec: '1.1.1', timeline: true });
    const report = buildReport([result], checks, '1.1.1', '0.0.0-test');
    expect(JSON.stringify(report)).toContain('<script>window.__pwned=1</script>');
    const html = formatHtml(report);
    // The response header payload is shown as evidence, escaped.
    expect(html).toContain('docker-content-digest: sha256:&lt;img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;');
  });

  it('the timeline is bounded', async () => {
    const result = await analyzeHarText(hostileHar(), { checks, spec: '1.1.1', timeline: true });
    expect(result.timeline).toHaveLength(4);
    expect(result.timelineOmitted).toBeUndefined();
  });
});
