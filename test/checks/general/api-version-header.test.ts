import check from '../../../checks/general/api-version-header.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: '200 with registry/2.0', har: har(oci.ping()) },
    { name: 'token auth: 401 then 200, both with the header', har: har(oci.authedPull()) },
    { name: '404 from a non-v2 server needs no header', har: har(oci.ping({ status: 404, resHeaders: { 'Docker-Distribution-API-Version': null } })) },
    { name: 'other endpoints are not covered', har: har(oci.pullManifest({ resHeaders: { 'Docker-Distribution-API-Version': null } })) },
    { name: 'same on main', har: har(oci.ping()), spec: 'main' },
  ],
  invalid: [
    {
      name: '200 without the header',
      har: har(oci.ping({ resHeaders: { 'Docker-Distribution-API-Version': null } })),
      findings: [{ messageId: 'missing', entry: 0, severity: 'info' }],
    },
    {
      name: '401 without the header (a proxy dropped it)',
      har: har(oci.ping({ status: 401, resHeaders: { 'Docker-Distribution-API-Version': null, 'WWW-Authenticate': 'Basic realm="r"' } })),
      findings: [{ messageId: 'missing', entry: 0, severity: 'info' }],
    },
    {
      name: 'a wrong value',
      har: har(oci.ping({ resHeaders: { 'Docker-Distribution-API-Version': 'registry/2.1' } })),
      findings: [{ messageId: 'wrongValue', entry: 0 }],
    },
    {
      name: 'still informational on main',
      spec: 'main',
      har: har(oci.ping({ resHeaders: { 'Docker-Distribution-API-Version': null } })),
      findings: [{ messageId: 'missing', entry: 0, severity: 'info' }],
    },
  ],
});
