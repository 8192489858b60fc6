import type { ErrorCode } from '../errors.js';

/** The codes of inputs that cannot be read as a HAR (see ERROR_CATALOGUE). */
export type HarInputErrorCode = Extract<ErrorCode, 'ENOENT' | 'EISDIR' | 'EMPTY' | 'NOT_JSON' | 'NOT_HAR' | 'EACCES' | 'READ'>;

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
