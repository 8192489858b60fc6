import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { analyzeCapture } from '../../src/analyze.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { type HarEntry, Recorder } from '../../src/record/proxy.js';

// A small registry, token server and blob storage on 127.0.0.1, with the recorder in front:
// the client (fetch) only ever talks to the recorder.

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const BLOB = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0x00, 0x10, 0x20]);
const BIG = Buffer.alloc(3 * 1024 * 1024, 7);
const MANIFEST = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha('{}'), size: 2 }, layers: [{ mediaType: 'application/octet-stream', digest: sha(BLOB), size: BLOB.length }] });

function listen(handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks)));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const originOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

let registry: Server;
let auth: Server;
let storage: Server;
const storageSawAuthorization: (string | undefined)[] = [];

beforeAll(async () => {
  auth = await listen((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: 'tok', expires_in: 300 }));
  });
  storage = await listen((req, res) => {
    storageSawAuthorization.push(req.headers.authorization);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': BLOB.length }).end(BLOB);
  });
  registry = await listen((req, res, body) => {
    const self = originOf(registry);
    const url = new URL(req.url!, self);
    if (req.headers.authorization !== 'Bearer tok') {
      res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="${originOf(auth)}/token",service="fake"`, 'Content-Type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    if (url.pathname === '/v2/') return void res.writeHead(200, { 'Content-Type': 'application/json', 'Docker-Distribution-API-Version': 'registry/2.0' }).end('{}');
    if (req.method === 'POST') return void res.writeHead(202, { Location: `${self}/v2/demo/blobs/uploads/s1?_state=a`, Range: '0-0', 'Content-Length': 0 }).end();
    if (req.method === 'PUT' && url.pathname.includes('/blobs/uploads/')) {
      const digest = url.searchParams.get('digest')!;
      expect(sha(body)).toBe(digest);
      return void res.writeHead(201, { Location: `/v2/demo/blobs/${digest}`, 'Docker-Content-Digest': digest, 'Content-Length': 0 }).end();
    }
    if (req.method === 'PUT') return void res.writeHead(201, { Location: `/v2/demo/manifests/${sha(body)}`, 'Docker-Content-Digest': sha(body), 'Content-Length': 0 }).end();
    if (url.pathname.startsWith('/v2/demo/blobs/')) return void res.writeHead(307, { Location: `${originOf(storage)}/bucket/${url.pathname.split('/').pop()}?X-Amz-Signature=abc` }).end();
    res.writeHead(404).end();
  });
});

afterAll(() => {
  for (const s of [registry, auth, storage]) s?.close();
});

async function session(inlineLimit: number): Promise<{ entries: HarEntry[]; origin: string }> {
  const entries: HarEntry[] = [];
  const recorder = new Recorder({ upstream: new URL(originOf(registry)), host: '127.0.0.1', port: 0, redirects: 'proxy', inlineLimit, upstreamInsecure: false, onEntry: (e) => entries.push(e) });
  const origin = await recorder.listen();
  // The client's part: challenge → token (at the realm it was given) → push → pull through a redirect.
  const challenge = await fetch(`${origin}/v2/`);
  const realm = /realm="([^"]+)"/.exec(challenge.headers.get('www-authenticate') ?? '')![1]!;
  expect(realm.startsWith(origin)).toBe(true);
  const { token } = (await (await fetch(`${realm}?service=fake&scope=repository:demo:pull,push`, { headers: { Authorization: 'Basic dTpw' } })).json()) as { token: string };
  const authz = { Authorization: `Bearer ${token}` };
  expect((await fetch(`${origin}/v2/`, { headers: authz })).status).toBe(200);
  for (const blob of [BLOB, BIG]) {
    const started = await fetch(`${origin}/v2/demo/blobs/uploads/`, { method: 'POST', headers: authz });
    const location = started.headers.get('location')!;
    expect(location.startsWith(origin)).toBe(true);
    const put = await fetch(`${location}&digest=${sha(blob)}`, { method: 'PUT', headers: { ...authz, 'Content-Type': 'application/octet-stream' }, body: blob });
    expect(put.status).toBe(201);
  }
  expect((await fetch(`${origin}/v2/demo/manifests/v1`, { method: 'PUT', headers: { ...authz, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, body: MANIFEST })).status).toBe(201);
  const pulled = await fetch(`${origin}/v2/demo/blobs/${sha(BLOB)}`, { headers: authz });
  expect(Buffer.from(await pulled.arrayBuffer())).toEqual(BLOB);
  await recorder.close();
  return { entries, origin };
}

describe('record: the recorder in front of a registry', () => {
  let entries: HarEntry[];
  let origin: string;
  beforeAll(async () => {
    ({ entries, origin } = await session(1024 * 1024));
  });

  it('records every exchange with the URLs and headers the other side really used', () => {
    const lines = entries.map((e) => `${e.request.method as string} ${new URL(e.request.url as string).origin === originOf(registry) ? 'registry' : new URL(e.request.url as string).origin === originOf(auth) ? 'auth' : 'storage'} ${(e.response.status as number)}`);
    expect(lines).toEqual(['GET registry 401', 'GET auth 200', 'GET registry 200', 'POST registry 202', 'PUT registry 201', 'POST registry 202', 'PUT registry 201', 'PUT registry 201', 'GET registry 307', 'GET storage 200']);
    const challenge = entries[0]!.response.headers as { name: string; value: string }[];
    expect(challenge.find((h) => h.name === 'WWW-Authenticate')!.value).toBe(`Bearer realm="${originOf(auth)}/token",service="fake"`);
    expect(entries[8]!.response.redirectURL).toMatch(new RegExp(`^${originOf(storage)}/bucket/`));
  });

  it('lists each rewrite, with what the client was given', () => {
    const realm = entries[0]!._ociHarCheck.rewrites.find((r) => r.where === 'response.headers.WWW-Authenticate')!;
    expect(realm.sent).toContain(`${origin}/_oci-har-check/origin/`);
    const location = entries[3]!._ociHarCheck.rewrites.find((r) => r.where === 'response.headers.Location')!;
    expect(location).toEqual({ where: 'response.headers.Location', original: `${originOf(registry)}/v2/demo/blobs/uploads/s1?_state=a`, sent: `${origin}/v2/demo/blobs/uploads/s1?_state=a` });
    expect(entries[9]!._ociHarCheck.clientUrl.startsWith(`${origin}/_oci-har-check/origin/`)).toBe(true);
  });

  it('does not pass registry credentials to storage on another host, and says so', () => {
    expect(storageSawAuthorization).toEqual([undefined]);
    expect((entries[9]!.request.headers as { name: string }[]).some((h) => h.name.toLowerCase() === 'authorization')).toBe(false);
    expect(entries[9]!._ociHarCheck.rewrites.map((r) => r.where.toLowerCase())).toContain('request.headers.authorization');
  });

  it('writes bodies byte for byte: binary as base64, and a body over the inline limit as size and sha256', () => {
    const small = entries[4]!.request.postData as { text: string; encoding?: string };
    expect(Buffer.from(small.text, 'base64')).toEqual(BLOB);
    expect(small.encoding).toBe('base64');
    expect((entries[6]!.request.postData as { _recorded: unknown })._recorded).toEqual({ size: BIG.length, sha256: sha(BIG).slice(7) });
    expect((entries[7]!.request.postData as { text: string }).text).toBe(MANIFEST);
  });

  it('gives a HAR the analyzer reads fully: every digest rule evaluates, the big blob through its record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohc-record-'));
    const { writeFileSync } = await import('node:fs');
    const path = join(dir, 'r.har');
    writeFileSync(path, JSON.stringify({ log: { version: '1.2', creator: { name: 'oci-har-check record', version: 'test' }, entries } }));
    const result = await analyzeCapture(path, { checks, spec: '1.1.1' });
    expect(result.notes).toEqual([]);
    expect(result.notEvaluable.filter((n) => n.ruleId.includes('digest'))).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'push/upload-close-digest' || f.ruleId === 'auth/credentials-across-hosts')).toEqual([]);
  });
});

describe('record: the command', () => {
  const cli = join(PACKAGE_ROOT, 'dist', 'src', 'cli.js');

  /** Starts `record` on a free port in front of the test registry; resolves once it listens. */
  async function startRecord(path: string, ...extra: string[]) {
    const child = spawn(process.execPath, [cli, 'record', '--upstream', originOf(registry), '--listen', '127.0.0.1:0', '-o', path, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stderr: '', stdout: '' };
    child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
    const origin = await new Promise<string>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        out.stderr += d.toString();
        const m = / at (http:\/\/127\.0\.0\.1:\d+) /.exec(out.stderr);
        if (m) resolve(m[1]!);
      });
    });
    return { child, origin, out };
  }

  it('writes a valid HAR even when killed mid-capture, and refuses bad options in one line', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ohc-record-cli-')), 'k.har');
    const { child, origin } = await startRecord(path);
    await fetch(`${origin}/v2/`);
    await fetch(`${origin}/v2/`, { headers: { Authorization: 'Bearer tok' } });
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { log: { entries: unknown[]; creator: { name: string } } };
    expect(doc.log.entries).toHaveLength(2);
    expect(doc.log.creator.name).toBe('oci-har-check record');

    const bad = spawn(process.execPath, [cli, 'record', '--upstream', 'ftp://x', '-o', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    bad.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => bad.once('exit', r));
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/only http and https registries can be recorded \[USAGE: /);
  });

  it('--check prints findings live and the full report at the end; SIGTERM stops it cleanly', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ohc-record-check-')), 'c.har');
    const { child, origin, out } = await startRecord(path, '--check', '--no-color');
    // A manifest pushed with a digest the body does not have: the registry accepts, a rule reports.
    await fetch(`${origin}/v2/demo/manifests/sha256:${'0'.repeat(64)}`, { method: 'PUT', headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, body: MANIFEST });
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    const { stderr, stdout } = out;
    expect(stderr).toMatch(/recorded 1 exchange\(s\)/);
    expect(stderr).toMatch(/error +node push\/manifest-put-digest/);
    // Live: reported while recording, before the recorder was stopped.
    expect(stderr.indexOf('push/manifest-put-digest')).toBeLessThan(stderr.indexOf('recorded 1 exchange'));
    expect(stdout).toMatch(/push\/manifest-put-digest/);
    expect(code).toBe(1);
  });
});

describe('record: HTTPS and redirect modes', () => {
  const tls = { cert: readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', 'tls', 'cert.pem')), key: readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', 'tls', 'key.pem')) };

  it('--redirects pass hands the storage redirect to the client as sent, and records the 307', async () => {
    const entries: HarEntry[] = [];
    const recorder = new Recorder({ upstream: new URL(originOf(registry)), host: '127.0.0.1', port: 0, redirects: 'pass', inlineLimit: 1024, upstreamInsecure: false, onEntry: (e) => entries.push(e) });
    const origin = await recorder.listen();
    const answer = await fetch(`${origin}/v2/demo/blobs/${sha(BLOB)}`, { headers: { Authorization: 'Bearer tok' }, redirect: 'manual' });
    await recorder.close();
    expect(answer.status).toBe(307);
    expect(answer.headers.get('location')!.startsWith(`${originOf(storage)}/bucket/`)).toBe(true);
    expect(entries).toHaveLength(1);
    expect(entries[0]!._ociHarCheck.rewrites.map((r) => r.where)).toEqual(['request.headers.Host']);
  });

  it('listens on HTTPS with --tls-cert/--tls-key and records an HTTPS upstream (self-signed: --upstream-insecure)', async () => {
    const { createServer: createHttpsServer } = await import('node:https');
    const upstream = createHttpsServer(tls, (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Docker-Distribution-API-Version': 'registry/2.0' }).end('{}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    const upstreamOrigin = `https://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const entries: HarEntry[] = [];
    const recorder = new Recorder({ upstream: new URL(upstreamOrigin), host: '127.0.0.1', port: 0, redirects: 'proxy', inlineLimit: 1024, tls, upstreamInsecure: true, onEntry: (e) => entries.push(e) });
    const origin = await recorder.listen();
    expect(origin.startsWith('https://127.0.0.1:')).toBe(true);
    const { request } = await import('node:https');
    const status = await new Promise<number>((resolve, reject) => {
      request(`${origin}/v2/`, { ca: tls.cert }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
        .on('error', reject)
        .end();
    });
    await recorder.close();
    upstream.close();
    expect(status).toBe(200);
    expect(entries[0]!.request.url).toBe(`${upstreamOrigin}/v2/`);
  });

  it('without --upstream-insecure, an upstream certificate that does not verify is a recorded failure, not a crash', async () => {
    const { createServer: createHttpsServer } = await import('node:https');
    const upstream = createHttpsServer(tls, (req, res) => res.end('{}'));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    const entries: HarEntry[] = [];
    const recorder = new Recorder({ upstream: new URL(`https://127.0.0.1:${(upstream.address() as AddressInfo).port}`), host: '127.0.0.1', port: 0, redirects: 'proxy', inlineLimit: 1024, upstreamInsecure: false, onEntry: (e) => entries.push(e) });
    const origin = await recorder.listen();
    const answer = await fetch(`${origin}/v2/`);
    await recorder.close();
    upstream.close();
    expect(answer.status).toBe(502);
    expect(entries[0]!._ociHarCheck.error).toMatch(/^upstream request failed: /);
    expect(entries[0]!.response.status).toBe(0);
  });
});

