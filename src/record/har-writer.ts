import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Writes a HAR file entry by entry so that it is a complete, valid document after every
 * entry: each write puts the entry and then the closing brackets, and the next write starts
 * where those brackets began. A recorder killed at any moment leaves the entries written so
 * far, readable by any HAR tool.
 */
export class IncrementalHarWriter {
  private readonly fd: number;
  private position: number;
  private count = 0;
  private static readonly TAIL = '\n]}}\n';

  constructor(path: string, creator: { name: string; version: string }, comment?: string) {
    this.fd = openSync(path, 'w');
    const head = `{"log":{"version":"1.2","creator":${JSON.stringify(creator)},${comment ? `"comment":${JSON.stringify(comment)},` : ''}"pages":[],"entries":[`;
    this.position = writeSync(this.fd, head + IncrementalHarWriter.TAIL, 0);
    this.position -= Buffer.byteLength(IncrementalHarWriter.TAIL);
  }

  get entries(): number {
    return this.count;
  }

  /** Appends one entry (already a JSON text) and closes the document after it. */
  append(entryJson: string): void {
    const body = `${this.count === 0 ? '' : ','}\n${entryJson}`;
    const bytes = Buffer.from(body + IncrementalHarWriter.TAIL);
    writeSync(this.fd, bytes, 0, bytes.length, this.position);
    this.position += bytes.length - Buffer.byteLength(IncrementalHarWriter.TAIL);
    this.count++;
  }

  close(): void {
    closeSync(this.fd);
  }
}
