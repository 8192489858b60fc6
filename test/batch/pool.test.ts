import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import type { InputFile } from '../../src/batch/inputs.js';
import { InOrder, runBatch, type BatchSink } from '../../src/batch/pool.js';
import type { WorkerMessage } from '../../src/batch/protocol.js';
import type { FileResult, Finding } from '../../src/report/model.js';
import { harText, oci } from '../support/har.js';

function recorder() {
  const events: string[] = [];
  const findings: Finding[] = [];
  const results: FileResult[] = [];
  const sink: BatchSink = {
    findings: (id, list) => {
      events.push(`findings ${id} ${list.length}`);
      findings.push(...list);
    },
    done: (id, result) => {
      events.push(`done ${id}`);
      results.push(result);
    },
    failed: (id, message, code) => events.push(`failed ${id} ${code === 'INTERNAL' ? 'internal' : 'input'} ${message}`),
  };
  return { events, findings, results, sink };
}

describe('InOrder', () => {
  it('passes the head file at once and holds later files until every earlier one ended', () => {
    const r = recorder();
    const order = new InOrder(r.sink);
    const f = (id: number): WorkerMessage => ({ type: 'findings', id, findings: [{} as Finding] });
    const done = (id: number): WorkerMessage => ({ type: 'done', id, result: {} as FileResult });
    order.accept(f(1));
    order.accept(done(2));
    order.accept(f(0));
    expect(r.events).toEqual(['findings 0 1']);
    order.accept({ type: 'unusable', id: 1, message: 'bad', code: 'NOT_HAR' });
    expect(r.events).toEqual(['findings 0 1']);
    order.accept(done(0));
    expect(r.events).toEqual(['findings 0 1', 'done 0', 'findings 1 1', 'failed 1 input bad', 'done 2']);
    order.accept(f(3));
    expect(r.events.at(-1)).toBe('findings 3 1');
  });
});

describe('runBatch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ohc-pool-'));
  const files: InputFile[] = [];
  const add = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    files.push({ path: join(dir, name), display: name, size: text.length });
  };
  for (let i = 0; i < 6; i++) add(`ok${i}.har`, harText(oci.ping(), oci.pushImage(), oci.pullManifest()));
  add('bad.har', harText(oci.startUpload({ location: null })));
  add('broken.har', 'not json');
  const settings = { ruleIds: checks.map((c) => c.meta.id), spec: '1.1.1' as const, timeline: false };

  it('gives the same output in the same order with one job and with worker threads', async () => {
    const one = recorder();
    await runBatch(files, settings, 1, one.sink);
    const three = recorder();
    await runBatch(files, settings, 3, three.sink);
    expect(three.events).toEqual(one.events);
    expect(three.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(one.findings.map((f) => `${f.file} ${f.ruleId}`));
    expect(three.results.map((r) => r.capture.file)).toEqual(['ok0.har', 'ok1.har', 'ok2.har', 'ok3.har', 'ok4.har', 'ok5.har', 'bad.har']);
    expect(one.events.filter((e) => e.startsWith('failed'))).toEqual([expect.stringMatching(/^failed 7 input .*broken\.har.*not JSON/)]);
    expect(one.findings.some((f) => f.file === 'bad.har')).toBe(true);
  });
});
