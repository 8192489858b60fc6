import check from '../../../checks/discovery/tags-last-param.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'second page after last=b', har: har(oci.listTags({ last: 'b', n: 2, tags: ['c', 'd'] })) },
    { name: 'no last parameter', har: har(oci.listTags({ tags: ['a', 'b'] })) },
    { name: 'after last under case-insensitive order only (v1.1.1 lexical)', har: har(oci.listTags({ last: 'B', tags: ['a1'] })) },
    { name: 'after last under byte order only (main allows it)', har: har(oci.listTags({ last: 'a', tags: ['B'] })) },
    { name: 'empty page', har: har(oci.listTags({ last: 'z', tags: [] })) },
  ],
  invalid: [
    { name: 'page repeats the last tag', har: har(oci.listTags({ last: 'b', tags: ['b', 'c'] })), findings: [{ messageId: 'includesLast', entry: 0 }] },
    { name: 'page starts over from the beginning', har: har(oci.listTags({ last: 'm', tags: ['a', 'n'] })), findings: [{ messageId: 'notAfterLast', entry: 0 }] },
  ],
  notEvaluable: [{ name: 'body not captured', har: har(oci.listTags({ last: 'b', tags: ['c'], resBody: { absent: true, size: 40 } })) }],
});
