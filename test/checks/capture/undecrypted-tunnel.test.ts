import { describe, expect, it } from 'vitest';
import check from '../../../checks/capture/undecrypted-tunnel.js';
import { checkTester, runCheck } from '../../support/check-tester.js';
import { exchange, har, oci } from '../../support/har.js';

/** What a proxy without TLS interception writes for an HTTPS connection it only relayed. */
const tunnel = (host: string) => exchange({ method: 'CONNECT', url: `https://${host}:443`, status: 200 });

checkTester.run(check, {
  valid: [
    { name: 'plain registry traffic, no tunnel', har: har(oci.pushImage()) },
    {
      name: 'a tunnel that the tool then decrypted (the requests are there)',
      har: har(tunnel('secure.test'), oci.pullManifest({ registry: 'https://secure.test' })),
    },
  ],
  invalid: [
    {
      name: 'HTTPS registry seen only as CONNECT tunnels',
      har: har(oci.ping(), tunnel('secure.test'), tunnel('secure.test')),
      findings: [{ messageId: 'tunnel', entry: 1 }],
    },
  ],
});

describe('capture/undecrypted-tunnel in the summary', () => {
  it('lists the tunnel among the not-evaluable reasons, so nothing passes silently', async () => {
    const result = await runCheck(check, har(tunnel('secure.test')));
    expect(result.notEvaluable.map((n) => n.reason)).toEqual(['HTTPS to secure.test:443 was recorded as 1 undecrypted CONNECT tunnel(s); the requests inside are absent from the capture']);
  });
});
