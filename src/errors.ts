/**
 * Every error a user can see, in one place: a code, what it means, and what to do. Messages
 * thrown with a code say what happened to which file; the CLI prints them as one line with
 * the code and this hint (see `errorLine`), and `oci-har-check errors` lists the catalogue.
 */
export const ERROR_CATALOGUE = {
  USAGE: { meaning: 'the command line is not valid', hint: 'see oci-har-check --help' },
  NO_INPUT: { meaning: 'no capture to check', hint: "give HAR files, directories or globs, or '-' for stdin" },
  NO_INPUT_MATCH: { meaning: 'a glob matched no file', hint: 'quote the glob so the shell does not expand it, and check the path' },
  INPUT_DIR: { meaning: 'a directory could not be listed', hint: 'check its permissions' },
  INPUT: { meaning: 'an input could not be read', hint: 'check that the file exists and is readable' },
  TOO_LARGE: { meaning: 'an input is larger than this command reads', hint: 'split the capture, or use the main command, which streams' },
  OUTPUT: { meaning: 'the report could not be written', hint: 'check the --output path and its directory' },
  BAD_SPEC: { meaning: 'unknown distribution-spec version', hint: 'use 1.0.1, 1.1.0, 1.1.1 or main' },
  BAD_SHARD: { meaning: '--shard is not K/N', hint: 'e.g. --shard 0/8 for the first of eight parts' },
  NO_RULE_MATCH: { meaning: 'a rule glob names no rule', hint: "list the rules with 'oci-har-check rules'" },
  UNKNOWN_RULE: { meaning: 'no rule has this id', hint: "list the rules with 'oci-har-check rules'" },
  CONFIG: { meaning: 'the configuration file is not valid', hint: 'see schemas/config.schema.json and the README section "Configuration file"' },
  BASELINE: { meaning: 'the baseline file cannot be used', hint: 'create or refresh it with --update-baseline' },
  MERGE_INPUT: { meaning: 'an NDJSON file to merge could not be read', hint: 'give files written by --format ndjson' },
  ENOENT: { meaning: 'the capture does not exist', hint: 'check the path' },
  EISDIR: { meaning: 'a directory where a capture file was expected', hint: 'give the directory as an input to audit every capture in it' },
  EACCES: { meaning: 'the capture cannot be read (permissions)', hint: 'check the file permissions' },
  READ: { meaning: 'the capture could not be read', hint: 'check the disk and the file' },
  EMPTY: { meaning: 'the capture is empty', hint: 'the capture tool may have been stopped before it wrote the file' },
  NOT_JSON: { meaning: 'the capture is not JSON', hint: 'give a HAR (JSON), .har.gz, mitmproxy .zhar or Playwright .zip' },
  NOT_HAR: { meaning: 'the input is JSON or an archive but holds no HAR', hint: 'export HAR from the capture tool (log.entries is required)' },
  INTERNAL: { meaning: 'a bug in oci-har-check', hint: 'please report it with --debug output' },
} as const satisfies Record<string, { meaning: string; hint: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The one line the CLI prints for an error: message, code, and what to do. */
export function errorLine(code: ErrorCode, message: string): string {
  return `${message} [${code}: ${ERROR_CATALOGUE[code].hint}]`;
}

/** A user-facing error: one line on stderr, no stack trace, exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly code: ErrorCode = 'USAGE',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
