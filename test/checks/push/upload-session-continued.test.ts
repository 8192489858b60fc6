import check from '../../../checks/push/upload-session-continued.js';
import { checkTester } from '../../support/check-tester.js';
import { appendQuery, DEFAULT_LAYER, editAt, har, oci, sha256Digest } from '../../support/har.js';

const LAYER = sha256Digest(DEFAULT_LAYER);
const OTHER = 'another layer';
const OFFLOAD = 'https://uploads.test/s/1';
const GCP_LOCATION = '/artifacts-uploads/namespaces/proj/repositories/hello/uploads/AJbY2x0ZXN0';

/** A mount the registry could not do: 202 and an upload session in library/hello. */
const failedMount = () => oci.mount({ status: 202 });
/** The client's next piece of work: another blob pushed into another repository. */
const nextImage = () => oci.pushBlob({ repo: 'library/next', data: OTHER });

/** POST ?digest= answered 202: the registry does not take single-POST uploads. */
function singlePostRefused() {
  return editAt(oci.startUpload(), 0, { url: appendQuery('/v2/library/hello/blobs/uploads/', 'digest', LAYER) });
}

checkTester.run(check, {
  valid: [
    {
      name: 'relative Location resolved against the request URL (LOC-01, BPUSH-03)',
      har: har(
        oci.startUpload({ uuid: 'sess-0123456789', location: 'sess-0123456789' }),
        oci.finishUpload({ location: '/v2/library/hello/blobs/uploads/sess-0123456789', data: DEFAULT_LAYER }),
        nextImage(),
      ),
    },
    { name: 'whole image push', har: har(oci.pushImage()) },
    {
      name: 'failed mount, then the blob is PUT to the session the 202 opened',
      har: har(failedMount(), oci.finishUpload({ location: failedMount().location!, data: DEFAULT_LAYER }), nextImage()),
    },
    {
      name: 'failed mount, session cancelled with DELETE, then a fresh upload (containers/image)',
      har: har(failedMount(), oci.cancelUpload({ location: failedMount().location! }), oci.pushBlob({ uuid: 'fresh' }), nextImage()),
    },
    {
      name: 'failed mount, session left alone, blob uploaded through a new session',
      har: har(failedMount(), oci.pushBlob({ uuid: 'fresh' }), nextImage()),
    },
    {
      name: 'failed mount, blob uploaded through a new session offloaded to another host',
      har: har(
        failedMount(),
        oci.startUpload({ uuid: 'fresh', location: `${OFFLOAD}?sig=a` }),
        oci.finishUpload({ location: `${OFFLOAD}?sig=a`, data: DEFAULT_LAYER }),
        nextImage(),
      ),
    },
    {
      name: 'failed mount, then another mount from elsewhere succeeds',
      har: har(failedMount(), oci.mount({ from: 'library/other' }), nextImage()),
    },
    {
      name: 'failed mount, then a HEAD finds the blob present (stored meanwhile by someone else)',
      har: har(failedMount(), oci.headBlob(), nextImage()),
    },
    {
      name: 'single POST refused (202), the client PUTs the blob to the Location (BPUSH-09)',
      har: har(singlePostRefused(), oci.finishUpload({ data: DEFAULT_LAYER }), nextImage()),
    },
    {
      name: 'a spare plain session, but blobs reached the repository afterwards',
      har: har(oci.startUpload({ uuid: 'spare' }), oci.pushBlob(), nextImage()),
    },
    {
      name: 'failed mount, the later requests are another client',
      har: har(failedMount(), oci.pushBlob({ repo: 'library/next', data: OTHER, userAgent: 'other-tool/2.0' })),
    },
  ],
  invalid: [
    {
      name: 'relative Location resolved against the host root instead of the request URL (LOC-01)',
      har: har(
        oci.startUpload({ uuid: 'sess-0123456789', location: 'sess-0123456789' }),
        oci.finishUpload({ location: '/sess-0123456789', data: DEFAULT_LAYER }),
        nextImage(),
      ),
      findings: [{ messageId: 'misresolved', entry: 0 }],
    },
    {
      name: 'failed mount aborts the push; the client goes on with the next image (kaniko, cc-utils, keppel: C14)',
      har: har(failedMount(), nextImage()),
      findings: [{ messageId: 'mountFallback', entry: 0, confidence: 'inferred', severity: 'warning' }],
    },
    {
      name: 'failed mount without from, abandoned',
      har: har(oci.mount({ status: 202, from: null }), oci.ping()),
      findings: [{ messageId: 'mountFallback', entry: 0 }],
    },
    {
      name: 'single POST refused with 202, no PUT follows',
      har: har(singlePostRefused(), oci.listTags({ status: 404 })),
      findings: [{ messageId: 'singlePostFallback', entry: 0, confidence: 'inferred' }],
    },
    {
      name: 'a Location outside /v2/ (GCP Artifact Registry) rejected by the client, which gives up (rust-oci-client: C11)',
      har: har(oci.startUpload({ location: GCP_LOCATION }), oci.listTags({ status: 404 })),
      findings: [{ messageId: 'sessionUnused', entry: 0, confidence: 'inferred' }],
    },
    {
      name: 'blob stored in another repository does not finish this one',
      har: har(failedMount(), oci.mount({ repo: 'library/next' })),
      findings: [{ messageId: 'mountFallback', entry: 0 }],
    },
  ],
  notEvaluable: [
    { name: 'the capture ends with the failed mount', har: har(oci.pushBlob({ repo: 'library/base' }), failedMount()) },
    { name: 'the capture ends with an unused plain session', har: har(oci.ping(), oci.startUpload()) },
  ],
});
