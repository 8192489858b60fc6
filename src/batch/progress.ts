/** Where the progress line goes: a terminal stream (only its `write` and `isTTY` are used). */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Redraws at most this often: a line per file would flood a slow terminal on small files. */
const REDRAW_MS = 200;

/**
 * One self-overwriting line on stderr: files done, MB/s, ETA. Silent unless the stream is a
 * terminal (CI logs and pipes get nothing) and unless asked for; cleared when the run ends.
 */
export class ProgressLine {
  private readonly started: number;
  private doneFiles = 0;
  private doneBytes = 0;
  /** Bytes read so far in files still running (by file id). */
  private readonly running = new Map<number, number>(); // bounded: files in flight, at most the job count
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly totalFiles: number,
    private readonly totalBytes: number,
    private readonly enabled: boolean,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.started = this.now();
  }

  static wanted(stream: ProgressStream, quiet: boolean): boolean {
    return !quiet && stream.isTTY === true;
  }

  bytes(id: number, bytes: number): void {
    this.running.set(id, bytes);
    this.draw(false);
  }

  fileDone(id: number, size: number): void {
    this.running.delete(id);
    this.doneFiles++;
    this.doneBytes += size;
    this.draw(false);
  }

  /** The line as it would be drawn now (exported for tests). */
  text(): string {
    let inFlight = 0;
    for (const b of this.running.values()) inFlight += b;
    const bytes = this.doneBytes + inFlight;
    const seconds = Math.max(0.001, (this.now() - this.started) / 1000);
    const rate = bytes / seconds;
    const left = Math.max(0, this.totalBytes - bytes);
    const eta = rate > 0 && this.totalBytes > 0 ? clock(left / rate) : '--:--';
    return `${this.doneFiles}/${this.totalFiles} files, ${(bytes / 2 ** 20).toFixed(0)} MB, ${(rate / 2 ** 20).toFixed(1)} MB/s, ETA ${eta}`;
  }

  finish(): void {
    if (this.enabled && this.drawn) this.stream.write('\r\x1b[2K');
  }

  private draw(force: boolean): void {
    if (!this.enabled) return;
    const t = this.now();
    if (!force && t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    this.drawn = true;
    this.stream.write(`\r\x1b[2K${this.text()}`);
  }
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
