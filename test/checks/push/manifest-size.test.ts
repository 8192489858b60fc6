import { describe, expect, it } from 'vitest';
import check from '../../../checks/push/manifest-size.js';
import { selectChecks } from '../../../src/select.js';
import { checkTester } from '../../support/check-tester.js';
import { errorBody, exchange, har, MT, oci, type HarEntry, type HeaderSpec } from '../../support/har.js';

/** A manifest PUT of `size` bytes whose body the capture did not keep, answered `status` with `resBody`. */
function bigPut(size: number, status: number, resBody?: string, reqHeaders: HeaderSpec = {}): HarEntry {
  const spec: Parameters<typeof exchange>[0] = {
    method: 'PUT',
    url: '/v2/library/hello/manifests/latest',
    status,
    reqBody: { absent: true, size },
    reqHeaders: { 'Content-Type': MT.manifest, ...reqHeaders },
  };
  if (resBody !== undefined) spec.resBody = resBody;
  return exchange(spec);
}

/** The same entry with its response body dropped by the capture tool (size kept, text gone). */
function errorBodyLost(entry: HarEntry): HarEntry {
  const copy = structuredClone(entry);
  delete copy.response.content.text;
  return copy;
}

const TOO_LARGE = errorBody('MANIFEST_INVALID', 'manifest too large', { limit: 4194304 });

checkTester.run(check, {
  valid: [
    { name: 'small manifest accepted', har: har(oci.pushManifest()) },
    { name: '5 MB manifest refused with 413', har: har(bigPut(5_000_000, 413, errorBody('SIZE_INVALID', 'payload too large'))) },
    { name: '400 MANIFEST_INVALID about the schema, not the size', har: har(oci.pushManifest({ status: 400 })) },
    { name: '400 SIZE_INVALID for a length mismatch (not a limit)', har: har(oci.pushManifest({ status: 400, errorCode: 'SIZE_INVALID' })) },
  ],
  invalid: [
    {
      name: 'small manifest refused with 413',
      har: har(oci.pushManifest({ status: 413 })),
      findings: [{ messageId: 'refusedSmall', entry: 0, severity: 'warning' }],
    },
    {
      name: '4 MiB exactly refused with 413',
      har: har(bigPut(4194304, 413)),
      findings: [{ messageId: 'refusedSmall', entry: 0 }],
    },
    {
      name: '5 MB manifest refused with 400 MANIFEST_INVALID "too large"',
      har: har(bigPut(5_000_000, 400, TOO_LARGE)),
      findings: [{ messageId: 'wrongStatus', entry: 0 }],
    },
    {
      name: '3 MB manifest refused with 400 "exceeds maximum size": both requirements',
      spec: 'main',
      har: har(bigPut(3_000_000, 400, errorBody('MANIFEST_INVALID', 'manifest exceeds maximum size'))),
      findings: [
        { messageId: 'wrongStatus', entry: 0 },
        { messageId: 'refusedSmall', entry: 0 },
      ],
    },
  ],
  notEvaluable: [
    { name: 'refused with 413, size unknown (no Content-Length, body not kept)', har: har(bigPut(5_000_000, 413, undefined, { 'Content-Length': null })) },
    { name: 'refused with 400 whose error body the capture did not keep', har: har(errorBodyLost(bigPut(5_000_000, 400, TOO_LARGE))) },
  ],
});

describe('push/manifest-size by spec version', () => {
  it('is left out of --spec 1.0.1 (the size guidance arrived in v1.1.0)', () => {
    expect(selectChecks([check], { spec: '1.0.1' })).toEqual([]);
    for (const spec of ['1.1.0', '1.1.1', 'main'] as const) expect(selectChecks([check], { spec })).toEqual([check]);
  });
});
