// What the background keeps of registered certificates: derived once, read back validated, derived
// again when the stored record is bad, and never a broken result for a bad certificate or record.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Pki } from '../../sim/pki.ts';
import { MemoryArea } from '../helpers/memory-area.ts';
import { resolvePems, SUMMARY_CACHE_KEY, type PemOutcome } from '../../../src/shared/cert/registered.ts';
import type { CertSummary } from '../../../src/shared/cert/types.ts';
import { readCertificate } from '../../../src/shared/cert/x509.ts';
import { readText, unitPki } from './fixtures.ts';

let pki: Pki;
let rsa: string;
let bundle: string;
beforeAll(async () => {
  pki = await unitPki();
  rsa = readText(pki.clients.rsa.cert);
  bundle = readText(pki.intermediate.cert) + readText(pki.rootCa.cert);
}, 60_000);

function counting(): { reads: number; read: (der: Uint8Array) => Promise<CertSummary> } {
  const r = {
    reads: 0,
    read: async (der: Uint8Array) => {
      r.reads++;
      return (await readCertificate(der)).summary;
    },
  };
  return r;
}

const shas = (o: PemOutcome[]): Array<string[] | string> => o.map((x) => (x.ok ? x.certs.map((c) => c.sha256) : x.detail));
const cached = (area: MemoryArea): Record<string, Record<string, unknown>> => area.peek(SUMMARY_CACHE_KEY) as Record<string, Record<string, unknown>>;

describe('resolvePems', () => {
  it('derives each certificate once; later wake-ups read the records and parse nothing', async () => {
    const area = new MemoryArea();
    const first = counting();
    const a = await resolvePems([rsa, bundle], { area, read: first.read });
    expect(first.reads).toBe(3);
    expect(shas(a)).toEqual([[pki.clients.rsa.sha256], [expect.any(String), expect.any(String)]]);
    const ok = a[0]?.ok ? a[0].certs[0] : undefined;
    expect(ok?.pem.trim()).toBe(rsa.trim());
    expect(ok?.subjectCN).toBe('apmacwin');
    expect(Object.keys(cached(area))).toHaveLength(3);

    const again = counting();
    const b = await resolvePems([rsa, bundle], { area: area.reopen(), read: again.read });
    expect(again.reads).toBe(0);
    expect(b).toEqual(a);
  });

  it('drops the records of certificates no longer in the settings', async () => {
    const area = new MemoryArea();
    await resolvePems([rsa, bundle], { area, read: counting().read });
    await resolvePems([rsa], { area, read: counting().read });
    expect(Object.keys(cached(area))).toEqual([pki.clients.rsa.sha256]);
  });

  it.each<[string, (stored: Record<string, Record<string, unknown>>, sha: string) => unknown]>([
    ['not an object', () => 'garbage'],
    ['an array', () => [1, 2]],
    ['a record of the wrong type', (s, sha) => ({ ...s, [sha]: 42 })],
    ['a field of the wrong type', (s, sha) => ({ ...s, [sha]: { ...s[sha], notAfter: 12 } })],
    ['an unknown field', (s, sha) => ({ ...s, [sha]: { ...s[sha], extra: true } })],
    ['another format version', (s, sha) => ({ ...s, [sha]: { ...s[sha], v: 2 } })],
    ['a record of another certificate under this key', (s, sha) => ({ ...s, [sha]: Object.values(s).find((x) => x['sha256'] !== sha) })],
    ['a bad range', (s, sha) => ({ ...s, [sha]: { ...s[sha], tbs: [10, 5] } })],
    ['an "unreadable" record for a good certificate under another key', (s, sha) => ({ ...s, [sha]: { v: 1, sha256: 'AA', error: 'x' } })],
  ])('a corrupt cache (%s) is derived again and repaired', async (_label, corrupt) => {
    const area = new MemoryArea();
    const good = await resolvePems([rsa, bundle], { area, read: counting().read });
    area.put(SUMMARY_CACHE_KEY, corrupt(cached(area), pki.clients.rsa.sha256));
    const again = counting();
    expect(await resolvePems([rsa, bundle], { area, read: again.read })).toEqual(good);
    expect(again.reads).toBeGreaterThanOrEqual(1);
    const third = counting();
    await resolvePems([rsa, bundle], { area, read: third.read });
    expect(third.reads).toBe(0);
  });

  it('hostile or broken certificates: a clear reason, remembered (not parsed at every wake-up), the others unaffected', async () => {
    const area = new MemoryArea();
    const junk = `-----BEGIN CERTIFICATE-----\n${Buffer.from('\x30\x03\x02\x01\x05junk').toString('base64')}\n-----END CERTIFICATE-----\n`;
    const first = counting();
    const r = await resolvePems([junk, rsa, 'not pem at all', '-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----'], { area, read: first.read });
    expect(r.map((x) => x.ok)).toEqual([false, true, false, false]);
    expect(r[0]?.ok === false && r[0].detail).toMatch(/unexpected bytes|not an X.509/);
    expect(r[2]).toEqual({ ok: false, detail: 'not a PEM certificate' });
    const again = counting();
    expect(await resolvePems([junk, rsa], { area, read: again.read })).toEqual([r[0], r[1]]);
    expect(again.reads).toBe(0);
  });

  it('a reader that throws or yields values out of range → unreadable, never a throw', async () => {
    const area = new MemoryArea();
    const boom = (): Promise<CertSummary> => Promise.reject(new Error('boom'));
    expect(await resolvePems([rsa], { area, read: boom })).toEqual([{ ok: false, detail: 'boom' }]);
    const huge = async (der: Uint8Array): Promise<CertSummary> => ({ ...(await readCertificate(der)).summary, subjectCN: 'x'.repeat(10_000) });
    expect(await resolvePems([rsa], { area: new MemoryArea(), read: huge })).toEqual([{ ok: false, detail: 'certificate fields out of the supported range' }]);
  });

  it('storage that fails to read or write costs a parse, never a result', async () => {
    const area = new MemoryArea();
    area.failNext = 'get';
    const a = await resolvePems([rsa], { area, read: counting().read });
    area.failNext = 'set';
    const b = await resolvePems([bundle], { area, read: counting().read });
    expect(a[0]?.ok && b[0]?.ok).toBe(true);
  });
});
