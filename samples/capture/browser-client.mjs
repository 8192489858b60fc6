// A small OCI Distribution client that talks to the registry from inside Chromium, so the HAR
// is what Chromium's network stack sent and received, recorded by Playwright's recordHar.
// Every request is a fetch() run in a page on the registry's own origin (same-origin: no
// CORS, every response header readable). Playwright's context.request is NOT used: it is
// Playwright's Node HTTP client, not Chromium's, and a browser context's recordHar does not
// record it. Node computes and checks every digest (node:crypto).
//
//   PLAYWRIGHT_CORE=<dir of playwright-core> node browser-client.mjs <registry-url> <out.har> <user-data-dir> [scenario]
//
// scenario "basic" (the default): push, pull, tags, mounts, an upload cancelled, referrers, delete.
// scenario "artifact": an image, then two artifacts whose subject is that image, each followed by
// the referrers tag fallback when the registry does not answer OCI-Subject; then a consumer
// asks the referrers API and, on 404, reads the tag.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

const [registry, harPath, userDataDir, scenario = 'basic'] = process.argv.slice(2);
if (!registry || !harPath || !userDataDir || !['basic', 'artifact'].includes(scenario)) {
  console.error('usage: browser-client.mjs <registry-url> <out.har> <user-data-dir> [basic|artifact]');
  process.exit(2);
}
// playwright-core lives in a capture-time directory (PLAYWRIGHT_CORE), not in the project's package.json
const { chromium } = createRequire(import.meta.url)(process.env.PLAYWRIGHT_CORE ?? 'playwright-core');

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const MANIFEST_ACCEPT = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST].join(', ');
const OCTET = 'application/octet-stream';

const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

// ---- a tiny image, the same bytes on every run -----------------------------------------

/** One-file ustar archive with a fixed owner and mtime. */
function tarOf(name, content) {
  const header = Buffer.alloc(512);
  const put = (offset, length, value) => header.write(value, offset, length, 'ascii');
  const octal = (n, width) => n.toString(8).padStart(width - 1, '0') + '\0';
  put(0, 100, name);
  put(100, 8, octal(0o644, 8));
  put(108, 8, octal(0, 8));
  put(116, 8, octal(0, 8));
  put(124, 12, octal(content.length, 12));
  put(136, 12, octal(1704067200, 12)); // 2024-01-01T00:00:00Z
  put(148, 8, '        ');
  put(156, 1, '0');
  put(257, 8, 'ustar\x0000');
  put(265, 32, 'root');
  put(297, 32, 'root');
  let sum = 0;
  for (const b of header) sum += b;
  put(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  const pad = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, pad, Buffer.alloc(1024)]);
}

const tarA = tarOf('hello.txt', Buffer.from('hello from oci-har-check, pushed by chromium\n'));
// big enough that its gzip is worth two chunks; a fixed pseudo-random text (xorshift)
let seed = 0x2545f491;
const words = [];
for (let i = 0; i < 700; i++) {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  words.push(seed.toString(36));
}
const tarB = tarOf('etc/words.txt', Buffer.from(`${words.join(' ')}\n`));
const layerA = gzipSync(tarA, { level: 9 });
const layerB = gzipSync(tarB, { level: 9 });
const config = Buffer.from(
  JSON.stringify({
    created: '2024-01-01T00:00:00Z',
    architecture: 'amd64',
    os: 'linux',
    config: { Cmd: ['/hello.txt'] },
    rootfs: { type: 'layers', diff_ids: [sha256(tarA), sha256(tarB)] },
    history: [
      { created: '2024-01-01T00:00:00Z', created_by: 'oci-har-check browser-client.mjs (hello.txt)' },
      { created: '2024-01-01T00:00:00Z', created_by: 'oci-har-check browser-client.mjs (words.txt)' },
    ],
  }),
);
const descriptor = (mediaType, bytes) => ({ mediaType, digest: sha256(bytes), size: bytes.length });
const manifest = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: descriptor('application/vnd.oci.image.config.v1+json', config),
    layers: [descriptor('application/vnd.oci.image.layer.v1.tar+gzip', layerA), descriptor('application/vnd.oci.image.layer.v1.tar+gzip', layerB)],
  }),
);
const manifestDigest = sha256(manifest);

// ---- HTTP through the page --------------------------------------------------------------

let page;
const log = (...a) => console.log(...a);

/** One request with fetch() inside Chromium. The body is read to the end every time (an unread
 *  response is cancelled, and Playwright then records it as failed with net::ERR_ABORTED). */
async function http(method, url, { headers = {}, body } = {}) {
  const target = new URL(url, registry).href;
  const res = await page.evaluate(
    async ({ method, target, headers, body }) => {
      const bytes = body === undefined ? undefined : Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
      // no-store: never answer from Chromium's HTTP cache, never send conditional requests
      const r = await fetch(target, { method, headers, body: bytes, cache: 'no-store', redirect: 'follow' });
      const got = new Uint8Array(await r.arrayBuffer());
      let s = '';
      for (let i = 0; i < got.length; i++) s += String.fromCharCode(got[i]);
      return { status: r.status, url: r.url, headers: [...r.headers], body: btoa(s) };
    },
    { method, target, headers, body: body === undefined ? undefined : Buffer.from(body).toString('base64') },
  );
  const h = new Map(res.headers);
  const out = { status: res.status, url: res.url, header: (n) => h.get(n.toLowerCase()) ?? null, body: Buffer.from(res.body, 'base64') };
  log(`${method} ${new URL(target).pathname}${new URL(target).search.slice(0, 60)} -> ${out.status}`);
  return out;
}

function expect(res, ...statuses) {
  if (!statuses.includes(res.status)) throw new Error(`unexpected status ${res.status} (wanted ${statuses.join('/')}): ${res.body.toString().slice(0, 300)}`);
  return res;
}

/** A Location header resolved against the URL that answered (it may be relative). */
function location(res) {
  const loc = res.header('location');
  if (!loc) throw new Error(`no Location on ${res.status} from ${res.url}`);
  return new URL(loc, res.url).href;
}

/** The upload URL as given, with digest= appended and every existing parameter kept. */
const withDigest = (loc, digest) => `${loc}${loc.includes('?') ? '&' : '?'}digest=${digest}`;

/** A client that uses Docker-Content-Digest checks it against the bytes (PULL-12, BLOB-04). */
function verify(res, digest, what) {
  const got = sha256(res.body);
  if (got !== digest) throw new Error(`${what}: body hashes to ${got}, wanted ${digest}`);
  const header = res.header('docker-content-digest');
  if (header !== null && header !== digest) throw new Error(`${what}: Docker-Content-Digest ${header}, wanted ${digest}`);
}

// ---- the OCI client ---------------------------------------------------------------------

async function blobExists(repo, digest) {
  const res = expect(await http('HEAD', `/v2/${repo}/blobs/${digest}`), 200, 404);
  return res.status === 200;
}

/** POST then PUT with the whole blob (end-4a, end-6). */
async function pushMonolithic(repo, bytes) {
  const digest = sha256(bytes);
  if (await blobExists(repo, digest)) return digest;
  const session = expect(await http('POST', `/v2/${repo}/blobs/uploads/`), 202);
  const done = expect(await http('PUT', withDigest(location(session), digest), { headers: { 'Content-Type': OCTET }, body: bytes }), 201);
  location(done);
  return digest;
}

/** POST, PATCH chunks with inclusive Content-Range, each to the newest Location, then an empty PUT. */
async function pushChunked(repo, bytes, chunkSize) {
  const digest = sha256(bytes);
  if (await blobExists(repo, digest)) return digest;
  let loc = location(expect(await http('POST', `/v2/${repo}/blobs/uploads/`), 202));
  for (let start = 0; start < bytes.length; start += chunkSize) {
    const chunk = bytes.subarray(start, Math.min(start + chunkSize, bytes.length));
    const end = start + chunk.length - 1;
    const res = expect(await http('PATCH', loc, { headers: { 'Content-Type': OCTET, 'Content-Range': `${start}-${end}` }, body: chunk }), 202);
    if (res.header('range') !== `0-${end}`) throw new Error(`PATCH ${start}-${end}: registry says Range ${res.header('range')}`);
    loc = location(res);
  }
  location(expect(await http('PUT', withDigest(loc, digest)), 201));
  return digest;
}

async function pushManifest(repo, reference, bytes, mediaType) {
  const res = expect(await http('PUT', `/v2/${repo}/manifests/${reference}`, { headers: { 'Content-Type': mediaType }, body: bytes }), 201);
  location(res);
  const header = res.header('docker-content-digest');
  if (header !== null && header !== sha256(bytes)) throw new Error(`manifest PUT: Docker-Content-Digest ${header}, wanted ${sha256(bytes)}`);
}

async function main() {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    // a .zip path: Playwright's zip format, every body a sidecar file referenced by `_file`
    recordHar: harPath.endsWith('.zip') ? { path: harPath, content: 'attach', mode: 'full' } : { path: harPath, content: 'embed', mode: 'full' },
  });
  page = context.pages()[0] ?? (await context.newPage());
  // The page that hosts the client: the registry's own origin. Its GET /v2/ is the support check
  // a browser makes by navigating (recorded like every other request).
  const nav = await page.goto(new URL('/v2/', registry).href);
  if (nav?.status() !== 200) throw new Error(`GET /v2/ (navigation): ${nav?.status()}`);

  await (scenario === 'artifact' ? artifacts() : basic());

  await context.close(); // writes the HAR
  log(`manifest ${manifestDigest}`);
}

async function basic() {
  const repo = 'demo/hello';
  // API version check, as a client (end-1)
  expect(await http('GET', '/v2/'), 200);

  // push: layer A monolithic, layer B chunked (two PATCHes), config monolithic, then the manifest
  await pushMonolithic(repo, layerA);
  await pushChunked(repo, layerB, Math.ceil(layerB.length / 2));
  await pushMonolithic(repo, config);
  await pushManifest(repo, 'v1', manifest, OCI_MANIFEST);
  await pushManifest(repo, 'v2', manifest, OCI_MANIFEST);

  // pull: HEAD and GET by tag, GET by digest, then every blob
  const head = expect(await http('HEAD', `/v2/${repo}/manifests/v1`, { headers: { Accept: MANIFEST_ACCEPT } }), 200);
  if (head.header('docker-content-digest') !== manifestDigest) throw new Error(`HEAD: digest ${head.header('docker-content-digest')}`);
  const byTag = expect(await http('GET', `/v2/${repo}/manifests/v1`, { headers: { Accept: MANIFEST_ACCEPT } }), 200);
  verify(byTag, manifestDigest, 'manifest by tag');
  if (byTag.header('content-type') !== OCI_MANIFEST) throw new Error(`manifest by tag: Content-Type ${byTag.header('content-type')}`);
  const headByDigest = expect(await http('HEAD', `/v2/${repo}/manifests/${manifestDigest}`, { headers: { Accept: MANIFEST_ACCEPT } }), 200);
  if (Number(headByDigest.header('content-length')) !== manifest.length) throw new Error(`HEAD by digest: Content-Length ${headByDigest.header('content-length')}`);
  const byDigest = expect(await http('GET', `/v2/${repo}/manifests/${manifestDigest}`, { headers: { Accept: MANIFEST_ACCEPT } }), 200);
  verify(byDigest, manifestDigest, 'manifest by digest');
  const pulled = JSON.parse(byDigest.body.toString('utf8'));
  for (const d of [pulled.config, ...pulled.layers]) {
    const blob = expect(await http('GET', `/v2/${repo}/blobs/${d.digest}`), 200);
    verify(blob, d.digest, `blob ${d.digest}`);
    if (blob.body.length !== d.size) throw new Error(`blob ${d.digest}: ${blob.body.length} bytes, descriptor says ${d.size}`);
  }

  // resume-style partial read of the big layer (BLOB-06: registries SHOULD honour Range)
  const big = pulled.layers[1];
  const partial = expect(await http('GET', `/v2/${repo}/blobs/${big.digest}`, { headers: { Range: 'bytes=0-99' } }), 200, 206);
  if (partial.status === 206 && !partial.body.equals(layerB.subarray(0, 100))) throw new Error('Range read: wrong bytes');
  log(`  Range read: ${partial.status} ${partial.header('content-range')}`);

  // a consumer that understands only Docker schema 2 asks for the same tag
  const dockerOnly = await http('GET', `/v2/${repo}/manifests/v1`, { headers: { Accept: `${DOCKER_MANIFEST}, ${DOCKER_LIST}` } });
  log(`  Docker-only Accept: ${dockerOnly.status} ${dockerOnly.header('content-type')}`);

  // tags, one per page, following Link (not building last= ourselves)
  const tags = [];
  let next = `/v2/${repo}/tags/list?n=1`;
  for (let pageNo = 0; next && pageNo < 10; pageNo++) {
    const res = expect(await http('GET', next), 200);
    tags.push(...JSON.parse(res.body.toString('utf8')).tags);
    const link = res.header('link');
    const m = link && /<([^>]*)>\s*;\s*rel="?next"?/.exec(link);
    next = m ? new URL(m[1], res.url).href : null;
  }
  log(`  tags: ${tags.join(', ')}`);

  // copy into another repository: mount every blob, then push the manifest there
  const copy = 'demo/copy';
  for (const d of [pulled.config, ...pulled.layers]) {
    const res = expect(await http('POST', `/v2/${copy}/blobs/uploads/?mount=${d.digest}&from=${repo}`), 201, 202);
    if (res.status === 202) throw new Error(`mount of ${d.digest} fell back to an upload session`);
    location(res);
  }
  await pushManifest(copy, 'v1', manifest, OCI_MANIFEST);

  // an upload we give up on: one chunk, a status check, then cancel (end-13, end-14)
  let loc = location(expect(await http('POST', `/v2/${repo}/blobs/uploads/`), 202));
  const part = Buffer.from('an upload that will be cancelled\n');
  loc = location(expect(await http('PATCH', loc, { headers: { 'Content-Type': OCTET, 'Content-Range': `0-${part.length - 1}` }, body: part }), 202));
  const status = expect(await http('GET', loc), 204);
  log(`  upload status Range: ${status.header('range')}`);
  loc = location(status);
  await http('DELETE', loc, { body: Buffer.alloc(0) }); // cancel, Content-Length: 0; failures are ignored (CHUNK-16)
  expect(await http('GET', loc), 404);

  // referrers of the manifest; on 404 fall back to the referrers tag schema (REF-09)
  const referrers = await http('GET', `/v2/${repo}/referrers/${manifestDigest}`, { headers: { Accept: OCI_INDEX } });
  if (referrers.status === 404) {
    const fallback = await http('GET', `/v2/${repo}/manifests/${manifestDigest.replace(':', '-')}`, { headers: { Accept: OCI_INDEX } });
    log(`  referrers API absent; tag schema: ${fallback.status}`);
  } else expect(referrers, 200);

  // delete the manifest by digest; it and its tags are gone afterwards
  expect(await http('DELETE', `/v2/${repo}/manifests/${manifestDigest}`), 202);
  expect(await http('GET', `/v2/${repo}/manifests/${manifestDigest}`, { headers: { Accept: MANIFEST_ACCEPT } }), 404);
  expect(await http('GET', `/v2/${repo}/manifests/v1`, { headers: { Accept: MANIFEST_ACCEPT } }), 404);
}

// ---- artifacts with a subject (scenario "artifact") -------------------------------------

const EMPTY = 'application/vnd.oci.empty.v1+json';
const emptyBlob = Buffer.from('{}');

/** An artifact manifest (image-spec 1.1): artifactType, the empty config, one layer, subject. */
function artifactManifest(artifactType, layerMediaType, layerBytes, annotations) {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType,
      config: descriptor(EMPTY, emptyBlob),
      layers: [descriptor(layerMediaType, layerBytes)],
      subject: descriptor(OCI_MANIFEST, manifest),
      annotations,
    }),
  );
}

/** The referrers tag schema (RTS-01): <alg>-<hex>, both short enough here to need no truncation. */
const referrersTag = (digest) => digest.replace(':', '-');

/**
 * Pushes an artifact by digest; without OCI-Subject in the answer the registry has no referrers
 * API, so the client maintains the referrers tag (SUBJ-02): GET it, start from an empty index on
 * 404, refuse anything but an index, add the artifact's descriptor (artifactType and annotations
 * copied) unless it is listed, and PUT the index back to the same tag.
 */
async function pushArtifact(repo, bytes) {
  const m = JSON.parse(bytes.toString('utf8'));
  await pushMonolithic(repo, emptyBlob);
  for (const layer of m.layers) await pushMonolithic(repo, layerBytesByDigest.get(layer.digest));
  const digest = sha256(bytes);
  const res = expect(await http('PUT', `/v2/${repo}/manifests/${digest}`, { headers: { 'Content-Type': OCI_MANIFEST }, body: bytes }), 201);
  location(res);
  if (res.header('docker-content-digest') !== null && res.header('docker-content-digest') !== digest) throw new Error(`artifact PUT: Docker-Content-Digest ${res.header('docker-content-digest')}`);
  const confirmed = res.header('oci-subject');
  if (confirmed !== null) {
    if (confirmed !== m.subject.digest) throw new Error(`OCI-Subject ${confirmed}, wanted ${m.subject.digest}`);
    log('  registry has the referrers API (OCI-Subject); no tag to maintain');
    return digest;
  }
  const tag = referrersTag(m.subject.digest);
  const current = expect(await http('GET', `/v2/${repo}/manifests/${tag}`, { headers: { Accept: OCI_INDEX } }), 200, 404);
  let index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] };
  if (current.status === 200) {
    index = JSON.parse(current.body.toString('utf8'));
    if (index.mediaType !== OCI_INDEX || !Array.isArray(index.manifests)) throw new Error(`referrers tag ${tag} holds something else than an image index`);
  }
  if (!index.manifests.some((d) => d.digest === digest)) {
    index.manifests.push({ mediaType: OCI_MANIFEST, digest, size: bytes.length, artifactType: m.artifactType ?? m.config.mediaType, annotations: m.annotations });
  }
  const body = Buffer.from(JSON.stringify(index));
  const put = expect(await http('PUT', `/v2/${repo}/manifests/${tag}`, { headers: { 'Content-Type': OCI_INDEX }, body }), 201);
  location(put);
  log(`  referrers tag ${tag}: ${index.manifests.length} entries (was ${current.status})`);
  return digest;
}

const layerBytesByDigest = new Map();
const sbom = Buffer.from(
  JSON.stringify({
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'oci-har-check sample image',
    documentNamespace: 'https://oci-har-check.dev/spdx/sample-image',
    creationInfo: { created: '2024-01-01T00:00:00Z', creators: ['Tool: oci-har-check browser-client.mjs'] },
    packages: [],
  }),
);
const signature = Buffer.from(JSON.stringify({ critical: { image: { 'docker-manifest-digest': manifestDigest }, type: 'oci-har-check sample signature' }, optional: null }));
layerBytesByDigest.set(sha256(sbom), sbom).set(sha256(signature), signature);
const sbomArtifact = artifactManifest('application/spdx+json', 'application/spdx+json', sbom, {
  'org.opencontainers.image.created': '2024-01-01T00:00:00Z',
  'org.opencontainers.image.description': 'SPDX SBOM of the sample image',
});
const signatureArtifact = artifactManifest('application/vnd.oci-har-check.signature.v1+json', 'application/vnd.oci-har-check.signature.v1+json', signature, {
  'org.opencontainers.image.created': '2024-01-01T00:00:00Z',
});

async function artifacts() {
  const repo = 'demo/signed';
  expect(await http('GET', '/v2/'), 200);

  // the subject: the basic scenario's image, every blob monolithic, tagged v1
  await pushMonolithic(repo, layerA);
  await pushMonolithic(repo, layerB);
  await pushMonolithic(repo, config);
  await pushManifest(repo, 'v1', manifest, OCI_MANIFEST);

  // two artifacts that refer to it: the first creates the referrers tag (404), the second extends it
  const sbomDigest = await pushArtifact(repo, sbomArtifact);
  const signatureDigest = await pushArtifact(repo, signatureArtifact);

  // a consumer looks for the SBOM: referrers API, on 404 the tag schema (REF-09), filtered here
  let listing;
  const referrers = expect(await http('GET', `/v2/${repo}/referrers/${manifestDigest}`, { headers: { Accept: OCI_INDEX } }), 200, 404);
  if (referrers.status === 404) {
    const tag = expect(await http('GET', `/v2/${repo}/manifests/${referrersTag(manifestDigest)}`, { headers: { Accept: OCI_INDEX } }), 200);
    listing = JSON.parse(tag.body.toString('utf8'));
  } else listing = JSON.parse(referrers.body.toString('utf8'));
  const listed = listing.manifests.map((d) => d.digest);
  if (!listed.includes(sbomDigest) || !listed.includes(signatureDigest)) throw new Error(`referrers list lacks an artifact: ${listed.join(', ')}`);
  const found = listing.manifests.find((d) => d.artifactType === 'application/spdx+json');
  const got = expect(await http('GET', `/v2/${repo}/manifests/${found.digest}`, { headers: { Accept: OCI_MANIFEST } }), 200);
  verify(got, found.digest, 'SBOM manifest');
  const sbomManifest = JSON.parse(got.body.toString('utf8'));
  if (sbomManifest.subject?.digest !== manifestDigest) throw new Error('SBOM manifest: wrong subject');
  const blob = expect(await http('GET', `/v2/${repo}/blobs/${sbomManifest.layers[0].digest}`), 200);
  verify(blob, sbomManifest.layers[0].digest, 'SBOM blob');
  log(`  SBOM ${found.digest}, signature ${signatureDigest}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
