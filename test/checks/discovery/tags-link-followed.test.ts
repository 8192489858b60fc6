import check from '../../../checks/discovery/tags-link-followed.js';
import { checkTester } from '../../support/check-tester.js';
import { har, harText, oci } from '../../support/har.js';

const opaque = '</v2/library/hello/tags/list?n=2&next_page=gAAAAABnZ2Vu>; rel="next"';

checkTester.run(check, {
  valid: [
    { name: 'the client requests the Link URL', har: har(oci.listTags({ n: 2, tags: ['a', 'b'], link: true }), oci.listTags({ n: 2, last: 'b', tags: ['c'] })) },
    {
      name: 'the Link URL with its parameters in another order is the same URL',
      har: har(oci.listTags({ n: 2, tags: ['a', 'b'], link: '</v2/library/hello/tags/list?last=b&n=2>; rel="next"' }), oci.listTags({ n: 2, last: 'b', tags: ['c'] })),
    },
    { name: 'n tags asked and n received: the client may want only those', har: har(oci.listTags({ n: 2, tags: ['a', 'b'], link: true }), oci.pullManifest()) },
    { name: 'no Link: nothing to follow', har: har(oci.listTags({ tags: ['a', 'b'] }), oci.pullManifest()) },
    { name: 'another client lists from the start', har: har(oci.listTags({ n: 2, tags: ['a', 'b'], link: opaque }), oci.listTags({ n: 2, last: 'b', tags: ['c'], userAgent: 'other/2.0' })) },
  ],
  invalid: [
    {
      name: 'C23: the registry links an opaque next page, the client builds last= itself',
      har: har(oci.listTags({ n: 2, tags: ['a', 'b'], link: opaque }), oci.listTags({ n: 2, last: 'b', tags: ['c', 'd'] })),
      findings: [{ messageId: 'ownLast', entry: 1, confidence: 'observed', severity: 'warning' }],
    },
    {
      name: 'C23: the first page (no n asked) is all the client reads',
      har: har(oci.listTags({ tags: ['a', 'b'], link: true }), oci.pullManifest()),
      findings: [{ messageId: 'notFollowed', entry: 0, confidence: 'inferred', severity: 'info' }],
    },
    {
      name: 'fewer than n arrived with a Link, and the client stopped (the spec\'s warning)',
      har: har(oci.listTags({ n: 3, tags: ['a', 'b'], link: true })),
      findings: [{ messageId: 'notFollowed', entry: 0 }],
    },
    {
      name: 'the client starts the list again instead of following Link',
      har: har(oci.listTags({ tags: ['a', 'b'], link: true }), oci.listTags({ tags: ['a', 'b'], link: true }), oci.listTags({ n: 2, last: 'b', tags: ['c'] })),
      findings: [{ messageId: 'notFollowed', entry: 0 }],
    },
  ],
  notEvaluable: [{ name: 'the file is cut off after a page with a Link', har: harText(oci.listTags({ tags: ['a', 'b'], link: true }), oci.pullManifest()).slice(0, -40) }],
});
