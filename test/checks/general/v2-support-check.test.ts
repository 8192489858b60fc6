import check from '../../../checks/general/v2-support-check.js';
import { checkTester } from '../../support/check-tester.js';
import { edit, exchange, har, oci } from '../../support/har.js';

const v1 = (path = '/v1/_ping', userAgent?: string) => [exchange({ url: path, status: 404, resBody: '404 page not found\n', mimeType: 'text/plain; charset=utf-8', ...(userAgent ? { userAgent } : {}) })];
const pingWithoutHeader = (status = 200) => [edit(oci.ping({ status })[0]!, { resHeaders: { 'Docker-Distribution-API-Version': null } })];
const unauthorizedPing = (scheme: 'Bearer' | 'Basic' = 'Bearer') => oci.challenge({ url: '/v2/', scope: null, scheme });

checkTester.run(check, {
  valid: [
    { name: 'ping 200 with the header, then v2 requests', har: har(oci.ping(), oci.pullManifest()) },
    { name: 'ping 200 without the header, and the client carries on with v2', har: har(pingWithoutHeader(), oci.pullManifest()) },
    { name: 'ping 404: not a v2 registry, a v1 fallback is right', har: har(oci.ping({ status: 404 }), v1()) },
    { name: 'v1 search is the search API, not a fallback (podman search)', har: har(pingWithoutHeader(), v1('/v1/search?q=demo')) },
    { name: 'a v1 request after v2 work is not a fallback from the ping', har: har(pingWithoutHeader(), oci.pullManifest(), v1()) },
    { name: 'another client turns to v1', har: har(pingWithoutHeader(), v1('/v1/_ping', 'other/2.0')) },
    { name: '401 with a challenge, then a token and the retry', har: har(unauthorizedPing(), oci.token(), oci.ping({ auth: 'Bearer test-token' })) },
  ],
  invalid: [
    {
      name: 'ping 200 without Docker-Distribution-API-Version, then /v1/_ping (docker before 1.8 on a static server, moby#15173)',
      har: har(pingWithoutHeader(), v1()),
      findings: [{ messageId: 'dependsOnHeader', entry: 1, severity: 'warning' }],
    },
    {
      name: '401 without the header, then v1 (distribution#2660)',
      har: har([edit(unauthorizedPing()[0]!, { resHeaders: { 'Docker-Distribution-API-Version': null } })], v1('/v1/repositories/demo/images')),
      findings: [{ messageId: 'dependsOnHeader', entry: 1 }],
    },
    {
      name: '401 with the header and a Basic challenge, then v1',
      har: har(unauthorizedPing('Basic'), v1()),
      findings: [{ messageId: 'unauthorizedAsUnsupported', entry: 1 }],
    },
  ],
});
