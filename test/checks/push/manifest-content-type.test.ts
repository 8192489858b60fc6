import check from '../../../checks/push/manifest-content-type.js';
import { checkTester } from '../../support/check-tester.js';
import { DEFAULT_MANIFEST, exchange, har, type HarEntry, MT, oci, ociIndex, ociManifest } from '../../support/har.js';

/** Manifest PUT whose body the capture did not keep (Content-Type still sent). */
function bodyNotKept(): HarEntry[] {
  const [put] = oci.pushManifest();
  const copy = structuredClone(put!);
  delete copy.request.postData!.text;
  return [copy];
}

checkTester.run(check, {
  valid: [
    { name: 'whole image push: Content-Type equals the manifest mediaType', har: har(oci.pushImage()) },
    { name: 'image index pushed as an index', har: har(oci.pushManifest({ manifest: ociIndex(), ref: 'multi' })) },
    {
      name: 'Docker schema2 manifest pushed with its own type',
      har: har(oci.pushManifest({ manifest: { ...ociManifest(), mediaType: MT.dockerManifest } })),
    },
    {
      name: 'media type compared case-insensitively',
      har: har(oci.pushManifest({ contentType: 'Application/VND.OCI.Image.Manifest.v1+JSON' })),
    },
    { name: 'bearer-authenticated manifest push', har: har(oci.bearerFlow(oci.pushManifest())) },
    {
      name: 'v1.0.1: parameters were not yet discouraged',
      spec: '1.0.1',
      har: har(oci.pushManifest({ contentType: `${MT.manifest}; charset=utf-8` })),
    },
    { name: 'manifest GET is not a push', har: har(oci.pullManifest()) },
  ],
  invalid: [
    {
      name: 'no Content-Type',
      har: har(oci.pushManifest({ contentType: null })),
      findings: [{ messageId: 'missing', entry: 0, severity: 'warning' }],
    },
    {
      name: 'charset parameter',
      har: har(oci.pushManifest({ contentType: `${MT.manifest}; charset=utf-8` })),
      findings: [{ messageId: 'parameters', entry: 0, severity: 'warning' }],
    },
    {
      name: 'charset parameter (main)',
      spec: 'main',
      har: har(oci.pushManifest({ contentType: `${MT.manifest};charset=utf-8` })),
      findings: [{ messageId: 'parameters', entry: 0 }],
    },
    {
      name: 'manifest without a mediaType field (Helm style)',
      har: har(oci.pushManifest({ manifest: ociManifest({ mediaType: null }), contentType: MT.manifest })),
      findings: [{ messageId: 'noMediaType', entry: 0, severity: 'warning' }],
    },
    {
      name: 'OCI manifest sent as a Docker manifest',
      har: har(oci.pushManifest({ contentType: MT.dockerManifest })),
      findings: [{ messageId: 'mismatch', entry: 0, severity: 'error' }],
    },
    {
      name: 'index body sent with the image-manifest type (CVE-2021-41190 confusion)',
      har: har(oci.pushManifest({ manifest: ociIndex(), contentType: MT.manifest })),
      findings: [{ messageId: 'mismatch', entry: 0 }],
    },
    {
      name: 'v1.0.1: mismatch is already a MUST',
      spec: '1.0.1',
      har: har(oci.pushManifest({ contentType: MT.index })),
      findings: [{ messageId: 'mismatch', entry: 0, severity: 'error' }],
    },
    {
      name: 'third request of a push: generic JSON type instead of the manifest type',
      har: har(oci.pushBlob(), exchange({
        method: 'PUT',
        url: '/v2/library/hello/manifests/latest',
        status: 201,
        reqBody: DEFAULT_MANIFEST,
        reqHeaders: { 'Content-Type': MT.json },
        resHeaders: { Location: '/v2/library/hello/manifests/latest' },
      })),
      findings: [{ messageId: 'mismatch', entry: 2 }],
    },
  ],
  notEvaluable: [
    { name: 'manifest body not kept by the capture', har: har(bodyNotKept()) },
    { name: 'manifest body is not JSON', har: har(oci.pushManifest({ manifest: 'not json at all', contentType: MT.manifest })) },
  ],
});
