#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { checks as allChecks } from '../checks/index.js';
import { levelAt, strengthByVersion, type Severity } from './check.js';
import { formatArchiveSummary } from './batch/aggregate.js';
import { DEFAULT_INCLUDE } from './batch/inputs.js';
import { mergeNdjson } from './batch/merge.js';
import { parseShard } from './batch/shard.js';
import { Baseline } from './baseline/baseline.js';
import { CONFIG_NAME, findConfig, loadConfig } from './config/load.js';
import { FindingPolicy } from './config/policy.js';
import { OUTPUT_FORMATS, runMainJob, type OutputFormat } from './main-job.js';
import { ERROR_CATALOGUE, errorLine, UsageError, type ErrorCode } from './errors.js';
import { HarInputError } from './har/index.js';
import { PACKAGE_ROOT } from './paths.js';
import { terminalSafe } from './report/sanitize.js';
import { redactFile } from './redact/command.js';
import { record } from './record/command.js';
import { outOfProfile, parseSpec, selectChecks } from './select.js';
import { DEFAULT_SPEC } from './spec.js';
import { VERSION } from './version.js';

interface MainOptions {
  format: OutputFormat;
  output?: string;
  rules?: string;
  skip?: string;
  failOn: Severity | 'none';
  spec: string;
  color: boolean;
  debug?: boolean;
  jobs?: number;
  include?: string[];
  exclude?: string[];
  quiet?: boolean;
  config?: string | false;
  baseline?: string;
  updateBaseline?: boolean;
  shard?: string;
}

function useColor(options: { color: boolean; output?: string }): boolean {
  if (!options.color || options.output) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return Boolean(process.stdout.isTTY);
}

async function runMain(inputs: string[], options: MainOptions, command: Command): Promise<number> {
  const ruleIds = allChecks.map((c) => c.meta.id);
  // --no-config: ignore any config file (commander sets `config` to false)
  const configPath = options.config === false ? undefined : (options.config ?? findConfig(process.cwd()));
  const config = configPath ? loadConfig(configPath, ruleIds) : undefined;
  // Flags the user typed win over the config file, which wins over the defaults.
  const pick = <K extends keyof MainOptions>(name: K, fromConfig: MainOptions[K] | undefined): MainOptions[K] =>
    command.getOptionValueSource(name) === 'cli' || fromConfig === undefined ? options[name] : fromConfig;
  if (inputs.length === 0) throw new UsageError("no capture given: oci-har-check <file.har|dir|glob> (or '-' for stdin); see --help", 'NO_INPUT');
  const spec = parseSpec(pick('spec', config?.spec));
  const format = pick('format', config?.format as OutputFormat | undefined);
  const policy = config?.severity || config?.overrides ? new FindingPolicy(config) : undefined;
  const skipFromConfig = [...(config?.skip ?? []), ...ruleIds.filter((id) => policy?.ruleOff(id))];
  const selection = {
    rules: options.rules ?? config?.rules?.join(','),
    skip: [options.skip, ...skipFromConfig].filter(Boolean).join(',') || undefined,
    spec,
  };
  const baselineFile = options.baseline ?? config?.baseline;
  if (options.updateBaseline && !baselineFile) throw new UsageError('--update-baseline needs a baseline path: --baseline <file> or "baseline" in the config', 'BASELINE');
  const output = pick('output', config?.output);
  const outcome = await runMainJob({
    inputs,
    include: options.include ?? config?.include,
    exclude: options.exclude ?? config?.exclude,
    checks: selectChecks(allChecks, selection),
    outOfProfile: outOfProfile(allChecks, selection),
    spec,
    format,
    output,
    color: useColor({ color: options.color, output }),
    failOn: pick('failOn', config?.failOn),
    jobs: pick('jobs', config?.jobs),
    quiet: options.quiet === true,
    shard: options.shard === undefined ? undefined : parseShard(options.shard),
    policy,
    baseline: baselineFile && !options.updateBaseline ? Baseline.read(baselineFile) : undefined,
    updateBaseline: options.updateBaseline ? baselineFile : undefined,
  });
  return outcome.code;
}

function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 1024) throw new InvalidArgumentError(`${name} must be a whole number from 1 to 1024`);
    return n;
  };
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/** Every rule with its strength in `spec`; rules the version lacks are marked, not hidden. */
function listRules(format: 'text' | 'json', specOption: string): void {
  const spec = parseSpec(specOption);
  if (format === 'json') {
    const rules = allChecks.map((c) => ({ ...c.meta, levelInSpec: c.meta.versions && !c.meta.versions.includes(spec) ? null : levelAt(c.meta, spec) }));
    process.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
    return;
  }
  const width = Math.max(...allChecks.map((c) => c.meta.id.length));
  for (const c of allChecks) {
    const m = c.meta;
    const level = m.versions && !m.versions.includes(spec) ? `(not in ${spec})` : levelAt(m, spec);
    process.stdout.write(`${m.id.padEnd(width)}  ${m.side.padEnd(8)} ${level.padEnd(12)} ${m.title}\n`);
  }
}

function explain(ruleId: string): void {
  const check = allChecks.find((c) => c.meta.id === ruleId);
  if (!check) throw new UsageError(`unknown rule '${ruleId}' (see 'oci-har-check rules')`, 'UNKNOWN_RULE');
  const m = check.meta;
  const doc = readFileSync(join(PACKAGE_ROOT, 'checks', `${m.id}.md`), 'utf8');
  process.stdout.write(
    `${doc.trimEnd()}\n\n---\nrule: ${m.id}\nside: ${m.side}\nlevel: ${m.level}\nby version: ${strengthByVersion(m)}\nrequirements: ${m.requirements.join(', ')}\nspec: ${m.spec}\n`,
  );
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command();
  // Before any subcommand exists: subcommands copy these settings when they are created.
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program
    .name('oci-har-check')
    .description('Check OCI Distribution registry traffic captured as HAR against the spec, for clients and registries.')
    .version(VERSION, '-V, --version')
    // `rules --format json`: an option after a subcommand is the subcommand's, not the program's.
    .enablePositionalOptions()
    .argument('[inputs...]', "HAR captures to check: files, directories (searched recursively), globs, or '-' for stdin")
    .addOption(new Option('-f, --format <name>', 'output format (ndjson and summary stream, for archives)').choices([...OUTPUT_FORMATS]).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--rules <globs>', "only these rules (comma-separated globs on rule ids, e.g. 'push/*,auth/*'; '!glob' takes rules out)")
    .option('--skip <globs>', 'leave out these rules (comma-separated globs)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['error', 'warning', 'info', 'none']).default('error'))
    .option('--spec <version>', 'distribution-spec version to check against: 1.0.1, 1.1.0, 1.1.1, main', DEFAULT_SPEC)
    .option('-j, --jobs <n>', 'files analyzed in parallel on worker threads (default: the number of cores)', positiveInt('--jobs'))
    .option('--include <globs>', `in directories and globs, only paths matching these (repeatable or comma-separated; default ${DEFAULT_INCLUDE.join(',')})`, collect)
    .option('--exclude <globs>', 'leave out paths matching these (repeatable or comma-separated)', collect)
    .option('-q, --quiet', 'no progress line or baseline notes on stderr (progress is shown only on a terminal anyway)')
    .option('-c, --config <file>', `configuration file (default: the nearest ${CONFIG_NAME} upward from here)`)
    .option('--no-config', 'ignore configuration files')
    .option('--baseline <file>', 'leave out findings this baseline already accepts (they are counted, not shown)')
    .option('--update-baseline', 'write every finding of this run to the baseline file and exit 0')
    .option('--shard <K/N>', 'only the K-th of N equal parts of the sorted input list (0-based), to split an archive over machines')
    .option('--no-color', 'plain output even on a terminal (NO_COLOR is honoured too)')
    .option('--debug', 'print stack traces of internal errors')
    .showHelpAfterError('(run with --help for usage)')
    .action(async (files: string[], options: MainOptions, command: Command) => setExit(await runMain(files, options, command)));
  program
    .command('rules')
    .description('list every rule with its side and requirement level')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'))
    .option('--spec <version>', "show each rule's strength in this version: 1.0.1, 1.1.0, 1.1.1, main", DEFAULT_SPEC)
    .action((options: { format: 'text' | 'json'; spec: string }) => listRules(options.format, options.spec));
  program
    .command('explain')
    .description("show a rule's documentation: what, why, bad and good traffic, how to fix")
    .argument('<rule>', 'rule id, e.g. push/upload-session-location')
    .action((rule: string) => explain(rule));
  program
    .command('errors')
    .description('list every error code oci-har-check can print, what it means and what to do')
    .action(() => {
      const width = Math.max(...Object.keys(ERROR_CATALOGUE).map((c) => c.length));
      for (const [code, e] of Object.entries(ERROR_CATALOGUE) as [ErrorCode, { meaning: string; hint: string }][]) {
        process.stdout.write(`${code.padEnd(width)}  ${e.meaning}; ${e.hint}\n`);
      }
    });
  program
    .command('merge')
    .description('fold NDJSON outputs of several runs (shards of an archive) into one per-client and per-rule summary')
    .argument('<ndjson...>', "NDJSON files written by --format ndjson ('-' reads stdin)")
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a merged finding is at or above this severity').choices(['error', 'warning', 'info', 'none']).default('error'))
    .action(async (paths: string[], options: { format: 'text' | 'json'; failOn: Severity | 'none' }) => {
      const merged = await mergeNdjson(paths, options.failOn);
      process.stdout.write(options.format === 'json' ? `${JSON.stringify(merged.summary, null, 2)}\n` : formatArchiveSummary(merged.summary, Infinity));
      if (merged.foreign > 0) process.stderr.write(`oci-har-check: ${merged.foreign} line(s) were not oci-har-check NDJSON and were skipped\n`);
      setExit(merged.failing ? 1 : 0);
    });
  program
    .command('redact')
    .description('write a copy of a capture that is safe to share: credentials replaced, digests and sizes kept')
    .argument('<in>', 'HAR capture (plain or gzip)')
    .requiredOption('-o, --output <file>', 'where to write the redacted capture')
    .option('--blobs', 'also replace blob bodies by their recorded size and sha256 (digest rules still evaluate)')
    .action(async (input: string, options: { output: string; blobs?: boolean }) => {
      const stats = await redactFile(input, options.output, options.blobs === true);
      process.stderr.write(`redacted ${stats.headers} header(s), ${stats.urls} URL(s), ${stats.bodies} body field(s)${options.blobs ? `, ${stats.blobs} blob body(ies)` : ''} → ${terminalSafe(options.output)}\n`);
    });
  program
    .command('record')
    .description('record a HAR as a reverse proxy in front of a registry: point clients at --listen, stop with Ctrl-C')
    .requiredOption('--upstream <url>', 'the registry to record, e.g. http://127.0.0.1:5001 or https://registry.example')
    .option('--listen <host:port>', 'where clients connect (localhost registries need no TLS setup in Docker and containerd)', '127.0.0.1:5000')
    .requiredOption('-o, --output <file>', 'the HAR to write (valid after every exchange, even if the recorder is killed)')
    .option('--tls-cert <file>', 'listen on HTTPS with this certificate (PEM)')
    .option('--tls-key <file>', 'the key of --tls-cert (PEM)')
    .addOption(new Option('--redirects <mode>', 'redirects to other origins (blob storage): through the recorder and recorded, or passed to the client as sent').choices(['proxy', 'pass']).default('proxy'))
    .option('--inline-limit <bytes>', 'bodies up to this size are written into the HAR; bigger ones as size and sha256 only (default 16 MiB)', positiveBytes)
    .option('--upstream-insecure', "accept the upstream's certificate without verifying it (a test registry)")
    .option('--check', 'print findings as the traffic flows, and the full report when recording stops')
    .option('--spec <version>', 'distribution-spec version for --check', DEFAULT_SPEC)
    .option('--no-color', 'plain output')
    .action(async (options: { upstream: string; listen: string; output: string; tlsCert?: string; tlsKey?: string; redirects: 'proxy' | 'pass'; inlineLimit?: number; upstreamInsecure?: boolean; check?: boolean; spec: string; color: boolean }) => {
      const stop = new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      setExit(await record({ ...options, spec: parseSpec(options.spec), color: useColor({ color: options.color, output: undefined }) }, stop));
    });
  return program;
}

function positiveBytes(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31) throw new InvalidArgumentError('--inline-limit must be a whole number of bytes up to 2 GiB');
  return n;
}

/** The only place that maps errors to exit codes and touches process.exitCode. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander has already printed usage errors.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError || error instanceof HarInputError) {
      process.stderr.write(`oci-har-check: ${errorLine(error.code, terminalSafe(error.message, 400))}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`oci-har-check: ${errorLine('INTERNAL', `internal error: ${terminalSafe(message, 400)}`)}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 2;
  }
}

// `oci-har-check big.har | head` closes stdout early: stop quietly, as other CLIs do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 2;
  },
);
