export type HarInputErrorCode = 'ENOENT' | 'EISDIR' | 'EMPTY' | 'NOT_JSON' | 'NOT_HAR' | 'EACCES' | 'READ';

/** The input cannot be read as a HAR at all (exit code 2). The message is one line naming the file. */
export class HarInputError extends Error {
  override readonly name = 'HarInputError';

  constructor(
    readonly code: HarInputErrorCode,
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}
