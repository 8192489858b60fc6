import check from '../../../checks/discovery/tags-last-param.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'tags after last', har: har(oci.listTags({ n: 2, last: 'v2', tags: ['v3', 'v4'] })) },
    { name: 'nothing after last', har: har(oci.listTags({ last: 'v9', tags: [] })) },
    { name: 'no last: not judged', har: har(oci.listTags({ tags: ['a', 'b'] })) },
    { name: 'case-insensitive order: B after a', har: har(oci.listTags({ last: 'a', tags: ['B', 'c'] })) },
    { name: 'case-insensitive tie: A with last=a', har: har(oci.listTags({ last: 'a', tags: ['A', 'b'] })) },
    { name: 'main: byte order accepted (a after Z)', spec: 'main', har: har(oci.listTags({ last: 'Z', tags: ['a'] })) },
    { name: 'last need not be a tag of the repository', har: har(oci.listTags({ last: 'm', tags: ['n', 'o'] })) },
    { name: 'null tags', har: har(oci.listTags({ last: 'v1', resBody: '{"name":"library/hello","tags":null}' })) },
  ],
  invalid: [
    { name: 'last repeated', har: har(oci.listTags({ n: 2, last: 'v2', tags: ['v2', 'v3'] })), findings: [{ messageId: 'lastIncluded', entry: 0, severity: 'error' }] },
    { name: 'a tag before last by every reading', har: har(oci.listTags({ last: 'v2', tags: ['v1', 'v3'] })), findings: [{ messageId: 'before', entry: 0, severity: 'error' }] },
    {
      name: 'after last only in byte order (1.1.1: lexical is case-insensitive)',
      har: har(oci.listTags({ last: 'Z', tags: ['a'] })),
      findings: [{ messageId: 'before', entry: 0, severity: 'warning' }],
    },
    {
      name: 'before by every reading, main too',
      spec: 'main',
      har: har(oci.listTags({ last: 'b', tags: ['a'] })),
      findings: [{ messageId: 'before', entry: 0, severity: 'error' }],
    },
  ],
  notEvaluable: [{ name: 'body not captured', har: har(oci.listTags({ last: 'v1', resBody: { absent: true, size: 40 } })) }],
});
