import check from '../../../checks/pull/blob-digest-header.js';
import { checkTester } from '../../support/check-tester.js';
import { editAt, har, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'blob GET 200 with Docker-Content-Digest', har: har(oci.pullBlob()) },
    { name: 'redirected blob GET: the 307 names the digest', har: har(oci.pullBlob({ redirectTo: true })) },
    { name: 'redirected blob GET: the storage 200 names the digest', har: har(editAt(editAt(oci.pullBlob({ redirectTo: true }), 0, { resHeaders: { 'Docker-Content-Digest': null } }), 1, { resHeaders: { 'Docker-Content-Digest': 'sha256:0000000000000000000000000000000000000000000000000000000000000000' } })) },
    { name: 'blob HEAD without the header is pull/head-response\'s', har: har(oci.headBlob({ resHeaders: { 'Docker-Content-Digest': null } })) },
    { name: 'missing blob (404) is not judged', har: har(oci.pullBlob({ status: 404 })) },
    {
      name: '206 partial answer without the header is not judged',
      har: har(editAt(oci.pullBlob({ omitDigestHeader: true, resBody: 'abc' }), 0, { status: 206, reqHeaders: { Range: 'bytes=0-2' }, resHeaders: { 'Content-Range': 'bytes 0-2/10' } })),
    },
  ],
  invalid: [
    {
      name: 'blob GET 200 without Docker-Content-Digest (v1.1.1: SHOULD)',
      har: har(oci.pullBlob({ omitDigestHeader: true })),
      findings: [{ messageId: 'missing', entry: 0, severity: 'warning' }],
    },
    {
      name: 'blob GET 200 without Docker-Content-Digest (main: MUST)',
      spec: 'main',
      har: har(oci.pullBlob({ omitDigestHeader: true })),
      findings: [{ messageId: 'missing', entry: 0, severity: 'error' }],
    },
    {
      name: 'blob GET 200 without Docker-Content-Digest (1.0.1: SHOULD)',
      spec: '1.0.1',
      har: har(oci.pullBlob({ omitDigestHeader: true })),
      findings: [{ messageId: 'missing', entry: 0, severity: 'warning' }],
    },
    {
      name: 'empty Docker-Content-Digest',
      har: har(oci.pullBlob({ resHeaders: { 'Docker-Content-Digest': '' } })),
      findings: [{ messageId: 'empty', entry: 0 }],
    },
    {
      name: 'redirect and storage 200 both without the header',
      har: har(oci.pullBlob({ redirectTo: true, omitDigestHeader: true })),
      findings: [{ messageId: 'missingOnRedirect', entry: 0, severity: 'info' }],
    },
  ],
});
