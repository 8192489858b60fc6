import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { analyzeHarText } from '../../src/analyze.js';
import { har, oci } from '../support/har.js';

describe('entries written twice', () => {
  const base = har(oci.ping(), oci.startUpload({ location: null }), oci.pullManifest());

  it('an exact repeat (a tool logging a retry twice) is analyzed once, with a note: findings are not doubled', async () => {
    const once = await analyzeHarText(base, { checks, spec: '1.1.1' });
    const twice = structuredClone(base);
    twice.log.entries.splice(2, 0, structuredClone(twice.log.entries[1]!));
    const result = await analyzeHarText(twice, { checks, spec: '1.1.1' });
    const key = (r: typeof once) => r.findings.map((f) => `${f.ruleId}/${f.messageId}`).sort();
    expect(key(result)).toEqual(key(once));
    expect(result.notes.filter((n) => n.code === 'duplicate-entry')).toEqual([{ code: 'duplicate-entry', message: 'entry 2 repeats entry 1 byte for byte (a tool wrote it twice): analyzed once', entry: 2 }]);
    expect(result.capture.entries).toBe(4);
  });

  it('a real retry (same request, another answer) is two exchanges', async () => {
    const retried = structuredClone(base);
    const copy = structuredClone(retried.log.entries[1]!);
    copy.response.status = 503;
    retried.log.entries.splice(2, 0, copy);
    const result = await analyzeHarText(retried, { checks, spec: '1.1.1' });
    expect(result.notes.some((n) => n.code === 'duplicate-entry')).toBe(false);
  });
});
