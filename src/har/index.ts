// Stage 1 of the pipeline: HAR capture → Exchange items (see design/ARCHITECTURE.md).
export { HarInputError, type HarInputErrorCode } from './errors.js';
export { readHar, type ReaderItem, type ReadOptions } from './read.js';
