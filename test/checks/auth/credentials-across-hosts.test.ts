import check from '../../../checks/auth/credentials-across-hosts.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci, REGISTRY } from '../../support/har.js';

const TOKEN = 'Bearer test-token';
const leaky = () => oci.pullBlob({ redirectTo: true, auth: TOKEN, storage: { reqHeaders: { Authorization: TOKEN } } });

checkTester.run(check, {
  valid: [
    { name: 'blob pull redirected to storage without Authorization', har: har(oci.pullBlob({ redirectTo: true, auth: TOKEN })) },
    { name: 'token flow then a storage redirect', har: har(oci.bearerFlow(oci.pullBlob({ redirectTo: true }))) },
    { name: 'redirect without Authorization anywhere', har: har(oci.pullBlob({ redirectTo: true })) },
    {
      name: 'same-host redirect keeps Authorization',
      har: har(oci.pullBlob({ redirectTo: `${REGISTRY}/storage/blob-1`, auth: TOKEN, storage: { reqHeaders: { Authorization: TOKEN } } })),
    },
    {
      name: 'relative Location: the hop stays on the registry',
      har: har(oci.pullBlob({ redirectTo: '/v2/library/hello/blobs/storage/blob-1', auth: TOKEN, storage: { reqHeaders: { Authorization: TOKEN } } })),
    },
    {
      name: 'same host, other scheme (http → https) keeps Authorization',
      har: har(oci.pullBlob({ redirectTo: 'https://registry.test:5000/storage/blob-1', auth: TOKEN, storage: { reqHeaders: { Authorization: TOKEN } } })),
    },
    {
      name: 'a request to storage with Authorization that no redirect led to',
      har: har(oci.pullBlob({ auth: TOKEN, registry: 'https://storage.test' })),
    },
  ],
  invalid: [
    {
      name: 'Authorization forwarded to the storage host (v1.1.1: warning)',
      har: har(leaky()),
      findings: [{ messageId: 'forwarded', entry: 1, severity: 'warning' }],
    },
    {
      name: 'Authorization forwarded to the storage host (main: MUST NOT)',
      spec: 'main',
      har: har(leaky()),
      findings: [{ messageId: 'forwarded', entry: 1, severity: 'error' }],
    },
    {
      name: 'Authorization forwarded to another port of the same host name',
      har: har(oci.pullBlob({ redirectTo: 'http://registry.test:9000/blob-1', auth: TOKEN, storage: { reqHeaders: { Authorization: TOKEN } } })),
      findings: [{ messageId: 'forwarded', entry: 1 }],
    },
    {
      name: 'Authorization forwarded after a 302 from a HEAD',
      har: har(oci.pullBlob({ head: true, redirectTo: true, redirectStatus: 302, auth: TOKEN, storage: { reqHeaders: { Authorization: TOKEN } } })),
      findings: [{ messageId: 'forwarded', entry: 1 }],
    },
  ],
});
