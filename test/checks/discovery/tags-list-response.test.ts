import check from '../../../checks/discovery/tags-list-response.js';
import { checkTester } from '../../support/check-tester.js';
import { har, jsonBytes, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'push two tags, then list them', har: har(oci.pushImage({ tag: 'v1' }), oci.pushImage({ tag: 'v2' }), oci.listTags({ tags: ['v1', 'v2'] })) },
    { name: 'lexical order ignores case (up to v1.1.1)', har: har(oci.listTags({ tags: ['Alpha', 'beta', 'Gamma'] })) },
    { name: 'main also accepts byte order', spec: 'main', har: har(oci.listTags({ tags: ['Beta', 'alpha'] })) },
    { name: 'empty tags array', har: har(oci.listTags({ tags: [] })) },
    { name: 'tags: null (distribution for an empty repository)', har: har(oci.listTags({ resBody: jsonBytes({ name: 'library/hello', tags: null }) })) },
    { name: 'first page of n=2 with a Link to the next', har: har(oci.listTags({ n: 2, tags: ['a', 'b'], link: true })) },
    { name: 'fewer than n and no Link: the last page', har: har(oci.listTags({ n: 5, last: 'b', tags: ['c', 'd'] })) },
    { name: 'n=0: empty list, no Link', har: har(oci.listTags({ n: 0, tags: [] })) },
    { name: 'Link with rel="next" among other relations', har: har(oci.listTags({ n: 1, tags: ['a'], link: '</v2/library/hello/tags/list?n=1&last=a>; rel="next", </v2/library/hello/tags/list>; rel="first"' })) },
    { name: '404 for an unknown repository', har: har(oci.listTags({ status: 404 })) },
  ],
  invalid: [
    {
      name: 'body without tags',
      har: har(oci.listTags({ resBody: jsonBytes({ name: 'library/hello' }) })),
      findings: [{ messageId: 'badBody', entry: 0, severity: 'error' }],
    },
    {
      name: 'body is not JSON',
      har: har(oci.listTags({ resBody: 'latest\nv1' })),
      findings: [{ messageId: 'badBody', entry: 0 }],
    },
    {
      name: 'tags holds a number',
      har: har(oci.listTags({ resBody: jsonBytes({ name: 'library/hello', tags: ['v1', 2] }) })),
      findings: [{ messageId: 'badBody', entry: 0 }],
    },
    {
      name: 'name is another repository',
      har: har(oci.listTags({ name: 'library/other' })),
      findings: [{ messageId: 'wrongName', entry: 0 }],
    },
    {
      // distribution 2.8's filesystem driver lists tags in directory order (samples/real/skopeo-list-tags.har).
      name: 'tags out of order by every reading of lexical: error',
      har: har(oci.listTags({ tags: ['v2', 'v1'] })),
      findings: [{ messageId: 'unsorted', entry: 0, severity: 'error' }],
    },
    {
      name: 'byte order is not lexical before main: a warning, the definitions differ',
      har: har(oci.listTags({ tags: ['Beta', 'alpha'] })),
      findings: [{ messageId: 'unsorted', entry: 0, severity: 'warning' }],
    },
    {
      name: 'more than n tags',
      har: har(oci.listTags({ n: 1, tags: ['a', 'b'] })),
      findings: [{ messageId: 'tooMany', entry: 0 }],
    },
    {
      name: 'Link without rel="next"',
      har: har(oci.listTags({ tags: ['a'], link: '</v2/library/hello/tags/list?last=a>; rel="prev"' })),
      findings: [{ messageId: 'badLink', entry: 0 }],
    },
    {
      name: 'n=0 answered with a Link',
      har: har(oci.listTags({ n: 0, tags: [], link: '</v2/library/hello/tags/list?n=100>; rel="next"' })),
      findings: [{ messageId: 'badLink', entry: 0 }],
    },
  ],
  notEvaluable: [
    { name: 'body not captured', har: har(oci.listTags({ resBody: { absent: true, size: 40 } })) },
  ],
});
