// Deterministic zips (tools/zip.ts): the bytes depend on the files only, not
// on the time zone, the file order, the clock or the machine.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ZIP_TIME, deterministicZip, unzipFiles, zipTime, type ZipFile } from '../../../tools/zip.ts';

const files: ZipFile[] = [
  { path: 'manifest.json', data: Buffer.from('{"a":1}\n') },
  { path: 'icons/icon-16.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]) },
  { path: 'background.js', data: Buffer.from('x'.repeat(10_000)) },
  { path: '_locales/en/messages.json', data: Buffer.from('{}') },
];

/** The central directory entries: name, DOS time/date, version made by, external attributes. */
function centralEntries(zip: Uint8Array): { name: string; time: number; date: number; madeBy: number; attrs: number; extra: number }[] {
  const b = Buffer.from(zip);
  const end = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = b.readUInt32LE(end + 16);
  const out = [];
  for (let i = 0; i < b.readUInt16LE(end + 10); i++) {
    expect(b.readUInt32LE(at)).toBe(0x02014b50);
    const nameLen = b.readUInt16LE(at + 28);
    const extraLen = b.readUInt16LE(at + 30);
    const commentLen = b.readUInt16LE(at + 32);
    out.push({
      name: b.subarray(at + 46, at + 46 + nameLen).toString('utf8'),
      madeBy: b.readUInt16LE(at + 4),
      time: b.readUInt16LE(at + 12),
      date: b.readUInt16LE(at + 14),
      attrs: b.readUInt32LE(at + 38),
      extra: extraLen + commentLen,
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('deterministic zip', () => {
  it('sorts entries by path and keeps every byte of every file', () => {
    const zip = deterministicZip(files);
    expect(centralEntries(zip).map((e) => e.name)).toEqual(['_locales/en/messages.json', 'background.js', 'icons/icon-16.png', 'manifest.json']);
    const back = unzipFiles(zip);
    for (const f of files) expect(Buffer.from(back.find((b) => b.path === f.path)?.data ?? []).equals(Buffer.from(f.data))).toBe(true);
    expect(back).toHaveLength(files.length);
  });

  it('gives the same bytes for any input order and any time zone', () => {
    process.env.TZ = 'UTC';
    const a = Buffer.from(deterministicZip(files));
    process.env.TZ = 'America/Los_Angeles';
    const b = Buffer.from(deterministicZip([...files].reverse()));
    process.env.TZ = 'Asia/Kolkata';
    const c = Buffer.from(deterministicZip(files));
    expect(b.equals(a)).toBe(true);
    expect(c.equals(a)).toBe(true);
  });

  it('stamps every entry 1980-02-01 00:00, mode 0644, made by Unix, no extra fields', () => {
    process.env.TZ = 'America/New_York';
    for (const e of centralEntries(deterministicZip(files))) {
      expect(e.date).toBe(((1980 - 1980) << 9) | (2 << 5) | 1);
      expect(e.time).toBe(0);
      expect(e.madeBy >> 8).toBe(3);
      expect(e.attrs >>> 16).toBe(0o100644);
      expect(e.extra).toBe(0);
    }
  });

  it('takes SOURCE_DATE_EPOCH as the time stamp, as UTC', () => {
    expect(zipTime({})).toBe(DEFAULT_ZIP_TIME);
    const t = zipTime({ SOURCE_DATE_EPOCH: String(Date.UTC(2026, 10, 23, 13, 47, 30) / 1000) });
    process.env.TZ = 'Pacific/Auckland';
    const [e] = centralEntries(deterministicZip(files, t));
    expect(e?.date).toBe(((2026 - 1980) << 9) | (11 << 5) | 23);
    expect(e?.time).toBe((13 << 11) | (47 << 5) | 15);
    expect(() => zipTime({ SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(/SOURCE_DATE_EPOCH/);
    expect(zipTime({ SOURCE_DATE_EPOCH: '0' })).toBe(DEFAULT_ZIP_TIME);
  });

  it('refuses paths that could escape or collide', () => {
    for (const bad of ['../x', '/etc/passwd', 'a//b', 'a/./b', '']) {
      expect(() => deterministicZip([{ path: bad, data: Buffer.from('') }])).toThrow(/bad archive path/);
    }
    expect(() => deterministicZip([files[0]!, files[0]!])).toThrow(/duplicate/);
  });
});
