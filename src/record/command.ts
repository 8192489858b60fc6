import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { checks as allChecks } from '../../checks/index.js';
import { analyzeCapture } from '../analyze.js';
import { UsageError } from '../errors.js';
import { runMainJob } from '../main-job.js';
import type { Finding } from '../report/model.js';
import { terminalSafe } from '../report/sanitize.js';
import { outOfProfile, selectChecks } from '../select.js';
import type { SpecVersion } from '../spec.js';
import { VERSION } from '../version.js';
import { DEFAULT_INLINE_LIMIT } from './body-tap.js';
import { IncrementalHarWriter } from './har-writer.js';
import { Recorder } from './proxy.js';

export interface RecordOptions {
  upstream: string;
  listen: string;
  output: string;
  tlsCert?: string;
  tlsKey?: string;
  redirects: 'proxy' | 'pass';
  inlineLimit?: number;
  upstreamInsecure?: boolean;
  check?: boolean;
  spec: SpecVersion;
  color: boolean;
}

export function parseListen(value: string): { host: string; port: number } {
  const colon = value.lastIndexOf(':');
  let host = colon > 0 ? value.slice(0, colon) : '127.0.0.1';
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const port = Number(colon >= 0 ? value.slice(colon + 1) : value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--listen ${value}: expected host:port, e.g. 127.0.0.1:5000`, 'USAGE');
  return { host: host || '127.0.0.1', port };
}

function parseUpstream(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--upstream ${value}: not a URL (e.g. http://127.0.0.1:5001 or https://registry.example)`, 'USAGE');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--upstream ${value}: only http and https registries can be recorded`, 'USAGE');
  return url;
}

function readFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'INPUT');
  }
}

/**
 * `oci-har-check record`: a recording reverse proxy. Runs until SIGINT/SIGTERM, writing the
 * HAR entry by entry; with --check, findings print as the traffic flows and the full report
 * of the written capture prints at the end. Resolves with the exit code.
 */
export async function record(options: RecordOptions, stop: Promise<void>): Promise<number> {
  const upstream = parseUpstream(options.upstream);
  const { host, port } = parseListen(options.listen);
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) throw new UsageError('--tls-cert and --tls-key go together', 'USAGE');
  const tls = options.tlsCert && options.tlsKey ? { cert: readFile(options.tlsCert, 'certificate'), key: readFile(options.tlsKey, 'key') } : undefined;
  let writer: IncrementalHarWriter;
  try {
    writer = new IncrementalHarWriter(options.output, { name: 'oci-har-check record', version: VERSION }, `recording proxy in front of ${upstream.origin}`);
  } catch (error) {
    throw new UsageError(`cannot write ${options.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'OUTPUT');
  }
  const selection = { spec: options.spec };
  const checks = selectChecks(allChecks, selection);
  // Live checking: the same analyzer, fed the entries as they are written.
  const live = options.check ? new PassThrough() : undefined;
  let liveDone: Promise<unknown> = Promise.resolve();
  if (live) {
    live.write('{"log":{"version":"1.2","creator":{"name":"oci-har-check record","version":"live"},"entries":[');
    liveDone = analyzeCapture(live, { checks, spec: options.spec, file: options.output, onFinding: printLive, reorderWindow: 0 });
  }
  let first = true;
  const recorder = new Recorder({
    upstream,
    host,
    port,
    redirects: options.redirects,
    inlineLimit: options.inlineLimit ?? DEFAULT_INLINE_LIMIT,
    tls,
    upstreamInsecure: options.upstreamInsecure === true,
    onEntry(entry) {
      const json = JSON.stringify(entry);
      writer.append(json);
      if (live) {
        live.write(`${first ? '' : ','}${json}`);
        first = false;
      }
    },
  });
  let origin: string;
  try {
    origin = await recorder.listen();
  } catch (error) {
    writer.close();
    throw new UsageError(`cannot listen on ${options.listen}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'USAGE');
  }
  process.stderr.write(`recording ${upstream.origin} at ${origin} → ${terminalSafe(options.output)} (stop with Ctrl-C)\n`);
  await stop;
  await recorder.close();
  writer.close();
  process.stderr.write(`recorded ${writer.entries} exchange(s) → ${terminalSafe(options.output)}\n`);
  if (!live) return 0;
  live.end(']}}');
  await liveDone;
  const outcome = await runMainJob({
    inputs: [options.output],
    checks,
    outOfProfile: outOfProfile(allChecks, selection),
    spec: options.spec,
    format: 'text',
    color: options.color,
    failOn: 'error',
    quiet: true,
  });
  return outcome.code;

  function printLive(f: Finding): void {
    const at = f.evidence[0];
    process.stderr.write(`  ${f.severity.padEnd(7)} ${terminalSafe(f.client, 60)} ${f.ruleId}: ${terminalSafe(f.message, 300)}${at?.method ? ` (${at.method} ${terminalSafe(at.url, 120)})` : ''}\n`);
  }
}
