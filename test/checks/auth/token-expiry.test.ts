import check from '../../../checks/auth/token-expiry.js';
import { checkTester } from '../../support/check-tester.js';
import { har, oci, pause } from '../../support/har.js';

const TOKEN = 'Bearer test-token';
/** Token issued at entry 0 (issued_at = BASE_TIME), used at entry 1, then again `gapMs` later (entry 2). */
const later = (gapMs: number, tokenOptions: Parameters<typeof oci.token>[0] = {}, status?: number) =>
  har(oci.token(tokenOptions), oci.pullManifest({ auth: TOKEN }), pause(gapMs), oci.pullManifest({ auth: TOKEN, ...(status ? { status } : {}) }));

checkTester.run(check, {
  valid: [
    { name: 'pull: token used right after it was issued', har: har(oci.authedPull()) },
    { name: 'push of a whole image within the token lifetime', har: har(oci.bearerFlow(oci.pushImage())) },
    { name: 'used 250 s after issue with expires_in 300', har: later(248_000) },
    { name: 'no expires_in: 60 s default, used at 50 s', har: later(47_000, { expiresIn: null, issuedAt: null }) },
    { name: 'no expires_in: used 60.6 s after the response, within the one-second tolerance', har: later(58_600, { expiresIn: null, issuedAt: null }) },
    {
      name: 'lifetime counts from issued_at when present (issued later than the default)',
      har: later(400_000, { issuedAt: '2024-01-01T00:05:00Z' }),
    },
    { name: 'a Bearer token this capture never saw issued is not judged', har: har(oci.pullManifest({ auth: 'Bearer foreign' }), pause(3_600_000), oci.pullManifest({ auth: 'Bearer foreign' })) },
  ],
  invalid: [
    {
      name: 'token used 400 s after issue with expires_in 300 (registry accepted it)',
      har: later(397_000),
      findings: [{ messageId: 'expired', entry: 2, confidence: 'inferred' }],
    },
    {
      name: 'expired token rejected with 401',
      har: later(397_000, {}, 401),
      findings: [{ messageId: 'expired', entry: 2, confidence: 'observed', severity: 'warning' }],
    },
    {
      name: 'no expires_in: 60 s default, used at 119 s',
      har: later(117_000, { expiresIn: null, issuedAt: null }),
      findings: [{ messageId: 'expired', entry: 2 }],
    },
    {
      name: 'issued_at in the past shortens the lifetime',
      har: har(oci.token({ issuedAt: '2023-12-31T23:50:00Z' }), oci.pullManifest({ auth: TOKEN })),
      findings: [{ messageId: 'expired', entry: 1 }],
    },
  ],
});
