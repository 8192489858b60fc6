#!/usr/bin/env node
// A front for distribution that hands out upload Locations shaped like Google Artifact
// Registry's, outside /v2/: `/artifacts-uploads/namespaces/<ns>/repositories/<repo>/uploads/<id>`
// (rust-oci-client PR #175 quotes that shape). The spec allows it: the upload <location> is
// opaque and "does not necessarily need to be provided by the registry itself". Everything else
// passes through unchanged; requests to such a Location are mapped back to distribution's
// `/v2/<name>/blobs/uploads/<id>`, query kept, so a client that uses it can finish its upload.
// Node only (node:http). 127.0.0.1 only.
//   node gcp-like-front.mjs --port 5114 --upstream 5110
import { request, createServer } from 'node:http';

const args = new Map();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const PORT = Number(args.get('port'));
const UPSTREAM = Number(args.get('upstream'));
if (!PORT || !UPSTREAM) {
  console.error('gcp-like-front: --port and --upstream are required');
  process.exit(2);
}

const V2_UPLOAD = /^\/v2\/(.+)\/blobs\/uploads\/([^/?]+)$/;
const GCP_UPLOAD = /^\/artifacts-uploads\/namespaces\/([^/]+)\/repositories\/([^/]+)\/uploads\/([^/?]+)$/;

/** distribution's `/v2/<ns>/<repo>/blobs/uploads/<id>` → the Artifact Registry shape (names of two components). */
function toGcp(location) {
  const url = new URL(location, 'http://front.invalid');
  const m = V2_UPLOAD.exec(url.pathname);
  if (!m) return location;
  const [ns, ...rest] = m[1].split('/');
  if (rest.length !== 1) return location;
  return `/artifacts-uploads/namespaces/${ns}/repositories/${rest[0]}/uploads/${m[2]}${url.search}`;
}

/** And back, for the requests a client sends to such a Location. */
function toV2(path) {
  const url = new URL(path, 'http://front.invalid');
  const m = GCP_UPLOAD.exec(url.pathname);
  return m ? `/v2/${m[1]}/${m[2]}/blobs/uploads/${m[3]}${url.search}` : path;
}

createServer((req, res) => {
  const upstream = request(
    { host: '127.0.0.1', port: UPSTREAM, method: req.method, path: toV2(req.url), headers: req.headers },
    (up) => {
      const headers = { ...up.headers };
      if (headers.location && (up.statusCode === 202 || up.statusCode === 204)) headers.location = toGcp(headers.location);
      res.writeHead(up.statusCode, headers);
      up.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end(`gcp-like-front: ${error.message}\n`);
  });
  req.pipe(upstream);
}).listen(PORT, '127.0.0.1');
