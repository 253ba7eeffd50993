// Deterministic zip archives: the same files give the same bytes on every
// machine, in every time zone, on every run. Used for the .xpi, the Chrome Web
// Store zip and the payload of the .crx (tools/package.ts).
//
// - entries sorted by path (byte order), files only (no directory entries);
// - one fixed modification time (SOURCE_DATE_EPOCH, else 1980-02-01 00:00);
// - one fixed Unix mode (0644) and "made by Unix", no extra fields, no comment;
// - deflate from fflate, pure JavaScript: unlike node:zlib (whose bundled zlib
//   picks its match finder by CPU features) its output does not depend on the
//   machine, only on fflate's version, which package-lock.json pins.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync, type ZipOptions, type Zippable } from 'fflate';

export interface ZipFile {
  /** Path inside the archive, `/`-separated, relative. */
  path: string;
  data: Uint8Array;
}

/**
 * Default entry time. Not 1980-01-01: a DOS time has no time zone, and a reader
 * west of UTC would turn midnight of the first representable day into 1979.
 * (Gradle uses the same date for its reproducible archives.)
 */
export const DEFAULT_ZIP_TIME = Date.UTC(1980, 1, 1, 0, 0, 0);

/** The entry time for this build: SOURCE_DATE_EPOCH (seconds) when set, clamped to the DOS range. */
export function zipTime(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return DEFAULT_ZIP_TIME;
  if (!/^\d{1,12}$/.test(raw)) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970, got '${raw}'`);
  return Math.min(Math.max(Number(raw) * 1000, DEFAULT_ZIP_TIME), Date.UTC(2107, 11, 31, 23, 59, 58));
}

/** Every file under `dir`, with `/`-separated relative paths, sorted. */
export function readTree(dir: string): ZipFile[] {
  const out: ZipFile[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push({ path: child, data: readFileSync(path.join(dir, child)) });
      else throw new Error(`${path.join(dir, child)}: only regular files and directories can be packaged`);
    }
  };
  walk('');
  return sortFiles(out);
}

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export function sortFiles(files: ZipFile[]): ZipFile[] {
  return [...files].sort((a, b) => byteOrder(a.path, b.path));
}

/** A zip of `files` whose bytes depend only on the files and `timeMs`. */
export function deterministicZip(files: ZipFile[], timeMs: number = zipTime()): Uint8Array {
  // fflate writes the DOS date from the Date's *local* fields; build a Date
  // whose local fields are the UTC fields of timeMs, so TZ does not matter.
  const t = new Date(timeMs);
  const mtime = new Date(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds());
  const attrs: ZipOptions = { level: 9, mem: 8, mtime, os: 3, attrs: (0o100644 << 16) >>> 0 };
  const seen = new Set<string>();
  const tree: Zippable = {};
  for (const f of sortFiles(files)) {
    if (f.path === '' || f.path.startsWith('/') || f.path.split('/').some((p) => p === '' || p === '.' || p === '..')) {
      throw new Error(`bad archive path '${f.path}'`);
    }
    if (/^\d+$/.test(f.path)) throw new Error(`archive path '${f.path}' would not keep its sorted place`);
    if (seen.has(f.path)) throw new Error(`duplicate archive path '${f.path}'`);
    seen.add(f.path);
    // Keys are whole paths (fflate splits nothing); insertion order is archive order.
    tree[f.path] = [f.data, attrs];
  }
  return zipSync(tree);
}

/** The files of a zip, sorted by path (tests and the CRX unpacker). */
export function unzipFiles(zip: Uint8Array): ZipFile[] {
  const files = unzipSync(zip);
  return sortFiles(Object.entries(files).filter(([p]) => !p.endsWith('/')).map(([p, data]) => ({ path: p, data })));
}
