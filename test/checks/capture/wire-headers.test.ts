import check from '../../../checks/capture/wire-headers.js';
import { checkTester } from '../../support/check-tester.js';
import { edit, har, type HarEntry, oci } from '../../support/har.js';

/** What a recording proxy or browser writes: the Host header the client sent. */
const sent = (entries: readonly HarEntry[]) => entries.map((e) => edit(e, { reqHeaders: { Host: new URL(e.request.url).host } }));
const push = () => oci.pushManifest({ ref: 'v1' });

checkTester.run(check, {
  valid: [
    { name: 'HTTP/1.1 requests with Host, bodies with Content-Length (mitmproxy, Chromium)', har: har(sent(oci.ping()), sent(push())) },
    { name: 'a chunked body: Transfer-Encoding instead of Content-Length', har: har(sent(push()).map((e) => edit(e, { reqHeaders: { 'Content-Length': null, 'Transfer-Encoding': 'chunked' } }))) },
    { name: 'HTTP/2 has :authority and frame lengths, not Host and Content-Length', har: har(oci.pushManifest({ ref: 'v1', httpVersion: 'HTTP/2.0' }).map((e) => edit(e, { reqHeaders: { 'Content-Length': null } }))) },
    { name: 'HTTP/1.0 does not require Host', har: har(oci.ping({ httpVersion: 'HTTP/1.0' })) },
  ],
  invalid: [
    {
      name: 'Insomnia-like export: the requests as defined, no Host anywhere',
      har: har(oci.ping(), oci.pullManifest()),
      findings: [{ messageId: 'noHost', entry: 0, severity: 'info' }],
    },
    {
      name: 'a manifest PUT with a body but no Content-Length or Transfer-Encoding',
      har: har(sent(oci.ping()), sent(push()).map((e) => edit(e, { reqHeaders: { 'Content-Length': null } }))),
      findings: [{ messageId: 'noBodyLength', entry: 1 }],
    },
  ],
});
