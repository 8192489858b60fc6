import { describe, expect, it } from 'vitest';
import check from '../../../checks/discovery/tags-last-value.js';
import { selectChecks } from '../../../src/select.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

describe('discovery/tags-last-value by spec version', () => {
  it('exists from v1.1.1 (the endpoint table said last=<integer> before)', () => {
    expect(selectChecks([check], { spec: '1.1.0' })).toEqual([]);
    expect(selectChecks([check], { spec: '1.0.1' })).toEqual([]);
    expect(selectChecks([check], { spec: 'main' })).toEqual([check]);
  });
});

checkTester.run(check, {
  valid: [
    { name: 'last = the last tag of the previous page', har: har(oci.listTags({ n: 2, tags: ['a', 'b'] }), oci.listTags({ n: 2, last: 'b', tags: ['c'] })) },
    { name: 'numeric last that an earlier page listed', har: har(oci.listTags({ n: 2, tags: ['1', '2'] }), oci.listTags({ n: 2, last: '2', tags: ['3'] })) },
    { name: 'following the registry Link (whatever it holds)', har: har(oci.listTags({ n: 2, tags: ['a', 'b'], link: '</v2/library/hello/tags/list?n=2&last=2>; rel="next"' }), oci.listTags({ n: 2, last: '2', tags: ['c'] })) },
    { name: 'no last', har: har(oci.listTags()) },
  ],
  invalid: [
    {
      name: 'an index as last',
      har: har(oci.listTags({ n: 2, tags: ['a', 'b'] }), oci.listTags({ n: 2, last: '2', tags: ['c'] })),
      findings: [{ messageId: 'index', entry: 1, severity: 'warning', confidence: 'inferred' }],
    },
    {
      name: 'an index as last on main',
      spec: 'main',
      har: har(oci.listTags({ last: '50', tags: [] })),
      findings: [{ messageId: 'index', entry: 0, severity: 'warning' }],
    },
    { name: 'last that is no tag', har: har(oci.listTags({ last: '-1', tags: ['a'] })), findings: [{ messageId: 'notTag', entry: 0, severity: 'error' }] },
    { name: 'empty last', har: har(oci.listTags({ last: '', tags: ['a'] })), findings: [{ messageId: 'notTag', entry: 0 }] },
    {
      name: 'numeric tag seen in another repository does not count',
      har: har(oci.listTags({ repo: 'other/repo', tags: ['2'] }), oci.listTags({ last: '2', tags: [] })),
      findings: [{ messageId: 'index', entry: 1 }],
    },
  ],
});
