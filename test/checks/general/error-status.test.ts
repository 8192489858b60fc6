import check from '../../../checks/general/error-status.js';
import { checkTester } from '../../support/check-tester.js';
import { errorBody, har, jsonBytes, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'push then pull an image', har: har(oci.ping(), oci.pushImage(), oci.pullManifest()) },
    { name: 'unknown manifest: 404 MANIFEST_UNKNOWN', har: har(oci.pullManifest({ status: 404 })) },
    { name: 'unknown repository: 404 NAME_UNKNOWN', har: har(oci.pullManifest({ status: 404, errorCode: 'NAME_UNKNOWN' })) },
    { name: 'unknown blob: 404 BLOB_UNKNOWN', har: har(oci.pullBlob({ status: 404 })) },
    { name: 'pull behind token auth: 401 UNAUTHORIZED', har: har(oci.authedPull()) },
    { name: 'DENIED with 403', har: har(oci.pullManifest({ status: 403 })) },
    { name: 'TOOMANYREQUESTS with 429', har: har(oci.pullManifest({ status: 429 })) },
    { name: 'MANIFEST_INVALID with 400', har: har(oci.pushManifest({ status: 400, errorCode: 'MANIFEST_INVALID' })) },
    { name: 'SIZE_INVALID with 413 (manifest too large)', har: har(oci.pushManifest({ status: 413, errorCode: 'SIZE_INVALID' })) },
    { name: 'v1.0 style BLOB_UNKNOWN refusing a manifest push with 400', har: har(oci.pushManifest({ status: 400, errorCode: 'BLOB_UNKNOWN' })) },
    { name: 'UNAUTHORIZED with 401 on a manifest GET', har: har(oci.pullManifest({ status: 401, resBody: errorBody('UNAUTHORIZED') })) },
    { name: 'a JSON blob that is the requested content', har: har(oci.pullBlob({ content: errorBody('BLOB_UNKNOWN') })) },
    { name: 'non-JSON 404', har: har(oci.pullManifest({ status: 404, resBody: 'not found', resHeaders: { 'Content-Type': 'text/plain' } })) },
    { name: 'token server errors are not registry errors', har: har(oci.token({ status: 401 })) },
  ],
  invalid: [
    {
      name: 'MANIFEST_UNKNOWN answered 400 on a manifest GET',
      har: har(oci.pullManifest({ status: 400, errorCode: 'MANIFEST_UNKNOWN' })),
      findings: [{ messageId: 'notFoundStatus', entry: 0, severity: 'error' }],
    },
    {
      name: 'BLOB_UNKNOWN answered 500 on a blob GET',
      har: har(oci.pullBlob({ status: 500, resBody: errorBody('BLOB_UNKNOWN') })),
      findings: [{ messageId: 'notFoundStatus', entry: 0, severity: 'error' }],
    },
    {
      name: 'a 200 whose body is MANIFEST_UNKNOWN',
      har: har(oci.pullManifest({ resBody: errorBody('MANIFEST_UNKNOWN'), resHeaders: { 'Content-Type': 'application/json' } })),
      findings: [{ messageId: 'successWithError', entry: 0, severity: 'error' }],
    },
    {
      name: 'a 200 blob GET whose body is BLOB_UNKNOWN',
      har: har(oci.pullBlob({ resBody: errorBody('BLOB_UNKNOWN'), resHeaders: { 'Content-Type': 'application/json' } })),
      findings: [{ messageId: 'successWithError', entry: 0, severity: 'error' }],
    },
    {
      name: 'UNAUTHORIZED with 403 (typical status only: warning)',
      har: har(oci.pullManifest({ status: 403, errorCode: 'UNAUTHORIZED' })),
      findings: [{ messageId: 'unusualStatus', entry: 0, severity: 'warning' }],
    },
    {
      name: 'DENIED with 401',
      har: har(oci.pullManifest({ status: 401, resBody: errorBody('DENIED'), resHeaders: { 'WWW-Authenticate': 'Basic realm="r"' } })),
      findings: [{ messageId: 'unusualStatus', entry: 0, severity: 'warning' }],
    },
    {
      name: 'TOOMANYREQUESTS with 503',
      har: har(oci.pullManifest({ status: 503, resBody: errorBody('TOOMANYREQUESTS') })),
      findings: [{ messageId: 'unusualStatus', entry: 0, severity: 'warning' }],
    },
    {
      name: 'DIGEST_INVALID with 500',
      har: har(oci.ping(), oci.pushManifest({ status: 500, resBody: errorBody('DIGEST_INVALID') })),
      findings: [{ messageId: 'unusualStatus', entry: 1, severity: 'warning' }],
    },
    {
      name: 'BLOB_UPLOAD_UNKNOWN with 400 on a chunk (404 is usual, not required)',
      har: har(oci.startUpload(), oci.patchChunk({ status: 400, errorCode: 'BLOB_UPLOAD_UNKNOWN' })),
      findings: [{ messageId: 'unusualStatus', entry: 1, severity: 'warning' }],
    },
    {
      name: 'two codes, one of them wrong for the status',
      har: har(oci.pullManifest({ status: 400, resBody: jsonBytes({ errors: [{ code: 'MANIFEST_INVALID' }, { code: 'NAME_UNKNOWN' }] }) })),
      findings: [{ messageId: 'notFoundStatus', entry: 0 }],
    },
  ],
  notEvaluable: [
    { name: 'JSON error body not captured', har: har(oci.pullManifest({ status: 404, resBody: { absent: true, size: 60 }, resHeaders: { 'Content-Type': 'application/json' } })) },
  ],
});
