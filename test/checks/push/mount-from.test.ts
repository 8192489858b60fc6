import check from '../../../checks/push/mount-from.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'mount from a repository of the same registry', har: har(oci.mount({ from: 'library/base' })) },
    { name: 'one-component source repository', har: har(oci.mount({ from: 'base' })) },
    { name: 'failed mount (202) from a plain repository', har: har(oci.mount({ status: 202, from: 'demo/base' })) },
    { name: 'v1.1 separators in the source name', har: har(oci.mount({ from: 'my__org/base--image' })) },
    {
      name: 'a repository named like a domain that the registry does hold (201)',
      har: har(oci.mount({ from: 'example.com/mirror/base' })),
    },
    { name: 'a dotted name without a slash is one repository, not a host', har: har(oci.mount({ status: 202, from: 'base.image' })) },
    { name: 'a plain upload is no mount', har: har(oci.pushBlob()) },
  ],
  invalid: [
    {
      name: 'from names another registry by host (ggcr before PR #219: C13), mount refused',
      har: har(oci.mount({ status: 202, from: 'otherregistry.example/foo/bar' })),
      findings: [{ messageId: 'foreignRegistry', entry: 0, severity: 'warning', confidence: 'inferred' }],
    },
    {
      name: 'the same mount retried after a 401 and a token is reported once',
      har: har(oci.bearerFlow(oci.mount({ status: 401, from: 'otherregistry.example/foo/bar' }))),
      findings: [{ messageId: 'foreignRegistry', entry: 0 }],
    },
    {
      name: 'from names localhost as its host',
      har: har(oci.mount({ status: 401, from: 'localhost/foo/bar' })),
      findings: [{ messageId: 'foreignRegistry', entry: 0 }],
    },
    {
      name: 'from with host and port is no repository name at all',
      har: har(oci.mount({ status: 202, from: 'otherregistry.example:5000/foo/bar' })),
      findings: [{ messageId: 'invalidFrom', entry: 0, severity: 'error' }],
    },
    {
      name: 'upper case in from',
      har: har(oci.mount({ from: 'Library/Base' })),
      findings: [{ messageId: 'invalidFrom', entry: 0 }],
    },
    {
      name: 'v1.1 separators under the 1.0.1 grammar',
      spec: '1.0.1',
      har: har(oci.mount({ from: 'my__org/base' })),
      findings: [{ messageId: 'invalidFrom', entry: 0 }],
    },
    {
      name: 'mount without from (1.1.1: registries MAY accept it)',
      har: har(oci.mount({ status: 202, from: null })),
      findings: [{ messageId: 'missingFrom', entry: 0, severity: 'info' }],
    },
    {
      name: 'mount without from under 1.0.1, which has no optional from',
      spec: '1.0.1',
      har: har(oci.mount({ status: 202, from: null })),
      findings: [{ messageId: 'missingFrom', entry: 0, severity: 'warning' }],
    },
  ],
});
