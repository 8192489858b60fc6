#!/usr/bin/env node
// Drives one npm registry-client library through its public API, for capture-npm-clients.sh:
//   node --import ./node-proxy.mjs npm-clients.mjs <library> <prefix> <oci-layout> <basic-registry> <token-registry>
// <library>: docker-registry-client | @renovatebot/docker-registry-client | @snyk/docker-registry-v2-client,
// installed under <prefix>/node_modules (npm install --prefix). <basic-registry> (htpasswd) and
// <token-registry> (token auth) are host:port; the account is alice / wonderland on both.
// <oci-layout> is make-image.sh's image, already pushed to demo/hello:v1 (OCI) and
// demo/hello-docker:v1 (Docker schema 2) on both registries. Every step that must fail is
// checked to fail, and every one that must succeed to succeed: a run that does anything
// else stops with an error instead of recording something unexpected.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Readable } from 'node:stream';

const [library, prefix, layout, basic, token] = process.argv.slice(2);
if (!token) {
  console.error('usage: npm-clients.mjs <library> <prefix> <oci-layout> <basic-registry> <token-registry>');
  process.exit(2);
}
const require = createRequire(join(prefix, 'package.json'));
const USER = 'alice';
const PASSWORD = 'wonderland';
const WRONG = 'not-the-password';

// The seeded image, read from the layout: manifest, config and layer digests and bytes.
const blobPath = (digest) => join(layout, 'blobs', digest.replace(':', '/'));
const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
const manifestDigest = index.manifests[0].digest;
const ociManifest = JSON.parse(readFileSync(blobPath(manifestDigest), 'utf8'));
const config = { ...ociManifest.config, bytes: readFileSync(blobPath(ociManifest.config.digest)) };
const layer = { ...ociManifest.layers[0], bytes: readFileSync(blobPath(ociManifest.layers[0].digest)) };
// A Docker schema 2 manifest for the same blobs (the OCI config is a valid Docker config):
// what the restify-based clients can push, since they label every manifest PUT as Docker.
const dockerManifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.size, digest: config.digest },
  layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: layer.size, digest: layer.digest }],
});
const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

const log = (...args) => console.log(`[${library}]`, ...args);
function check(condition, message) {
  if (!condition) throw new Error(`${library}: ${message}`);
}
async function mustFail(label, promise) {
  try {
    await promise;
  } catch (err) {
    log(`${label}: failed as expected (${String(err.message ?? err).split('\n')[0].slice(0, 120)})`);
    return err;
  }
  throw new Error(`${library}: expected ${label} to fail, but it succeeded`);
}

// --- docker-registry-client (joyent, now MNX) and its renovatebot fork: callback API on restify-clients.

function restifyClient(drc) {
  const call = (fn) => new Promise((resolve, reject) => fn((err, ...rest) => (err ? reject(err) : resolve(rest))));
  return {
    create: (registry, repo, username, password, modern = true) =>
      drc.createClientV2({
        name: `${registry}/${repo}`,
        scheme: 'http',
        username,
        password,
        // The library's own default is maxSchemaVersion 1: no manifest types in Accept.
        ...(modern ? { maxSchemaVersion: 2, acceptManifestLists: true } : {}),
      }),
    // ping() answers 401 as an error; its response feeds login() so it does not ping again.
    pingAndLogin: (client) =>
      new Promise((resolve, reject) => {
        client.ping((pingErr, _body, pingRes) => {
          if (!pingRes) return reject(pingErr);
          client.login({ pingRes, pingErr }, (err) => (err ? reject(err) : resolve(pingRes.statusCode)));
        });
      }),
    getManifest: (client, ref) => call((cb) => client.getManifest({ ref }, cb)).then(([manifest, res, text]) => ({ manifest, res, text })),
    listTags: (client) => call((cb) => client.listTags(cb)).then(([tags]) => tags),
    headBlob: (client, digest) => call((cb) => client.headBlob({ digest }, cb)).then(([ress]) => ress),
    readBlob: (client, digest) =>
      call((cb) => client.createBlobReadStream({ digest }, cb)).then(
        ([stream]) =>
          new Promise((resolve, reject) => {
            const chunks = [];
            stream.on('data', (c) => chunks.push(c));
            stream.on('error', reject);
            stream.on('end', () => resolve(Buffer.concat(chunks)));
            stream.resume();
          }),
      ),
    upload: (client, blob) =>
      call((cb) => client.blobUpload({ digest: blob.digest, contentLength: blob.size, stream: Readable.from([blob.bytes]) }, cb)),
    putManifest: (client, manifest, ref) => call((cb) => client.putManifest({ manifest, ref }, cb)).then(([res, digest]) => ({ res, digest })),
  };
}

async function restifyWorkflows(drc, ociAccept) {
  const c = restifyClient(drc);
  const pushRepo = library.startsWith('@renovatebot/') ? 'demo/renovate' : 'demo/joyent';

  // htpasswd registry. A wrong password: login() takes Basic credentials on trust (no
  // request), so the refusal comes on the first real request.
  let client = c.create(basic, 'demo/hello-docker', USER, WRONG);
  check((await c.pingAndLogin(client)) === 401, 'ping of the htpasswd registry should be 401');
  await mustFail('getManifest with a wrong password', c.getManifest(client, 'v1'));
  client.close();

  // The right password: pull the Docker schema 2 image by tag and by digest, tags, blobs.
  client = c.create(basic, 'demo/hello-docker', USER, PASSWORD);
  await c.pingAndLogin(client);
  const byTag = await c.getManifest(client, 'v1');
  check(byTag.manifest.mediaType === 'application/vnd.docker.distribution.manifest.v2+json', 'hello-docker:v1 should be Docker schema 2');
  const dockerDigest = sha256(byTag.text);
  const byDigest = await c.getManifest(client, dockerDigest);
  check(byDigest.text === byTag.text, 'the manifest by digest should be the one by tag');
  log('tags', JSON.stringify(await c.listTags(client)));
  const head = await c.headBlob(client, byTag.manifest.layers[0].digest);
  check(head.at(-1).statusCode === 200, 'HEAD of the layer should be 200');
  check(sha256(await c.readBlob(client, byTag.manifest.layers[0].digest)) === byTag.manifest.layers[0].digest, 'layer digest');
  check(sha256(await c.readBlob(client, byTag.manifest.config.digest)) === byTag.manifest.config.digest, 'config digest');
  client.close();

  // The library's default client (maxSchemaVersion 1): Accept names no manifest type, so
  // distribution converts the schema 2 manifest to a signed schema 1 one, which the library
  // verifies (JWS) and accepts.
  client = c.create(basic, 'demo/hello-docker', USER, PASSWORD, false);
  const schema1 = await c.getManifest(client, 'v1');
  check(schema1.manifest.schemaVersion === 1, 'the default client should get schema 1');
  client.close();

  // Token registry: pull the OCI image by tag (the fork's Accept has no OCI type: 404).
  client = c.create(token, 'demo/hello', USER, PASSWORD);
  await c.pingAndLogin(client);
  if (ociAccept) {
    const oci = await c.getManifest(client, 'v1');
    check(oci.res.headers['docker-content-digest'] === manifestDigest, 'demo/hello:v1 should be the seeded OCI manifest');
    check(sha256(await c.readBlob(client, config.digest)) === config.digest, 'OCI config digest');
  } else {
    await mustFail('getManifest of an OCI manifest without OCI types in Accept', c.getManifest(client, 'v1'));
  }
  log('tags', JSON.stringify(await c.listTags(client)));
  client.close();

  // Push: blobUpload is POST then one PUT ?digest= with the bytes; putManifest PUTs the
  // manifest as Docker schema 2 (the library's only manifest Content-Type); both log in
  // again for pull,push.
  client = c.create(token, pushRepo, USER, PASSWORD);
  await c.upload(client, layer);
  await c.upload(client, config);
  const pushed = await c.putManifest(client, dockerManifest, 'v1');
  check(pushed.digest === sha256(dockerManifest), 'the pushed manifest digest');
  const back = await c.getManifest(client, pushed.digest);
  check(back.text === dockerManifest, 'the pushed manifest should come back byte for byte');
  client.close();
}

// --- @snyk/docker-registry-v2-client: promise API on needle; read-only (no push, no delete).

async function snykWorkflows(snyk) {
  // protocol: the library speaks https unless told. allowedHosts: its realm check accepts a
  // token realm on another host only when listed (auth.test is not registry.test).
  const options = { protocol: 'http:', allowedHosts: [...new Set([basic, token].map((r) => r.split(':')[0]).concat(['auth.test']))] };
  const dockerAccept = 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json';
  const ociAccept = `${dockerAccept}, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json`;

  // htpasswd registry: every call starts without credentials and resends with Basic on the 401.
  await mustFail('checkSupport with a wrong password', snyk.checkSupport(basic, USER, WRONG, options));
  await snyk.checkSupport(basic, USER, PASSWORD, options);
  const docker = await snyk.getManifest(basic, 'demo/hello-docker', 'v1', USER, PASSWORD, options);
  check(docker.manifestContentType === 'application/vnd.docker.distribution.manifest.v2+json', 'hello-docker:v1 should be Docker schema 2');
  const dockerConfig = await snyk.getImageConfig(basic, 'demo/hello-docker', docker.config.digest, USER, PASSWORD, options);
  check(dockerConfig.os === 'linux', 'the Docker config');
  const dockerLayer = await snyk.getLayer(basic, 'demo/hello-docker', docker.layers[0].digest, USER, PASSWORD, options);
  check(sha256(dockerLayer) === docker.layers[0].digest, 'layer digest');
  // The catalog one repository a page (n=1), following Link until it stops.
  log('repositories', JSON.stringify(await snyk.getRepos(basic, USER, PASSWORD, 1, 5, options)));

  // Token registry: 401, token (Basic to the realm), the same request with Bearer.
  await snyk.checkSupport(token, USER, PASSWORD, options);
  // The default Accept names Docker types only: distribution answers 404 for the OCI manifest.
  await mustFail('getManifest of an OCI manifest with the default Accept', snyk.getManifest(token, 'demo/hello', 'v1', USER, PASSWORD, options));
  const oci = await snyk.getManifest(token, 'demo/hello', 'v1', USER, PASSWORD, { ...options, acceptManifest: ociAccept });
  check(oci.manifestContentType === 'application/vnd.oci.image.manifest.v1+json', 'demo/hello:v1 should be OCI');
  const ociByDigest = await snyk.getManifest(token, 'demo/hello', manifestDigest, USER, PASSWORD, { ...options, acceptManifest: ociAccept });
  check(ociByDigest.manifestDigest === manifestDigest, 'the OCI manifest by digest');
  const ociConfig = await snyk.getImageConfig(token, 'demo/hello', config.digest, USER, PASSWORD, options);
  check(ociConfig.architecture === 'amd64', 'the OCI config');
  log('tags', JSON.stringify(await snyk.getTags(token, 'demo/hello', USER, PASSWORD, 10, 1, options)));
  // A repository the account may not pull: the token carries no access, the retry is 401 again.
  await mustFail('getManifest of a repository alice may not pull', snyk.getManifest(token, 'private/hello', 'v1', USER, PASSWORD, options));
}

const mod = require(library);
if (library === '@snyk/docker-registry-v2-client') await snykWorkflows(mod);
else await restifyWorkflows(mod, library === 'docker-registry-client');
log('done');
