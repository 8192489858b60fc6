import check from '../../../checks/general/redirect-followed.js';
import { checkTester } from '../../support/check-tester.js';
import { exchange, har, oci, REGISTRY } from '../../support/har.js';

const blobRedirect = () => oci.pullBlob({ redirectTo: true });
/** Only the 307 of a redirected blob GET: the client did not fetch the storage URL. */
const unfollowedBlob = () => blobRedirect().slice(0, 1);
const manifestRedirect = (follow: boolean) => {
  const target = `${REGISTRY}/mirror/v2/library/hello/manifests/latest`;
  const first = exchange({ url: '/v2/library/hello/manifests/latest', status: 307, resHeaders: { Location: target } });
  return follow ? [first, ...oci.pullManifest({ resHeaders: {} }).map((e) => ({ ...e, request: { ...e.request, url: target } }))] : [first];
};

checkTester.run(check, {
  valid: [
    { name: 'blob GET redirected to storage and followed', har: har(oci.ping(), blobRedirect(), oci.pullManifest()) },
    { name: 'relative Location followed', har: har(oci.pullBlob({ redirectTo: '/storage/blob-1?sig=x' }), oci.pullManifest()) },
    { name: 'manifest redirect followed (main)', har: har(manifestRedirect(true), oci.pullManifest()), spec: 'main' },
    { name: 'manifest redirect not followed: no rule before main', har: har(manifestRedirect(false), oci.pullManifest()) },
    { name: 'blob HEAD redirect not followed: no rule before main', har: har(exchange({ method: 'HEAD', url: `/v2/library/hello/blobs/sha256:${'a'.repeat(64)}`, status: 307, resHeaders: { Location: 'https://storage.test/b' } }), oci.pullManifest()) },
    { name: 'no redirects at all', har: har(oci.ping(), oci.pushImage()) },
  ],
  invalid: [
    {
      name: 'blob 307 never followed; the client went on to another request',
      har: har(oci.ping(), unfollowedBlob(), oci.pullManifest()),
      findings: [{ messageId: 'notFollowed', entry: 1, confidence: 'inferred', severity: 'warning' }],
    },
    {
      name: 'the client retried the original URL instead of following',
      har: har(unfollowedBlob(), unfollowedBlob()),
      findings: [{ messageId: 'notFollowed', entry: 0 }],
    },
    {
      name: 'manifest redirect not followed (main: any request)',
      spec: 'main',
      har: har(manifestRedirect(false), oci.pullManifest()),
      findings: [{ messageId: 'notFollowed', entry: 0 }],
    },
    {
      name: 'blob HEAD redirect not followed (main)',
      spec: 'main',
      har: har(exchange({ method: 'HEAD', url: `/v2/library/hello/blobs/sha256:${'a'.repeat(64)}`, status: 307, resHeaders: { Location: 'https://storage.test/b' } }), oci.pullManifest()),
      findings: [{ messageId: 'notFollowed', entry: 0 }],
    },
  ],
  notEvaluable: [
    { name: 'the capture ends right after the 307', har: har(oci.ping(), unfollowedBlob()) },
  ],
});
