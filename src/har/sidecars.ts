import type { SinkResult } from './body-sink.js';
import { HarInputError } from './errors.js';
import type { ZipArchive, ZipEntry } from './zip.js';

/** A body kept outside the HAR (Playwright `_file`), as the reader can use it. */
export type SidecarBody =
  /** Small: the bytes, base64, read like an inline base64 body (uploads reassemble too). */
  | { kind: 'text'; base64: string }
  /** Big: hashed while streaming before the HAR was read; never held. */
  | { kind: 'digest'; result: SinkResult }
  | { kind: 'unreadable'; reason: string };

export type SidecarLookup = (name: string) => SidecarBody | undefined;

/**
 * The bodies of a zip capture: big ones (over `keepLimit`) are hashed now, streaming; small
 * ones are read when an entry asks for them. Unknown names give undefined.
 */
export async function zipSidecars(zip: ZipArchive, har: ZipEntry, file: string, keepLimit: number): Promise<SidecarLookup> {
  const big = new Map<string, SidecarBody>(); // bounded: one small record per zip entry (at most the directory's count)
  for (const entry of zip.entries.values()) {
    if (entry === har || entry.size <= keepLimit) continue;
    try {
      const d = await zip.hash(entry, file);
      big.set(entry.name, { kind: 'digest', result: { rawBytes: d.size, base64: { size: d.size, sha256: d.sha256, prefix: d.prefix } } });
    } catch (error) {
      big.set(entry.name, { kind: 'unreadable', reason: error instanceof HarInputError ? error.message : String(error) });
    }
  }
  return (name) => {
    // we never write files, but a name that climbs out of the archive is hostile: refused, not looked up
    if (!isPlainName(name)) return { kind: 'unreadable', reason: `sidecar name ${JSON.stringify(name.slice(0, 100))} is not a plain file name (path traversal refused)` };
    const known = big.get(name);
    if (known) return known;
    const entry = zip.entries.get(name);
    if (!entry || entry === har) return undefined;
    try {
      return { kind: 'text', base64: zip.readSmall(entry, file).toString('base64') };
    } catch (error) {
      return { kind: 'unreadable', reason: error instanceof HarInputError ? error.message : String(error) };
    }
  };
}

/** A relative path inside the archive: no `..` segment, no absolute path, no backslash or NUL. */
export function isPlainName(name: string): boolean {
  if (name === '' || name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\') || name.includes('\u0000')) return false;
  return !name.split('/').some((segment) => segment === '..');
}
