import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Synthetic capture shapes the benchmark measures. */
export type BenchShape = 'body-heavy' | 'metadata-heavy';

const REGISTRY = 'http://registry.bench:5000';
const UA = 'bench-client/1.0';
/** What skopeo sends on a manifest GET (samples/real/skopeo-push-pull.har): the shape real entries have. */
const ACCEPT = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.v1+prettyjws, application/vnd.docker.distribution.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.index.v1+json';

function header(name: string, value: string) {
  return { name, value };
}

/**
 * One entry with the fields and header set mitmproxy's har_dump writes for a registry pull
 * (compare samples/real/*.har: about 2 KB and a dozen headers per small exchange).
 */
function entry(i: number, method: string, url: string, status: number, resHeaders: { name: string; value: string }[], content: object, postData?: object) {
  const at = Date.UTC(2026, 10, 22, 10, 0, 0) + i * 10;
  return {
    startedDateTime: new Date(at).toISOString().replace('Z', '+00:00'),
    time: 5,
    request: {
      method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [header('Host', 'registry.bench:5000'), header('User-Agent', UA), header('Accept', ACCEPT), header('Docker-Distribution-Api-Version', 'registry/2.0'), header('Accept-Encoding', 'gzip'), header('Connection', 'close')],
      queryString: [],
      headersSize: 595,
      bodySize: 0,
      ...(postData ? { postData } : {}),
    },
    response: {
      status,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [...resHeaders, header('Docker-Distribution-Api-Version', 'registry/2.0'), header('X-Content-Type-Options', 'nosniff'), header('Date', new Date(at).toUTCString()), header('Connection', 'close')],
      content,
      redirectURL: '',
      headersSize: 422,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, receive: 0, wait: 5, connect: 0, ssl: -1 },
  };
}

/** A blob GET whose base64 body and Docker-Content-Digest agree, so digests are verified. */
function blobEntry(i: number, bytes: Buffer) {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  return entry(
    i,
    'GET',
    `${REGISTRY}/v2/bench/app/blobs/${digest}`,
    200,
    [header('Content-Type', 'application/octet-stream'), header('Content-Length', String(bytes.length)), header('Docker-Content-Digest', digest)],
    { size: bytes.length, mimeType: 'application/octet-stream', text: bytes.toString('base64'), encoding: 'base64' },
  );
}

/** Small exchanges in the proportions of a real pull: manifest GETs, HEADs, tag lists. */
function smallEntry(i: number) {
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'a'.repeat(64)}`, size: 100 + (i % 7) },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${'b'.repeat(64)}`, size: 1000 + i }],
  });
  const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
  switch (i % 3) {
    case 0:
      return entry(i, 'GET', `${REGISTRY}/v2/bench/app${i % 50}/manifests/v${i}`, 200, [header('Content-Type', 'application/vnd.oci.image.manifest.v1+json'), header('Docker-Content-Digest', digest), header('Content-Length', String(manifest.length)), header('Etag', `"${digest}"`)], { size: manifest.length, mimeType: 'application/vnd.oci.image.manifest.v1+json', text: manifest });
    case 1:
      return entry(i, 'HEAD', `${REGISTRY}/v2/bench/app${i % 50}/blobs/sha256:${'c'.repeat(64)}`, 200, [header('Content-Length', '1234'), header('Docker-Content-Digest', `sha256:${'c'.repeat(64)}`)], { size: 0, mimeType: 'application/octet-stream' });
    default: {
      const tags = JSON.stringify({ name: `bench/app${i % 50}`, tags: ['latest', `v${i}`] });
      return entry(i, 'GET', `${REGISTRY}/v2/bench/app${i % 50}/tags/list`, 200, [header('Content-Type', 'application/json')], { size: tags.length, mimeType: 'application/json', text: tags });
    }
  }
}

/**
 * Writes a synthetic HAR of about `targetBytes` to `path`, streaming (never holding the file),
 * and returns its entry count.
 */
export async function writeBenchHar(path: string, shape: BenchShape, targetBytes: number, blobBytes = 8 * 1024 * 1024): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  const write = async (text: string) => {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('{"log":{"version":"1.2","creator":{"name":"oci-har-check bench","version":"1"},"entries":[');
  let i = 0;
  // One random blob reused (with a byte varied) keeps generation fast; each body hashes differently.
  const blob = randomBytes(blobBytes);
  while (written < targetBytes) {
    let e: object;
    if (shape === 'body-heavy') {
      blob.writeUInt32LE(i, 0);
      e = blobEntry(i, blob);
    } else e = smallEntry(i);
    await write((i === 0 ? '' : ',') + JSON.stringify(e));
    i++;
  }
  await write(']}}');
  out.end();
  await once(out, 'finish');
  return i;
}
