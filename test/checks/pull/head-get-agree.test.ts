import check from '../../../checks/pull/head-get-agree.js';
import { checkTester } from '../../support/check-tester.js';
import { har, MT, oci, ociIndex } from '../../support/har.js';

const OTHER = 'sha256:1111111111111111111111111111111111111111111111111111111111111111';
const list = ociIndex();

checkTester.run(check, {
  valid: [
    { name: 'HEAD then GET of a manifest by tag agree', har: har(oci.pullManifest({ head: true }), oci.pullManifest()) },
    { name: 'GET then HEAD of a blob agree', har: har(oci.pullBlob(), oci.headBlob()) },
    { name: 'HEAD 404 then push then GET 200 (the normal push pattern)', har: har(oci.pushImage(), oci.pullManifest()) },
    { name: 'HEAD 404 of a blob, upload, GET 200', har: har(oci.headBlob({ exists: false }), oci.pushBlob(), oci.pullBlob()) },
    { name: 'both 404', har: har(oci.headBlob({ exists: false }), oci.pullBlob({ status: 404 })) },
    { name: 'different Accept lists may negotiate different manifests', har: har(oci.pullManifest({ head: true, accept: MT.manifest, digest: OTHER }), oci.pullManifest({ manifest: list })) },
    { name: 'a manifest PUT of the tag in between', har: har(oci.pullManifest({ head: true, digest: OTHER }), oci.pushManifest({ ref: 'latest' }), oci.pullManifest()) },
    { name: '401 challenge is not compared', har: har(oci.pullManifest({ head: true, status: 401 }), oci.pullManifest()) },
    { name: 'other repository', har: har(oci.pullManifest({ head: true, repo: 'other/repo', status: 404 }), oci.pullManifest()) },
  ],
  invalid: [
    {
      name: 'HEAD by tag names another digest than GET (Docker Hub manifest-list bug)',
      har: har(oci.pullManifest({ head: true, manifest: list, digest: OTHER }), oci.pullManifest({ manifest: list })),
      findings: [{ messageId: 'digest', entry: 1, severity: 'error', confidence: 'observed' }],
    },
    {
      name: 'same under --spec 1.0.1',
      spec: '1.0.1',
      har: har(oci.pullManifest({ head: true, manifest: list, digest: OTHER }), oci.pullManifest({ manifest: list })),
      findings: [{ messageId: 'digest', entry: 1, severity: 'error' }],
    },
    {
      name: 'HEAD of a blob 200, GET 404',
      har: har(oci.headBlob(), oci.pullBlob({ status: 404 })),
      findings: [{ messageId: 'existence', entry: 1 }],
    },
    {
      name: 'GET of a manifest 200, HEAD 404',
      har: har(oci.pullManifest(), oci.pullManifest({ head: true, status: 404 })),
      findings: [{ messageId: 'existence', entry: 1 }],
    },
    {
      name: 'HEAD Content-Length differs from the GET body',
      har: har(oci.headBlob({ size: 99 }), oci.pullBlob()),
      findings: [{ messageId: 'length', entry: 1 }],
    },
    {
      name: 'each pair is compared once',
      har: har(oci.headBlob({ size: 99 }), oci.pullBlob(), oci.pullBlob()),
      findings: [{ messageId: 'length', entry: 1 }],
    },
  ],
  notEvaluable: [
    {
      name: 'GET body not captured and no Content-Length',
      har: har(oci.headBlob(), oci.pullBlob({ resBody: { absent: true, size: 3 }, resHeaders: { 'Content-Length': null } })),
    },
  ],
});
