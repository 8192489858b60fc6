import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { analyzeCapture } from '../src/analyze.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { redactFile } from '../src/redact/command.js';
import type { FileResult } from '../src/report/model.js';
import { exchange, har, oci } from './support/har.js';

const dir = mkdtempSync(join(tmpdir(), 'ohc-redact-'));
const SAMPLES = ['real', 'deviations'].flatMap((sub) =>
  readdirSync(join(PACKAGE_ROOT, 'samples', sub))
    .filter((f) => f.endsWith('.har'))
    .map((f) => join('samples', sub, f)),
);

function verdicts(result: FileResult): string[] {
  return result.findings.map((f) => `${f.ruleId} ${f.messageId} #${f.evidence[0]?.index}`).sort();
}

async function roundTrip(path: string, blobs: boolean): Promise<{ before: FileResult; after: FileResult; text: string }> {
  const out = join(dir, `${path.replace(/[/\\]/g, '_')}${blobs ? '.blobs' : ''}.har`);
  await redactFile(path, out, blobs);
  const before = await analyzeCapture(path, { checks, spec: '1.1.1' });
  const after = await analyzeCapture(out, { checks, spec: '1.1.1' });
  return { before, after, text: readFileSync(out, 'utf8') };
}

/** The credentials a capture holds, found independently of the redactor's own rules. */
function secretsIn(text: string): string[] {
  const doc = JSON.parse(text) as { log: { entries: { request: { url: string; headers: { name: string; value: string }[]; postData?: { text?: string } }; response: { headers: { name: string; value: string }[]; content: { text?: string } } }[] } };
  const found = new Set<string>();
  for (const e of doc.log.entries) {
    for (const h of [...e.request.headers, ...e.response.headers]) {
      const name = h.name.toLowerCase();
      if (name === 'authorization' || name === 'proxy-authorization') found.add(h.value.replace(/^\S+\s+/, ''));
      if (name === 'cookie' || name === 'set-cookie') found.add(h.value);
    }
    try {
      const body = JSON.parse(e.response.content.text ?? '') as Record<string, unknown>;
      for (const key of ['token', 'access_token', 'refresh_token']) if (typeof body[key] === 'string') found.add(body[key] as string);
    } catch {
      // not JSON: no token fields
    }
    const form = new URLSearchParams(e.request.postData?.text ?? '');
    for (const key of ['password', 'refresh_token']) if (form.get(key)) found.add(form.get(key)!);
    const url = new URL(e.request.url, 'http://x.invalid');
    if (url.password) found.add(url.password);
    for (const [k, v] of url.searchParams) if (/signature|^sig$|token/i.test(k)) found.add(v);
  }
  // Very short values (`a`, `""`) would match anywhere; real credentials are longer.
  return [...found].filter((v) => v.length >= 8);
}

describe('redact keeps every verdict', () => {
  it('the corpus holds real credentials to test against', () => {
    const all = SAMPLES.flatMap((sample) => secretsIn(readFileSync(join(PACKAGE_ROOT, sample), 'utf8')));
    expect(all.length).toBeGreaterThan(10);
  });

  it.each(SAMPLES)('%s: same findings after redaction, with blob bodies replaced too, and no credential left', async (sample) => {
    const { before, after, text } = await roundTrip(join(PACKAGE_ROOT, sample), true);
    for (const secret of secretsIn(readFileSync(join(PACKAGE_ROOT, sample), 'utf8'))) expect(text, sample).not.toContain(secret);
    expect(verdicts(after)).toEqual(verdicts(before));
    expect(JSON.parse(text).log._ociHarCheckRedacted).toMatchObject({ blobs: true });
    // The analyzer knows the copy is redacted.
    expect(before.capture.redacted).toBeUndefined();
    expect(after.capture.redacted).toBe(true);
  });
});

describe('redact removes every credential', () => {
  // Secrets planted wherever registry traffic carries them.
  const SECRETS = {
    bearer: 'eyJhbGciOiJSUzI1NiJ9.planted-access-token.sig',
    basic: Buffer.from('alice:planted-password-1').toString('base64'),
    refresh: 'planted-refresh-token-2',
    password: 'planted-password-3',
    cookie: 'session=planted-cookie-4',
    signature: 'planted-signature-5',
    urlPassword: 'planted-url-password-6',
  };
  const planted = har(
    oci.token({ withBasicAuth: true, username: 'alice', password: 'planted-password-1', offline: true, token: SECRETS.bearer, refreshToken: SECRETS.refresh }),
    oci.token({ method: 'POST', password: SECRETS.password, offline: true, token: SECRETS.bearer, refreshToken: SECRETS.refresh }),
    oci.token({ method: 'POST', grantType: 'refresh_token', refreshToken: SECRETS.refresh }),
    oci.pullManifest({ auth: `Bearer ${SECRETS.bearer}`, reqHeaders: { Cookie: SECRETS.cookie }, resHeaders: { 'Set-Cookie': `${SECRETS.cookie}; HttpOnly` } }),
    oci.pullBlob({ redirectTo: `https://storage.test/blob?X-Amz-Signature=${SECRETS.signature}&X-Amz-Expires=300` }),
    exchange({ url: `https://bob:${SECRETS.urlPassword}@registry.test:5000/v2/`, status: 200 }),
  );

  it('no planted secret survives anywhere in the output, and the verdicts do not change', async () => {
    const path = join(dir, 'planted.har');
    writeFileSync(path, JSON.stringify(planted));
    const original = readFileSync(path, 'utf8');
    for (const secret of Object.values(SECRETS)) expect(original).toContain(secret);
    for (const blobs of [false, true]) {
      const { before, after, text } = await roundTrip(path, blobs);
      for (const secret of Object.values(SECRETS)) expect(text, secret).not.toContain(secret);
      expect(text).not.toContain('planted-');
      expect(verdicts(after)).toEqual(verdicts(before));
    }
  });

  it('equal secrets stay equal (pairing a token with its use still works), different ones differ', async () => {
    const path = join(dir, 'pairs.har');
    writeFileSync(path, JSON.stringify(planted));
    const out = join(dir, 'pairs.out.har');
    await redactFile(path, out, false);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { log: { entries: { request: { headers: { name: string; value: string }[] }; response: { content: { text?: string } } }[] } };
    const issued = (JSON.parse(doc.log.entries[0]!.response.content.text!) as { token: string }).token;
    const used = doc.log.entries[3]!.request.headers.find((h) => h.name.toLowerCase() === 'authorization')!.value;
    expect(used).toBe(`Bearer ${issued}`);
    expect(issued).not.toContain('planted');
  });
});

describe('redact on the command line', () => {
  const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'cli.js');
  const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

  it('writes the copy and says what it replaced', () => {
    const out = join(dir, 'cli.har');
    const r = run(['redact', join(PACKAGE_ROOT, 'samples', 'real', 'skopeo-token-auth.har'), '-o', out, '--blobs']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^redacted \d+ header\(s\), \d+ URL\(s\), \d+ body field\(s\), \d+ blob body\(ies\) → /);
    expect(JSON.parse(readFileSync(out, 'utf8')).log._ociHarCheckRedacted.blobs).toBe(true);
  });

  it.each([
    ['a missing file', ['redact', join(dir, 'nope.har'), '-o', join(dir, 'x.har')]],
    ['a file that is not JSON', ['redact', join(PACKAGE_ROOT, 'README.md'), '-o', join(dir, 'x.har')]],
    ['no -o', ['redact', join(PACKAGE_ROOT, 'samples', 'real', 'skopeo-token-auth.har')]],
  ])('%s: exit 2 with one line', (_name, args) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
