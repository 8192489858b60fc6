import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { ArchiveTally, formatArchiveSummary } from '../src/batch/aggregate.js';
import { analyzeHarText } from '../src/analyze.js';
import { buildReport } from '../src/report/build.js';
import { formatters } from '../src/report/index.js';
import { fileLine, findingLine } from '../src/report/ndjson.js';
import { errorBody, exchange, harWith, oci } from './support/har.js';

// Markup and terminal escapes planted in every field a report can quote from a capture.
const MARKUP = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const ESCAPES = '\u001b[31m\u001b]8;;http://evil\u0007\r\u0085';
const P = `${MARKUP}${ESCAPES}`;

async function hostileReport() {
  const capture = harWith(
    { creator: { name: `tool${P}`, version: P } },
    oci.ping({ resHeaders: { 'Docker-Distribution-API-Version': P } }),
    oci.pullManifest({ ref: 'v1', status: 404, resBody: errorBody('MANIFEST_UNKNOWN', P), userAgent: `client${P}/1.0 (${P})` }),
    oci.pullManifest({ ref: P, userAgent: `${P}/2` }),
    oci.pullManifest({ ref: 'v2', resHeaders: { 'Docker-Content-Digest': `sha256:${P}`, 'Content-Type': P } }),
    exchange({ method: 'POST', url: `/v2/demo/${encodeURIComponent(P)}/blobs/uploads/`, status: 202, resHeaders: { Location: P, Range: P } }),
    exchange({ url: '/v2/demo/app/tags/list', resBody: JSON.stringify({ name: P, tags: [P, `${P}2`] }), mimeType: 'application/json', resHeaders: { Link: `<${P}>; rel="next"` } }),
    exchange({ url: '/v2/', status: 401, resHeaders: { 'WWW-Authenticate': `Bearer realm="${P}",service="${P}",scope="${P}"` } }),
  );
  const result = await analyzeHarText(capture, { checks, spec: '1.1.1', file: `cap${P}.har`, timeline: true });
  return { result, report: buildReport([result], checks, '1.1.1', 'test') };
}

describe('nothing from a capture injects into any output', () => {
  it('the payload reaches the report (the test means something)', async () => {
    const { report } = await hostileReport();
    expect(report.files[0]!.findings.length).toBeGreaterThan(3);
    expect(JSON.stringify(report)).toContain('<script>alert(2)</script>');
  });

  it.each(['html', 'markdown', 'junit'] as const)('%s: no live markup, no control characters', async (name) => {
    const { report } = await hostileReport();
    let out = formatters[name](report, { color: false });
    if (name === 'markdown') {
      // the reproduce command quotes file names verbatim inside a fenced block, where Markdown renders nothing
      const fence = /^(`{3,})sh\n[\s\S]*?\n\1$/m.exec(out);
      expect(fence, 'a fenced reproduce block').not.toBeNull();
      out = out.replace(fence![0], '');
    }
    expect(out).not.toMatch(/<script>alert|<img src=x/i);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
  });

  it('markdown: a file name full of backticks cannot close the reproduce block', async () => {
    const { report } = await hostileReport();
    report.files[0]!.capture.file = '```\n<img src=x onerror=alert(3)>``````.har';
    const out = formatters.markdown(report, { color: false });
    const block = /^(`{3,})sh\n([\s\S]*?)\n\1$/m.exec(out);
    expect(block![1]!.length).toBeGreaterThan(6);
    expect(block![2]).toContain('<img src=x onerror=alert(3)>');
    expect(out.replace(block![0], '')).not.toContain('<img src=x onerror=alert(3)>');
  });

  it.each(['text', 'cards'] as const)('%s: no terminal escapes or control characters from the capture, with colour on', async (name) => {
    const { report } = await hostileReport();
    const out = formatters[name](report, { color: true });
    // our own colour codes are SGR sequences; the planted OSC 8 link and the bare ESC[31m must not survive
    expect(out).not.toContain('\u001b]8;;');
    expect(out).not.toContain('\u0007');
    expect(out).not.toContain('\u0085');
    expect(out.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it.each(['json', 'sarif'] as const)('%s: valid JSON whatever the capture held', async (name) => {
    const { report } = await hostileReport();
    expect(() => JSON.parse(formatters[name](report, { color: false }))).not.toThrow();
  });

  it('ndjson lines stay one line each and parse; the summary table is terminal-safe', async () => {
    const { result } = await hostileReport();
    for (const line of [...result.findings.map(findingLine), fileLine(result)]) {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n');
      expect(() => JSON.parse(line)).not.toThrow();
    }
    const tally = new ArchiveTally();
    for (const f of result.findings) tally.finding(f);
    tally.file(result);
    const table = formatArchiveSummary(tally.summary());
    expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u0085]/);
  });
});
