import { describe, expect, it } from 'vitest';
import { ArchiveTally, formatArchiveSummary } from '../../src/batch/aggregate.js';
import type { FileResult, Finding } from '../../src/report/model.js';

const finding = (ruleId: string, client: string, severity: Finding['severity']): Finding =>
  ({ ruleId, client, severity, side: 'client', workflow: 'push demo/x', file: 'f', evidence: [] }) as unknown as Finding;
const file = (clients: [string, number][], notEvaluable: [string, number][] = []): FileResult =>
  ({
    capture: { file: 'f', entries: 10, bytes: 1000 },
    notes: [],
    findings: [],
    inapplicable: [],
    notEvaluable: notEvaluable.map(([ruleId, count]) => ({ ruleId, reason: 'r', count })),
    clients: clients.map(([client, exchanges]) => ({ client, exchanges, workflows: [] })),
    ruleErrors: [],
  }) as FileResult;

describe('ArchiveTally', () => {
  it('counts files, findings and not-evaluable per client and per rule, each file once', () => {
    const t = new ArchiveTally();
    t.finding(finding('push/a', 'skopeo/1.9', 'error'));
    t.finding(finding('push/a', 'skopeo/1.9', 'warning'));
    t.file(file([['skopeo/1.9', 5]], [['pull/b', 3]]));
    t.finding(finding('push/a', 'podman/4', 'info'));
    t.file(file([['podman/4', 2], ['skopeo/1.9', 1]], [['pull/b', 1]]));
    t.failed();
    const s = t.summary();
    expect(s).toMatchObject({ files: 2, unusable: 1, entries: 20, bytes: 2000 });
    expect(s.totals).toEqual({ findings: 3, errors: 1, warnings: 1, infos: 1, notEvaluable: 4 });
    expect(s.clients).toEqual([
      { client: 'skopeo/1.9', exchanges: 6, files: 2, findings: 2, errors: 1, warnings: 1, infos: 0, notEvaluable: 0 },
      { client: 'podman/4', exchanges: 2, files: 1, findings: 1, errors: 0, warnings: 0, infos: 1, notEvaluable: 0 },
    ]);
    expect(s.rules).toEqual([
      { ruleId: 'push/a', files: 2, findings: 3, errors: 1, warnings: 1, infos: 1, notEvaluable: 0 },
      { ruleId: 'pull/b', files: 2, findings: 0, errors: 0, warnings: 0, infos: 0, notEvaluable: 4 },
    ]);
  });

  it('renders a table without control characters from client names', () => {
    const t = new ArchiveTally();
    t.finding(finding('push/a', 'evil\u001b[31m/1', 'error'));
    t.file(file([]));
    const text = formatArchiveSummary(t.summary());
    expect(text).toMatch(/per client/);
    expect(text).not.toMatch(/\u001b/);
  });
});

describe('ArchiveTally on hostile input', () => {
  it('past MAX_CLIENTS distinct clients, the rest are summed under one row (a capture can invent User-Agents)', async () => {
    const { MAX_CLIENTS, OTHER_CLIENTS } = await import('../../src/batch/aggregate.js');
    const t = new ArchiveTally();
    for (let i = 0; i < MAX_CLIENTS + 50; i++) t.finding(finding('push/a', `ua${i}/1`, 'info'));
    t.file(file([]));
    const s = t.summary();
    expect(s.clients).toHaveLength(MAX_CLIENTS + 1);
    expect(s.clients.find((c) => c.client === OTHER_CLIENTS)).toMatchObject({ findings: 50, files: 1 });
  });
});
