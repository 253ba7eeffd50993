import { describe, expect, it } from 'vitest';
import { AuditInputError, AuditStore, type AuditStoreOptions } from '../../../src/shared/audit/store.ts';
import type { AuditInput } from '../../../src/shared/audit/types.ts';
import { MemoryArea } from '../helpers/memory-area.ts';

const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);
const A = 'https://a.example.com';
const B = 'https://b.example.com:8443';

function setup(opts: Partial<AuditStoreOptions> = {}) {
  const area = new MemoryArea();
  let t = T0;
  const recovered: string[] = [];
  const store = new AuditStore(area, { maxRecords: 5000, now: () => (t += 1000), onRecovered: (d) => recovered.push(d), ...opts });
  return { area, store, recovered };
}

const ev = (i: number, extra: Partial<AuditInput> = {}): AuditInput => ({ type: 'session.end', origin: A, reason: 'logout', detail: `event ${i}`, ...extra });

async function appendMany(store: AuditStore, n: number, from = 0): Promise<void> {
  for (let i = from; i < from + n; i++) await store.append(ev(i));
}

describe('AuditStore.append', () => {
  it('assigns v, a 16-hex id, a monotonic seq and an ISO time', async () => {
    const { store } = setup();
    const [r1] = await store.append(ev(1));
    const [r2, r3] = await store.append([ev(2), ev(3, { type: 'token.cleared', storage: 'sessionStorage', fp: '0123456789ab' })]);
    expect(r1?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(r1).toEqual({ v: 1, id: r1?.id, seq: 1, ts: new Date(T0 + 1000).toISOString(), type: 'session.end', origin: A, reason: 'logout', detail: 'event 1' });
    expect([r2?.seq, r3?.seq]).toEqual([2, 3]);
    expect(r3).toMatchObject({ type: 'token.cleared', storage: 'sessionStorage', fp: '0123456789ab' });
    expect(new Set([r1?.id, r2?.id, r3?.id]).size).toBe(3);
    expect(await store.all()).toEqual([r1, r2, r3]);
  });

  it('normalises the origin and caps free text', async () => {
    const { store } = setup();
    const [r] = await store.append({ type: 'policy.changed', origin: 'HTTPS://A.example.com:443/', detail: 'x'.repeat(500) });
    expect(r?.origin).toBe(A);
    expect(r?.detail).toHaveLength(200);
  });

  it('rejects a call whose inputs are all malformed, writing nothing', async () => {
    const { store, area } = setup();
    await expect(store.append({ type: 'nope', origin: '' } as unknown as AuditInput)).rejects.toBeInstanceOf(AuditInputError);
    expect(await store.all()).toEqual([]);
    expect(area.keys().filter((k) => k.startsWith('audit:page'))).toEqual([]);
    expect(await store.append([])).toEqual([]);
  });

  it('keeps the valid inputs of a batch and redacts secret-looking text instead of losing the event', async () => {
    const { store } = setup();
    // A secret no record id can contain by chance (ids are random hex: 'abc' was in one, once).
    const out = await store.append([ev(1), { type: 'nope', origin: '' } as unknown as AuditInput, { ...ev(2), detail: 'X-Access-Token: secret-token-xyz' }]);
    expect(out).toHaveLength(2);
    expect(out[1]?.detail).toBe('[redacted]');
    expect(JSON.stringify(await store.all())).not.toContain('token-xyz');
  });

  it('uses an injected id generator, falling back to random hex for a bad one', async () => {
    const ids = ['00000000000000aa', 'not-hex'];
    const { store } = setup({ randomId: () => ids.shift() ?? 'bad' });
    const [a, b] = await store.append([ev(1), ev(2)]);
    expect(a?.id).toBe('00000000000000aa');
    expect(b?.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('survives a broken clock', async () => {
    const { store } = setup({ now: () => Number.NaN });
    const [r] = await store.append(ev(1));
    expect(Number.isNaN(Date.parse(r?.ts ?? ''))).toBe(false);
  });

  it('writes at most two keys per append, only under audit:', async () => {
    const { store, area } = setup({ maxRecords: 100 });
    area.put('settings', { keep: true });
    area.put('fwd:meta', { other: 1 });
    await appendMany(store, 350);
    const writes = area.calls.filter((c) => c.op !== 'get');
    for (const w of writes.filter((c) => c.op === 'set')) expect(w.keys.length).toBeLessThanOrEqual(2);
    for (const c of area.calls.slice(1)) for (const k of c.keys) expect(k.startsWith('audit:')).toBe(true);
    expect(area.peek('settings')).toEqual({ keep: true });
    expect(area.peek('fwd:meta')).toEqual({ other: 1 });
  });
});

describe('bounds', () => {
  it('keeps the newest maxRecords and counts the dropped ones', async () => {
    const { store, area } = setup({ maxRecords: 100 });
    await appendMany(store, 250);
    const all = await store.all();
    expect(all).toHaveLength(100);
    expect(all[0]?.seq).toBe(151);
    expect(all.at(-1)?.seq).toBe(250);
    expect((await store.query()).dropped).toBe(150);
    // Whole pages that fell out are removed from storage.
    expect(area.keys().filter((k) => k.startsWith('audit:page')).length).toBeLessThanOrEqual(2);
  });

  it('clamps maxRecords to 100..100000', async () => {
    const { store } = setup({ maxRecords: 5 });
    await appendMany(store, 120);
    expect(await store.all()).toHaveLength(100);
    await store.setMaxRecords(Number.NaN);
    await store.setMaxRecords(1e9);
    expect(await store.all()).toHaveLength(100);
  });

  it('setMaxRecords trims at once; raising it keeps what is there', async () => {
    const { store } = setup({ maxRecords: 1000 });
    await store.append(Array.from({ length: 450 }, (_, i) => ev(i)));
    await store.setMaxRecords(120);
    const all = await store.all();
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 120 }, (_, i) => 331 + i));
    expect((await store.query()).dropped).toBe(330);
    await store.setMaxRecords(5000);
    await appendMany(store, 10);
    expect(await store.all()).toHaveLength(130);
  });

  it('handles one batch larger than the bound and larger than an append chunk', async () => {
    const { store } = setup({ maxRecords: 100 });
    const out = await store.append(Array.from({ length: 2500 }, (_, i) => ev(i)));
    expect(out).toHaveLength(2500);
    const all = await store.all();
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 2401 + i));
    expect((await store.query()).dropped).toBe(2400);
  });
});

describe('query / all', () => {
  async function filled() {
    const s = setup();
    await s.store.append([
      { type: 'session.start', origin: A, account: 'Root' },
      { type: 'session.end', origin: A, reason: 'idle-timeout' },
      { type: 'token.cleared', origin: B, reason: 'tab-closed', storage: 'sessionStorage' },
      { type: 'cert.warning', origin: B, detail: 'Client certificate expires in 5 days' },
      { type: 'extension.started', origin: '' },
    ]);
    return s;
  }

  it('returns newest first; all() oldest first', async () => {
    const { store } = await filled();
    expect((await store.query()).records.map((r) => r.seq)).toEqual([5, 4, 3, 2, 1]);
    expect((await store.all()).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('filters by origin (normalised), type, text and time, and limits', async () => {
    const { store } = await filled();
    const seqs = async (f: Parameters<AuditStore['query']>[0]) => (await store.query(f)).records.map((r) => r.seq);
    expect(await seqs({ origin: 'https://B.example.com:8443/' })).toEqual([4, 3]);
    expect(await seqs({ type: 'session.end' })).toEqual([2]);
    expect(await seqs({ text: 'EXPIRES' })).toEqual([4]);
    expect(await seqs({ text: 'root' })).toEqual([1]);
    expect(await seqs({ text: 'tab-closed' })).toEqual([3]);
    expect(await seqs({ since: new Date(T0 + 1000).toISOString() })).toEqual([5, 4, 3, 2, 1]);
    expect(await seqs({ since: new Date(T0 + 5000).toISOString() })).toEqual([]);
    expect(await seqs({ since: 'not a date' })).toEqual([5, 4, 3, 2, 1]);
    expect(await seqs({ origin: A, type: 'session.start', text: 'ro' })).toEqual([1]);
    const limited = await store.query({ limit: 2 });
    expect(limited.records.map((r) => r.seq)).toEqual([5, 4]);
    expect(limited.total).toBe(5);
    expect((await store.query({ limit: 0 })).records).toHaveLength(5);
  });

  it('a second store on the same area sees the log and continues the seq', async () => {
    const { store, area } = await filled();
    const again = new AuditStore(area, { maxRecords: 5000 });
    expect(await again.all()).toEqual(await store.all());
    const [r] = await again.append(ev(9));
    expect(r?.seq).toBe(6);
  });
});

describe('clear', () => {
  it('removes every record and page, resets dropped, keeps seq monotonic, touches only audit keys', async () => {
    const { store, area } = setup({ maxRecords: 100 });
    area.put('settings', 1);
    await appendMany(store, 230);
    await store.clear();
    expect(await store.all()).toEqual([]);
    expect(await store.query()).toEqual({ records: [], total: 0, dropped: 0 });
    expect(area.keys()).toEqual(['audit:meta', 'settings']);
    const [r] = await store.append(ev(1));
    expect(r?.seq).toBe(231);
  });
});

describe('recent (the popup, every second)', () => {
  it('answers like query({ origin, limit }) and is answered again without reading the pages', async () => {
    const { area, store } = setup();
    await appendMany(store, 250);
    await store.append(ev(999, { origin: B }));
    const want = (await store.query({ origin: A, limit: 5 })).records;
    expect(await store.recent(A, 5)).toEqual(want);
    const before = area.calls.length;
    expect(await store.recent(A, 5)).toEqual(want);
    const read = area.calls.slice(before).flatMap((c) => (c.op === 'get' ? c.keys : []));
    expect(read.filter((k) => k.includes('page:'))).toHaveLength(1); // only the tail page, checked with the meta
  });

  it('shows every append, trim and clear at once, also by another writer of the same area', async () => {
    const { area, store } = setup();
    await appendMany(store, 3);
    expect((await store.recent(A, 2)).map((r) => r.detail)).toEqual(['event 2', 'event 1']);
    await store.append(ev(3));
    expect((await store.recent(A, 2)).map((r) => r.detail)).toEqual(['event 3', 'event 2']);
    const other = new AuditStore(area, { maxRecords: 5000 });
    await other.append(ev(4));
    expect((await store.recent(A, 2)).map((r) => r.detail)).toEqual(['event 4', 'event 3']);
    expect(await store.recent(B, 2)).toEqual([]);
    await store.clear();
    expect(await store.recent(A, 2)).toEqual([]);
  });

  it('a cold answer reads the pages from the newest back only until it has its records', async () => {
    const { area, store } = setup();
    await appendMany(store, 4999); // 50 pages
    await store.append(ev(5000, { origin: B }));
    const before = area.calls.length;
    expect((await store.recent(A, 5)).map((r) => r.detail)).toEqual(['event 4998', 'event 4997', 'event 4996', 'event 4995', 'event 4994']);
    const pagesRead = area.calls.slice(before).flatMap((c) => (c.op === 'get' ? c.keys : [])).filter((k) => k.includes('page:'));
    expect(pagesRead.length).toBeLessThanOrEqual(5); // the tail (with the meta), then one batch
  });

  // Where the origin's newest records are, and what the cold answer must be (the same as query()).
  const spread: { name: string; layout: (i: number) => string; total: number; limit: number }[] = [
    { name: 'all of them in the tail page', layout: () => A, total: 250, limit: 5 },
    { name: 'one in every 150: several batches back', layout: (i) => (i % 150 === 0 ? A : B), total: 2000, limit: 5 },
    { name: 'fewer than asked for in the whole log', layout: (i) => (i === 3 || i === 1500 ? A : B), total: 2000, limit: 5 },
    { name: 'none at all', layout: () => B, total: 700, limit: 5 },
    { name: 'only in the head page, after a trim', layout: (i) => (i < 150 ? A : B), total: 5100, limit: 3 },
  ];
  for (const c of spread) {
    it(`cold answer, ${c.name}: as query() says`, async () => {
      const { store } = setup();
      for (let i = 0; i < c.total; i += 100) await store.append(Array.from({ length: Math.min(100, c.total - i) }, (_, k) => ev(i + k, { origin: c.layout(i + k) })));
      expect(await store.recent(A, c.limit)).toEqual((await store.query({ origin: A, limit: c.limit })).records);
    });
  }

  it('a page that does not check out on the way back: the whole log is read and repaired, the answer still right', async () => {
    const { area, store, recovered } = setup();
    await appendMany(store, 1000);
    await store.append(ev(1000, { origin: B }));
    const meta = (await area.get(['audit:meta']))['audit:meta'] as { tail: number };
    await area.set({ [`audit:page:${meta.tail - 1}`]: [{ garbage: true }] }); // not the tail: the meta check reads that one
    const got = await store.recent(A, 150);
    expect(recovered.length).toBeGreaterThan(0);
    expect(got).toEqual((await store.query({ origin: A, limit: 150 })).records);
    expect(got).toHaveLength(150);
  });

  it('a stale page from an older pass of the ring (sequence out of order): read the whole way', async () => {
    const { area, store } = setup();
    await appendMany(store, 400);
    const meta = (await area.get(['audit:meta']))['audit:meta'] as { tail: number };
    const older = (await area.get([`audit:page:${meta.tail - 2}`]))[`audit:page:${meta.tail - 2}`];
    await area.set({ [`audit:page:${meta.tail - 1}`]: older }); // right length and shape, wrong records
    const got = await store.recent(A, 250); // reaches past the stale page into the one it copies
    expect(got.map((r) => r.seq)).toEqual([...got.map((r) => r.seq)].sort((x, y) => y - x));
    expect(new Set(got.map((r) => r.seq)).size).toBe(got.length);
  });

  it('a reader made before a write (the popup asks before it knows the tab) never serves the older answer afterwards', async () => {
    const { store } = setup();
    await appendMany(store, 2);
    const early = store.recentReader(); // reads the meta now
    await store.append(ev(8));
    expect((await early(A, 1)).map((r) => r.detail)).toEqual(['event 8']); // the records themselves are read when asked
    await store.append(ev(9));
    expect((await store.recent(A, 1)).map((r) => r.detail)).toEqual(['event 9']);
  });

  it('an answer computed across a write is not served after it', async () => {
    const { store } = setup();
    await appendMany(store, 2);
    const [during] = await Promise.all([store.recent(A, 1), store.append(ev(7))]);
    expect(during).toHaveLength(1);
    expect((await store.recent(A, 1)).map((r) => r.detail)).toEqual(['event 7']);
  });
});
