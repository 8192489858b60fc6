import check from '../../../checks/push/chunk-session-open.js';
import { checkTester } from '../../support/check-tester.js';
import { defaultUploadLocation, editAt, exchange, har, type HarEntry, oci } from '../../support/har.js';

/** POST opening the default session, with a request body, then one PATCH and the closing PUT. */
function postWithBody(reqBody: string | { absent: true; size: number }): HarEntry[] {
  return [
    exchange({
      method: 'POST',
      url: '/v2/library/hello/blobs/uploads/',
      status: 202,
      reqBody,
      resHeaders: { Location: defaultUploadLocation(), Range: '0-0', 'Docker-Distribution-API-Version': 'registry/2.0' },
    }),
    ...oci.patchChunk(),
    ...oci.finishUpload({ location: oci.patchChunk().location! }),
  ];
}

checkTester.run(check, {
  valid: [
    { name: 'whole chunked image push (POSTs send Content-Length: 0)', har: har(oci.pushImage({ style: 'chunked' })) },
    { name: 'streamed push opened with Content-Length: 0', har: har(oci.pushBlob({ style: 'streamed' })) },
    { name: 'bearer-authenticated chunked push', har: har(oci.bearerFlow(oci.pushBlob({ style: 'chunked' }))) },
    {
      name: 'monolithic POST + PUT without Content-Length on the POST (no chunks: not this rule)',
      har: har(editAt(oci.pushBlob(), 0, { reqHeaders: { 'Content-Length': null } })),
    },
    {
      name: 'session from a mount that fell back (202), then chunks',
      har: (() => {
        const m = editAt(oci.mount({ status: 202 }), 0, { reqHeaders: { 'Content-Length': null } });
        const p = oci.patchChunk({ location: oci.mount({ status: 202 }).location! });
        return har(m, p, oci.finishUpload({ location: p.location! }));
      })(),
    },
    { name: 'POST with a body but the session only gets a PUT', har: har(postWithBody('junk').filter((e) => e.request.method !== 'PATCH')) },
  ],
  invalid: [
    {
      name: 'chunked push whose POST has no Content-Length (containerd style)',
      har: har(editAt(oci.pushBlob({ style: 'chunked' }), 0, { reqHeaders: { 'Content-Length': null } })),
      findings: [{ messageId: 'noLength', entry: 0, severity: 'warning' }],
    },
    {
      name: 'chunked push whose POST is sent with Transfer-Encoding: chunked and no length',
      har: har(editAt(oci.pushBlob({ style: 'chunked' }), 0, { reqHeaders: { 'Content-Length': null, 'Transfer-Encoding': 'chunked' } })),
      findings: [{ messageId: 'noLength', entry: 0 }],
    },
    {
      name: 'POST opening a chunked upload carries a body',
      har: har(postWithBody('junk')),
      findings: [{ messageId: 'body', entry: 0, severity: 'error' }],
    },
    {
      name: 'POST declares a body the capture did not keep',
      har: har(postWithBody({ absent: true, size: 5 })),
      findings: [{ messageId: 'body', entry: 0 }],
    },
  ],
});
