import check from '../../../checks/discovery/referrers-response.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_MANIFEST, descriptor, EMPTY_DESCRIPTOR, har, jsonBytes, MT, ociIndex, ociManifest, oci, sha256Digest } from '../../support/har.js';

const SUBJECT = descriptor(DEFAULT_MANIFEST, MT.manifest);
const SBOM = jsonBytes(ociManifest({ artifactType: 'application/spdx+json', config: EMPTY_DESCRIPTOR, subject: SUBJECT }));
const sbomDescriptor = descriptor(SBOM, MT.manifest, { artifactType: 'application/spdx+json', annotations: { 'org.example': 'x' } });

checkTester.run(check, {
  valid: [
    { name: '404: the registry has no referrers API (clients fall back)', har: har(oci.listReferrers({ status: 404 })) },
    { name: '401 before authentication', har: har(oci.listReferrers({ status: 401 })) },
    { name: '400 for a malformed digest is right', har: har(oci.listReferrers({ subject: 'sha256:nothex', status: 400 })) },
    { name: 'paged with Link rel="next"', har: har(oci.listReferrers({ link: '</v2/library/hello/referrers/x?page=2>; rel="next"' })) },
    {
      name: 'push an image and an SBOM referring to it, then list referrers',
      har: har(oci.pushImage(), oci.pushManifest({ ref: sha256Digest(SBOM), manifest: SBOM }), oci.listReferrers({ manifests: [sbomDescriptor] })),
    },
    { name: 'no referrers: empty manifests array', har: har(oci.listReferrers()) },
    { name: 'filtered by artifactType', har: har(oci.listReferrers({ artifactType: 'application/spdx+json', manifests: [sbomDescriptor] })) },
    { name: 'an index entry needs no artifactType', har: har(oci.listReferrers({ manifests: [descriptor(jsonBytes(ociIndex()), MT.index)] })) },
    { name: 'Content-Type with a parameter still names the index type', har: har(oci.listReferrers({ contentType: `${MT.index}; charset=utf-8` })) },
    { name: '404 (referrers API unsupported) is not a listing', har: har(oci.listReferrers({ status: 404 })) },
  ],
  invalid: [
    {
      name: 'a 404 after the registry answered the API with 200 (§6 item 16)',
      har: har(oci.listReferrers(), oci.listReferrers({ subject: 'sha256:' + 'b'.repeat(64), status: 404 })),
      findings: [{ messageId: 'supportWithdrawn', entry: 1 }],
    },
    {
      name: 'a 404 after the registry confirmed a subject push with OCI-Subject',
      har: har(oci.pushManifest({ ref: 'sig', subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:' + 'c'.repeat(64), size: 10 } }), oci.listReferrers({ status: 404 })),
      findings: [{ messageId: 'supportWithdrawn', entry: 1 }],
    },
    {
      name: 'index entry that is not a descriptor (no size), by the referrers schema',
      har: har(oci.listReferrers({ manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:' + 'a'.repeat(64), artifactType: 'application/example' } as never] })),
      findings: [{ messageId: 'notIndex', entry: 0 }],
    },
    { name: 'referrers answered 405 (neither supported nor 404)', har: har(oci.listReferrers({ status: 405 })), findings: [{ messageId: 'unexpectedStatus', entry: 0 }] },
    { name: 'referrers answered 500', har: har(oci.listReferrers({ status: 500 })), findings: [{ messageId: 'unexpectedStatus', entry: 0 }] },
    { name: 'Link header without rel="next"', har: har(oci.listReferrers({ link: '</v2/library/hello/referrers/x?page=2>; rel="prev"' })), findings: [{ messageId: 'badLink', entry: 0 }] },
    {
      name: 'Content-Type application/json',
      har: har(oci.listReferrers({ contentType: MT.json })),
      findings: [{ messageId: 'contentType', entry: 0, severity: 'error' }],
    },
    {
      name: 'no Content-Type',
      har: har(oci.ping(), oci.listReferrers({ contentType: null })),
      findings: [{ messageId: 'contentType', entry: 1 }],
    },
    {
      name: 'body without a manifests array',
      har: har(oci.listReferrers({ resBody: jsonBytes({ schemaVersion: 2, mediaType: MT.index }) })),
      findings: [{ messageId: 'notIndex', entry: 0 }],
    },
    {
      name: 'body is not JSON',
      har: har(oci.listReferrers({ resBody: 'no referrers' })),
      findings: [{ messageId: 'notIndex', entry: 0 }],
    },
    {
      name: 'schemaVersion is not 2',
      har: har(oci.listReferrers({ resBody: jsonBytes({ schemaVersion: 1, mediaType: MT.index, manifests: [] }) })),
      findings: [{ messageId: 'notIndex', entry: 0 }],
    },
    {
      name: 'image manifest entry without artifactType',
      har: har(oci.listReferrers({ manifests: [descriptor(SBOM, MT.manifest)] })),
      findings: [{ messageId: 'noArtifactType', entry: 0, severity: 'warning' }],
    },
  ],
  notEvaluable: [
    { name: 'body not captured', har: har(oci.listReferrers({ resBody: { absent: true, size: 300 } })) },
  ],
});

