import check from '../../../checks/general/error-body.js';
import { checkTester } from '../../support/check-tester.js';
import { errorBody, har, jsonBytes, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'pull behind token auth: 401 UNAUTHORIZED with detail', har: har(oci.authedPull()) },
    { name: 'push an image: HEAD 404s carry no body', har: har(oci.pushImage()) },
    { name: '404 MANIFEST_UNKNOWN', har: har(oci.pullManifest({ status: 404 })) },
    { name: 'every code of the spec table', har: har(['BLOB_UNKNOWN', 'BLOB_UPLOAD_INVALID', 'BLOB_UPLOAD_UNKNOWN', 'DIGEST_INVALID', 'MANIFEST_BLOB_UNKNOWN', 'MANIFEST_INVALID', 'MANIFEST_UNKNOWN', 'NAME_INVALID', 'NAME_UNKNOWN', 'SIZE_INVALID', 'UNAUTHORIZED', 'DENIED', 'UNSUPPORTED', 'TOOMANYREQUESTS'].map((code) => oci.pullBlob({ status: 400, errorCode: code }))) },
    { name: 'several errors, message omitted, detail any JSON', har: har(oci.pullManifest({ status: 400, resBody: jsonBytes({ errors: [{ code: 'MANIFEST_INVALID' }, { code: 'NAME_INVALID', message: '', detail: [1, { a: null }] }] }) })) },
    { name: 'non-JSON 404 body is allowed', har: har(oci.pullManifest({ status: 404, resBody: '404 page not found', resHeaders: { 'Content-Type': 'text/plain; charset=utf-8' } })) },
    { name: '404 with an empty body', har: har(oci.pullManifest({ status: 404, resBody: '' })) },
    { name: '5xx bodies are not covered by the rule', har: har(oci.pullManifest({ status: 500, resBody: jsonBytes({ error: 'boom' }) })) },
    { name: 'token server refusal with a JSON error', har: har(oci.token({ status: 401 })) },
  ],
  invalid: [
    {
      name: 'JSON without an errors array',
      har: har(oci.pullManifest({ status: 404, resBody: jsonBytes({ error: 'manifest unknown' }) })),
      findings: [{ messageId: 'badShape', entry: 0, severity: 'error' }],
    },
    {
      name: 'an error entry without code',
      har: har(oci.pullManifest({ status: 404, resBody: jsonBytes({ errors: [{ message: 'manifest unknown' }] }) })),
      findings: [{ messageId: 'badShape', entry: 0 }],
    },
    {
      name: 'message is not a string',
      har: har(oci.pullManifest({ status: 404, resBody: jsonBytes({ errors: [{ code: 'MANIFEST_UNKNOWN', message: { text: 'x' } }] }) })),
      findings: [{ messageId: 'badShape', entry: 0 }],
    },
    {
      name: 'code not in the spec table',
      har: har(oci.pullManifest({ status: 404, errorCode: 'NOT_FOUND' })),
      findings: [{ messageId: 'unknownCode', entry: 0, severity: 'error' }],
    },
    {
      name: 'legacy Docker code',
      har: har(oci.ping(), oci.pushManifest({ status: 400, errorCode: 'TAG_INVALID' })),
      findings: [{ messageId: 'legacyCode', entry: 1, severity: 'info' }],
    },
    {
      name: 'extension code',
      har: har(oci.pullManifest({ status: 404, resBody: errorBody('EXTENSION_UNKNOWN', 'extension unknown') })),
      findings: [{ messageId: 'legacyCode', entry: 0 }],
    },
  ],
  notEvaluable: [
    { name: 'JSON error body not captured', har: har(oci.pullManifest({ status: 404, resBody: { absent: true, size: 60 }, resHeaders: { 'Content-Type': 'application/json' } })) },
  ],
});
