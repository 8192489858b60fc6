import check from '../../../checks/capture/har-schema.js';
import { checkTester } from '../../support/check-tester.js';
import { har, type HarLog, harText, oci } from '../../support/har.js';

/** A copy of a built HAR with `change` applied to the raw JSON of entry `index`. */
function broken(doc: HarLog, index: number, change: (entry: Record<string, any>) => void): HarLog {
  const copy = structuredClone(doc);
  change(copy.log.entries[index] as unknown as Record<string, any>);
  return copy;
}

const pull = () => har(oci.ping(), oci.pullManifest(), oci.pullBlob());

checkTester.run(check, {
  valid: [
    { name: 'push an image and pull it back (builder output passes har-validator)', har: har(oci.pushImage(), oci.pullManifest(), oci.pullBlob()) },
    {
      name: 'producer-specific "_" fields and comments are allowed',
      har: broken(pull(), 1, (e) => {
        e._initiator = { type: 'other' };
        e._resourceType = 'fetch';
        e.comment = 'captured by DevTools';
        e.response._transferSize = 1234;
      }),
    },
    { name: 'optional timings (-1) and serverIPAddress', har: broken(pull(), 0, (e) => Object.assign(e, { serverIPAddress: '10.0.0.1', connection: '443' })) },
    { name: 'data after the document is a file note, not an entry defect', har: `${harText(oci.ping())}\n\n` },
  ],
  invalid: [
    {
      name: 'entry without timings',
      har: broken(pull(), 1, (e) => delete e.timings),
      findings: [{ messageId: 'invalid', entry: 1, severity: 'info' }],
    },
    {
      name: 'mitmproxy-style content: {} (two problems, one finding)',
      har: broken(pull(), 0, (e) => (e.response.content = {})),
      findings: [{ messageId: 'invalid', entry: 0 }],
    },
    {
      name: 'status written as a string',
      har: broken(pull(), 2, (e) => (e.response.status = '200')),
      findings: [{ messageId: 'invalid', entry: 2 }],
    },
    {
      name: 'headers missing on two entries: one finding each',
      har: broken(broken(pull(), 0, (e) => delete e.request.headers), 2, (e) => delete e.response.headers),
      findings: [{ messageId: 'invalid', entry: 0 }, { messageId: 'invalid', entry: 2 }],
    },
  ],
});
