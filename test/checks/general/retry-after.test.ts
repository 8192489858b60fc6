import check from '../../../checks/general/retry-after.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: '429 with Retry-After: 10', har: har(oci.pullManifest({ status: 429 })), spec: 'main' },
    { name: '429 with an IMF-fixdate', har: har(oci.pullBlob({ status: 429, resHeaders: { 'Retry-After': 'Mon, 23 Nov 2026 10:00:00 GMT' } })), spec: 'main' },
    { name: 'a normal pull', har: har(oci.ping(), oci.pullManifest()), spec: 'main' },
    { name: '503 without Retry-After is not covered', har: har(oci.pullManifest({ status: 503, resBody: '' })), spec: 'main' },
    { name: 'no Retry-After on 1.1.1: the requirement is main only', har: har(oci.pullManifest({ status: 429, resHeaders: { 'Retry-After': null } })) },
  ],
  invalid: [
    {
      name: '429 without Retry-After (main)',
      spec: 'main',
      har: har(oci.ping(), oci.pullManifest({ status: 429, resHeaders: { 'Retry-After': null } })),
      findings: [{ messageId: 'missing', entry: 1, severity: 'warning' }],
    },
    {
      name: 'Retry-After with a unit',
      spec: 'main',
      har: har(oci.pushManifest({ status: 429, resHeaders: { 'Retry-After': '10s' } })),
      findings: [{ messageId: 'badSyntax', entry: 0 }],
    },
    {
      name: 'Retry-After as an ISO 8601 timestamp',
      spec: 'main',
      har: har(oci.pullBlob({ status: 429, resHeaders: { 'Retry-After': '2026-11-23T10:00:00Z' } })),
      findings: [{ messageId: 'badSyntax', entry: 0 }],
    },
  ],
});
