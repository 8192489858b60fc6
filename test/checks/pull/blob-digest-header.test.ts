import check from '../../../checks/pull/blob-digest-header.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'blob GET with Docker-Content-Digest', har: har(oci.pullBlob()) },
    { name: 'redirect to storage: the storage hop is not judged', har: har(oci.pullBlob({ redirectTo: true })) },
    { name: 'HEAD is pull/head-response’s business', har: har(oci.pullBlob({ head: true, omitDigestHeader: true })) },
    { name: '404 carries no digest', har: har(oci.pullBlob({ status: 404 })) },
  ],
  invalid: [
    { name: 'no header: a SHOULD up to 1.1.1', har: har(oci.pullBlob({ omitDigestHeader: true })), findings: [{ messageId: 'missing', entry: 0, severity: 'warning' }] },
    {
      name: 'no header: a MUST on main',
      har: har(oci.pullBlob({ omitDigestHeader: true })),
      spec: 'main',
      findings: [{ messageId: 'missing', entry: 0, severity: 'error' }],
    },
    { name: 'empty header', har: har(oci.pullBlob({ resHeaders: { 'Docker-Content-Digest': '' } })), findings: [{ messageId: 'empty', entry: 0 }] },
  ],
});
