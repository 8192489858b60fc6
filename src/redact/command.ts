import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { UsageError } from '../errors.js';
import { readHar } from '../har/index.js';
import type { Body } from '../model/body.js';
import { redactHar, type RedactOptions, type RedactStats } from './redact.js';

/** The redactor parses the whole file: captures above this are refused rather than risked. */
const MAX_REDACT_BYTES = 256 * 1024 * 1024;

function record(body: Body): { size: number; sha256: string } | undefined {
  return body.fidelity === 'exact' && body.sha256 ? { size: body.size, sha256: body.sha256 } : undefined;
}

/** `oci-har-check redact in.har -o out.har [--blobs]`: a copy safe to attach to a bug report. */
export async function redactFile(input: string, output: string, blobs: boolean): Promise<RedactStats> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(input);
  } catch (error) {
    throw new UsageError(`cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'INPUT');
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes, { maxOutputLength: MAX_REDACT_BYTES + 1 });
  if (bytes.length > MAX_REDACT_BYTES) throw new UsageError(`${input} is over ${MAX_REDACT_BYTES / 1024 / 1024} MiB, more than redact reads at once`, 'TOO_LARGE');
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`${input} is not JSON (${error instanceof Error ? error.message : String(error)})`, 'NOT_JSON');
  }
  const options: RedactOptions = { blobs };
  if (blobs) {
    // Our own reader decides each body's bytes exactly as analysis will (base64, UTF-8, Latin-1).
    const bodies: NonNullable<RedactOptions['bodies']> = new Map();
    const { items } = readHar(input, { file: input });
    for await (const item of items) {
      if (item.type !== 'exchange') continue;
      const ex = item.exchange;
      const entry: { request?: { size: number; sha256: string }; response?: { size: number; sha256: string } } = {};
      const req = record(ex.request.body);
      const res = record(ex.response.body);
      if (req) entry.request = req;
      if (res) entry.response = res;
      bodies.set(ex.index, entry);
    }
    options.bodies = bodies;
  }
  const stats = redactHar(doc, options);
  try {
    writeFileSync(output, `${JSON.stringify(doc, null, 1)}\n`);
  } catch (error) {
    throw new UsageError(`cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'OUTPUT');
  }
  return stats;
}
