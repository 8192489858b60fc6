import type { OciEvent, OperationEvent } from './events.js';

/** Where the state machine sends the facts it derives. */
export type Emit = (event: OciEvent | OperationEvent) => void;
