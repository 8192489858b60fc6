import { createHash } from 'node:crypto';
import check from '../../../checks/push/digest-algorithm-param.js';
import { checkTester } from '../../support/check-tester.js';
import { appendQuery, editAt, har, oci } from '../../support/har.js';

const SHA512 = `sha512:${createHash('sha512').update('abcd').digest('hex')}`;

/** POST (optionally ?digest-algorithm=), one 4-byte PATCH, closing PUT with `digest`. */
function chunked(digest: string | undefined, algorithm?: string) {
  const post = oci.startUpload();
  const opened = algorithm ? editAt(post, 0, { url: appendQuery('/v2/library/hello/blobs/uploads/', 'digest-algorithm', algorithm) }) : post;
  return [...opened, ...oci.patchChunk({ data: 'abcd' }), ...oci.finishUpload(digest ? { digest } : {})];
}

checkTester.run(check, {
  valid: [
    { name: 'sha256 needs no parameter', har: har(chunked(undefined)), spec: 'main' },
    { name: 'sha512 declared on the POST', har: har(chunked(SHA512, 'sha512')), spec: 'main' },
    { name: 'monolithic sha512 upload (no chunks)', har: har(oci.startUpload(), oci.finishUpload({ data: 'abcd', digest: SHA512 })), spec: 'main' },
    { name: 'before main the parameter does not exist', har: har(chunked(SHA512)) },
  ],
  invalid: [
    { name: 'sha512 chunked upload without the parameter', har: har(chunked(SHA512)), spec: 'main', findings: [{ messageId: 'missing', entry: 2 }] },
    { name: 'declared sha512, closed with sha256', har: har(chunked(undefined, 'sha512')), spec: 'main', findings: [{ messageId: 'mismatch', entry: 2 }] },
  ],
});
