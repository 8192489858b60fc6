import check from '../../../checks/push/tag-param-response.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_MANIFEST_DIGEST, editAt, har, oci } from '../../support/har.js';

/** PUT by digest with ?tag=v1&tag=v2, answered 201 with the given OCI-Tag header(s). */
function pushWithTags(ociTag: string | string[] | null) {
  const entries = oci.pushManifest({ ref: DEFAULT_MANIFEST_DIGEST, resHeaders: ociTag === null ? {} : { 'OCI-Tag': ociTag } });
  return editAt(entries, 0, { url: `/v2/library/hello/manifests/${DEFAULT_MANIFEST_DIGEST}?tag=v1&tag=v2` });
}

checkTester.run(check, {
  valid: [
    { name: 'both tags listed, comma-separated', har: har(pushWithTags('v1, v2')), spec: 'main' },
    { name: 'both tags listed, one header each', har: har(pushWithTags(['v1', 'v2'])), spec: 'main' },
    { name: 'push by digest without ?tag=', har: har(oci.pushManifest({ ref: DEFAULT_MANIFEST_DIGEST })), spec: 'main' },
    { name: 'before main there is no ?tag= (the rule does not run)', har: har(pushWithTags(null)) },
  ],
  invalid: [
    { name: 'no OCI-Tag at all', har: har(pushWithTags(null)), spec: 'main', findings: [{ messageId: 'noHeader', entry: 0 }] },
    { name: 'one tag missing from OCI-Tag', har: har(pushWithTags('v1')), spec: 'main', findings: [{ messageId: 'missingTag', entry: 0 }] },
  ],
});
