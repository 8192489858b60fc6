import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { analyzeHarText } from '../../src/analyze.js';
import { Baseline, baselinePath, writeBaseline } from '../../src/baseline/baseline.js';
import { Fingerprinter, stableRequest } from '../../src/baseline/fingerprint.js';
import type { Finding } from '../../src/report/model.js';
import { exchange, harText } from '../support/har.js';

/** Two uploads whose POST answers 202 without Location, with a given session id and start time. */
function capture(session: string, startMinute: number): string {
  const post = (i: number) =>
    exchange({
      startedDateTime: `2026-11-22T10:${String(startMinute + i).padStart(2, '0')}:00.000Z`,
      method: 'POST',
      url: `http://registry.test:5000/v2/demo/app/blobs/uploads/?_state=${session}${i}`,
      status: 202,
      resHeaders: { 'Docker-Upload-UUID': `${session}-${i}` },
    });
  return harText(post(0), post(1));
}

async function findings(text: string, file = 'cap.har'): Promise<Finding[]> {
  const result = await analyzeHarText(text, { checks: checks.filter((c) => c.meta.id === 'push/upload-session-location'), spec: '1.1.1', file });
  return result.findings;
}

describe('fingerprints', () => {
  it('ignore host, upload session ids and volatile query parameters; keep digests', () => {
    expect(stableRequest('PATCH', 'https://a.example:443/v2/x/blobs/uploads/123e4567?_state=abc&digest=sha256:1')).toBe('PATCH /v2/x/blobs/uploads/<session>?digest=sha256:1');
    expect(stableRequest('PATCH', 'http://b/v2/x/blobs/uploads/999?_state=zzz&digest=sha256:1')).toBe('PATCH /v2/x/blobs/uploads/<session>?digest=sha256:1');
    expect(stableRequest('GET', 'http://b/v2/x/manifests/v1')).not.toBe(stableRequest('GET', 'http://b/v2/y/manifests/v1'));
  });

  it('are the same for the same traffic captured again (other times, sessions) and number duplicates', async () => {
    const first = await findings(capture('aaa', 0));
    const again = await findings(capture('bbb', 30));
    expect(first).toHaveLength(2);
    const fp = (list: Finding[]) => {
      const fingerprinter = new Fingerprinter();
      return list.map((f) => fingerprinter.of(f));
    };
    expect(fp(again)).toEqual(fp(first));
    const [a, b] = fp(first);
    expect(a!.split(':')[0]).toBe(b!.split(':')[0]);
    expect([a!.split(':')[1], b!.split(':')[1]]).toEqual(['0', '1']);
  });
});

describe('Baseline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ohc-baseline-'));
  const path = join(dir, 'baseline.json');

  it('round-trips, suppresses each accepted finding once, and lists entries that no longer occur', async () => {
    const list = await findings(capture('aaa', 0), join(dir, 'cap.har'));
    const fingerprinter = new Fingerprinter();
    const accepted = list.map((f) => ({ ruleId: f.ruleId, client: f.client, file: baselinePath(path, f.file), fingerprint: fingerprinter.of(f), message: f.message }));
    writeBaseline(path, [accepted[0]!, { ...accepted[0]!, fingerprint: 'ffffffffffffffff:0' }]);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(JSON.parse(readFileSync(path, 'utf8')).findings[0].file).toBe('cap.har');

    const baseline = Baseline.read(path);
    const again = new Fingerprinter();
    const kept = list.filter((f) => !baseline.suppresses(f, again.of(f)));
    expect(kept).toHaveLength(1); // one entry accepts one of the two identical findings
    expect(baseline.unmatched()).toEqual([]); // cap.har was not analyzed in this run (another shard's file)
    baseline.sawFile(join(dir, 'cap.har'));
    expect(baseline.unmatched().map((e) => e.fingerprint)).toEqual(['ffffffffffffffff:0']);
  });

  it('refuses files that are not our baselines, with one line', () => {
    const bad = (name: string, content: string) => {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    };
    expect(() => Baseline.read(join(dir, 'missing.json'))).toThrow(/does not exist \(create it with --update-baseline\)/);
    expect(() => Baseline.read(bad('a.json', '{'))).toThrow(/is not valid JSON/);
    expect(() => Baseline.read(bad('b.json', '{"findings":[]}'))).toThrow(/is not an oci-har-check baseline/);
    expect(() => Baseline.read(bad('c.json', '{"tool":"oci-har-check","version":9,"findings":[]}'))).toThrow(/version 9; this oci-har-check reads version 1/);
    expect(() => Baseline.read(bad('d.json', '{"tool":"oci-har-check","version":1,"findings":[{"ruleId":"x"}]}'))).toThrow(/findings\[0\] lacks/);
    expect(existsSync(join(dir, 'missing.json'))).toBe(false);
  });
});
