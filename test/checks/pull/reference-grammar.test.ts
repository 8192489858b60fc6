import check from '../../../checks/pull/reference-grammar.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_MANIFEST_DIGEST, har, oci } from '../../support/har.js';

checkTester.run(check, {
  valid: [
    { name: 'push an image, then pull it by tag and by digest', har: har(oci.pushImage(), oci.pullManifest(), oci.pullManifest({ ref: DEFAULT_MANIFEST_DIGEST }), oci.pullBlob()) },
    { name: 'v1.1 name grammar: "__" and runs of "-"', har: har(oci.pullManifest({ repo: 'my__org/a--b/c.d_e' })) },
    { name: 'tag of 128 characters, mixed case', har: har(oci.pullManifest({ ref: `V${'a'.repeat(126)}_` })) },
    { name: 'tag starting with "_" and holding "." and "-"', har: har(oci.pullManifest({ ref: '_v1.2-rc.1' })) },
    { name: 'single-component name', har: har(oci.pullManifest({ repo: 'hello' })) },
    { name: 'tag list and referrers for a valid name', har: har(oci.listTags(), oci.listReferrers()) },
    { name: 'DELETE by digest', har: har(oci.deleteManifest()) },
    { name: 'sha512 digest', har: har(oci.pullManifest({ ref: `sha512:${'0a'.repeat(64)}` })) },
    { name: 'unregistered algorithm that fits the digest grammar', har: har(oci.pullManifest({ ref: 'multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8' })) },
  ],
  invalid: [
    {
      name: 'upper case in the repository name',
      har: har(oci.pullManifest({ repo: 'Library/Hello' })),
      findings: [{ messageId: 'badName', entry: 0, severity: 'error' }],
    },
    {
      name: 'a bad name is reported once per capture',
      har: har(oci.headBlob({ repo: 'library/-hello' }), oci.pullBlob({ repo: 'library/-hello' }), oci.listTags({ repo: 'library/-hello' })),
      findings: [{ messageId: 'badName', entry: 0 }],
    },
    {
      name: 'bad name on an upload',
      har: har(oci.ping(), oci.startUpload({ repo: 'library/hello.' })),
      findings: [{ messageId: 'badName', entry: 1 }],
    },
    {
      name: '"__" is not allowed by the v1.0 grammar',
      spec: '1.0.1',
      har: har(oci.pullManifest({ repo: 'my__org/hello' })),
      findings: [{ messageId: 'badName', entry: 0 }],
    },
    {
      name: 'C9: empty reference (an empty Docker-Content-Digest taken as the digest to fetch)',
      har: har(oci.pullManifest({ head: true, omitDigestHeader: false, digest: '' }), oci.pullManifest({ ref: '', status: 404, resBody: '404 page not found\n' })),
      findings: [{ messageId: 'badReference', entry: 1, severity: 'error' }],
    },
    {
      name: 'tag starting with "-"',
      har: har(oci.pullManifest({ ref: '-latest' })),
      findings: [{ messageId: 'badReference', entry: 0 }],
    },
    {
      name: 'tag of 129 characters',
      har: har(oci.pullManifest({ ref: 'a'.repeat(129) })),
      findings: [{ messageId: 'badReference', entry: 0 }],
    },
    {
      name: 'sha256 digest of the wrong length',
      har: har(oci.pullManifest({ ref: 'sha256:abc' })),
      findings: [{ messageId: 'badReference', entry: 0 }],
    },
    {
      name: 'sha256 digest in upper-case hex',
      har: har(oci.pullManifest({ ref: DEFAULT_MANIFEST_DIGEST.toUpperCase().replace('SHA256', 'sha256') })),
      findings: [{ messageId: 'badReference', entry: 0 }],
    },
    {
      name: 'digest without an encoded part',
      har: har(oci.pullManifest({ ref: 'sha256:' })),
      findings: [{ messageId: 'badReference', entry: 0 }],
    },
    {
      name: 'bad tag on a manifest PUT',
      har: har(oci.pushManifest({ ref: 'v1+build' })),
      findings: [{ messageId: 'badReference', entry: 0 }],
    },
  ],
});
