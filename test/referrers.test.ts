import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { analyzeHarText } from '../src/analyze.js';
import { formatHtml } from '../src/report/html.js';
import { buildReport } from '../src/report/build.js';
import { formatMarkdown } from '../src/report/markdown.js';
import { formatText } from '../src/report/text.js';
import { scenarioNumber, scenarioParties } from '../src/referrers/scenarios.js';
import type { ReferrersVerdict } from '../src/referrers/verdict.js';
import { MT, descriptor, DEFAULT_MANIFEST, har, oci, ociIndex } from './support/har.js';
import { buildScenario, imageReferrer } from './support/referrers-scenarios.js';

const subject = descriptor(DEFAULT_MANIFEST, MT.manifest).digest;
const tag = subject.replace(':', '-');
const referrerDigest = descriptor(imageReferrer, MT.manifest).digest;

async function verdictOf(log: object): Promise<ReferrersVerdict> {
  const r = await analyzeHarText(log, { checks, spec: '1.1.1' });
  expect(r.referrers).toHaveLength(1);
  return r.referrers![0]!;
}
const statuses = (v: ReferrersVerdict) => v.expectations.map((e) => `${e.role}: ${e.status}`);

describe('scenario numbering', () => {
  it('follows the working group table: producer, then registry, then consumer', () => {
    expect(scenarioNumber('intermediate', 'current', 'intermediate')).toBe(8);
    expect(scenarioNumber('intermediate', 'complete', 'intermediate')).toBe(11);
    expect(scenarioNumber('complete', 'complete', 'complete')).toBe(18);
    for (let n = 1; n <= 18; n++) {
      const p = scenarioParties(n);
      expect(scenarioNumber(p.producer, p.registry, p.consumer)).toBe(n);
    }
  });
});

describe('every scenario is recognised on its capture', () => {
  it.each(Array.from({ length: 18 }, (_, i) => i + 1))('scenario %i', async (n) => {
    const v = await verdictOf(buildScenario(n));
    // 1 and 4 are the same traffic: nobody does anything that shows the registry generation.
    expect(v.scenarios).toEqual(n === 1 || n === 4 ? [1, 4] : [n]);
    expect(v.expectations.filter((e) => e.status === 'violated')).toEqual([]);
  });
});

describe('partial captures give partial, honest verdicts', () => {
  it('only a producer keeping the tag on a registry without the API: scenarios 7-9, consumer not in the capture', async () => {
    const push = oci.pushManifest({ ref: referrerDigest, manifest: imageReferrer, ociSubject: false });
    const v = await verdictOf(har(push, oci.pullManifest({ ref: tag, status: 404, accept: MT.index }), oci.pushManifest({ ref: tag, manifest: ociIndex({ manifests: [descriptor(imageReferrer, MT.manifest, { artifactType: 'application/spdx+json', annotations: { 'org.opencontainers.image.created': '2026-11-23T00:00:00Z' } })] }) })));
    expect(v.scenarios).toEqual([7, 8, 9]);
    expect(v.absent.join(' ')).toMatch(/^consumer: no client pulled or looked for referrers/);
    expect(v.parties.map((p) => `${p.role} ${p.generation}`)).toEqual(['producer intermediate', 'registry current']);
  });

  it('only a consumer asking the API: producer and registry generation named from what it saw', async () => {
    const v = await verdictOf(har(oci.listReferrers({ subject, manifests: [] })));
    expect(v.scenarios).toEqual([5, 11, 17]);
    expect(v.absent).toHaveLength(1);
    expect(v.absent[0]).toMatch(/^producer: /);
  });

  it('a consumer reading only the tag: registry generation not shown, both registry generations stay open', async () => {
    const v = await verdictOf(har(oci.pullManifest({ ref: tag, status: 404, accept: MT.index })));
    expect(v.scenarios).toEqual([2, 5, 8, 11, 14, 17]);
    expect(v.parties.find((p) => p.role === 'registry')!.generation).toBeUndefined();
    expect(v.summary).toMatch(/^one of scenarios .*: the capture does not show every party's generation$/);
  });

  it('plain image traffic is not referrers traffic: kept in JSON, left out of the text report', async () => {
    const r = await analyzeHarText(har(oci.pushImage(), oci.pullManifest()), { checks, spec: '1.1.1' });
    expect(r.referrers?.[0]?.referrersTraffic).toBe(false);
    const text = formatText(buildReport([r], checks, '1.1.1', '0.0.0'), { color: false });
    expect(text).not.toMatch(/referrers http/);
  });
});

describe('violations come with their finding', () => {
  it('a producer that never keeps the tag violates SUBJ-02 with push/referrers-tag-fallback', async () => {
    const v = await verdictOf(har(oci.pushManifest({ ref: referrerDigest, manifest: imageReferrer, ociSubject: false }), oci.ping()));
    const e = v.expectations.find((x) => x.expected.startsWith('sees no OCI-Subject'))!;
    expect(e.status).toBe('violated');
    expect(e.findings.map((f) => `${f.ruleId} ${f.messageId}`)).toEqual(['push/referrers-tag-fallback notMaintained']);
    expect(e.evidence[0]!.index).toBe(0);
  });

  it('a producer writing the tag although the registry answered OCI-Subject is shown by its own evidence', async () => {
    const v = await verdictOf(har(oci.pushManifest({ ref: referrerDigest, manifest: imageReferrer }), oci.pushManifest({ ref: tag, manifest: ociIndex({ manifests: [descriptor(imageReferrer, MT.manifest)] }) })));
    const e = v.expectations.find((x) => x.expected.startsWith('sees OCI-Subject'))!;
    expect(e.status).toBe('violated');
    expect(e.evidence[0]!.index).toBe(1);
  });

  it('statuses of scenario 8 read in order: producer, registry, consumer', async () => {
    expect(statuses(await verdictOf(buildScenario(8)))).toEqual(['producer: met', 'producer: met', 'registry: met', 'registry: met', 'consumer: met', 'consumer: met']);
  });
});

describe('reports', () => {
  it('text, Markdown and HTML show the scenario, the parties and the verdicts, with capture text escaped', async () => {
    const log = buildScenario(11) as { log: { entries: { request: { headers: { name: string; value: string }[] } }[] } };
    for (const e of log.log.entries) for (const h of e.request.headers) if (h.name === 'User-Agent' && h.value.startsWith('consumer')) h.value = 'x<script>alert(1)</script>\u001b[31m/1.0';
    const r = await analyzeHarText(log, { checks, spec: '1.1.1' });
    const report = buildReport([r], checks, '1.1.1', '0.0.0');
    const text = formatText(report, { color: false });
    expect(text).toMatch(/referrers http:\/\/\S+: scenario 11: 🌿 → 🏍 → 🐿/);
    expect(text).not.toContain('\u001b[31m');
    const md = formatMarkdown(report);
    expect(md).toContain('**Referrers scenario**');
    expect(md).not.toContain('<script>');
    const html = formatHtml(report);
    expect(html).toContain('class="ref-flow"');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});
