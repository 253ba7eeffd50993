// Corrupt stored data never makes the store throw: it repairs what it can,
// drops what it cannot, counts the loss and reports it through onRecovered.
import { describe, expect, it } from 'vitest';
import { AuditStore } from '../../../src/shared/audit/store.ts';
import type { AuditInput, AuditRecord } from '../../../src/shared/audit/types.ts';
import { MemoryArea } from '../helpers/memory-area.ts';

const ev = (i: number): AuditInput => ({ type: 'session.end', origin: 'https://a.example.com', detail: `e${i}` });

/** A store with 250 records (pages 0..2), and a fresh store on the same area to read it after tampering. */
async function seeded(n = 250) {
  const area = new MemoryArea();
  const first = new AuditStore(area, { maxRecords: 5000 });
  await first.append(Array.from({ length: n }, (_, i) => ev(i + 1)));
  const recovered: string[] = [];
  const store = new AuditStore(area, { maxRecords: 5000, onRecovered: (d) => recovered.push(d) });
  return { area, store, recovered };
}

const seqsOf = (rs: AuditRecord[]) => rs.map((r) => r.seq);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('recovery', () => {
  it('a fresh store reports nothing', async () => {
    const recovered: string[] = [];
    const store = new AuditStore(new MemoryArea(), { maxRecords: 100, onRecovered: (d) => recovered.push(d) });
    expect(await store.query()).toEqual({ records: [], total: 0, dropped: 0 });
    await store.append(ev(1));
    expect(recovered).toEqual([]);
  });

  for (const [name, meta] of [
    ['a string', 'garbage'],
    ['null', null],
    ['an array', [1, 2]],
    ['a wrong version', { v: 2, seq: 250, head: 0, tail: 2, skip: 0, count: 250, dropped: 0 }],
    ['negative numbers', { v: 1, seq: -1, head: 0, tail: 2, skip: 0, count: 250, dropped: 0 }],
    ['head after tail', { v: 1, seq: 250, head: 3, tail: 2, skip: 0, count: 250, dropped: 0 }],
    ['a count the pages cannot hold', { v: 1, seq: 250, head: 0, tail: 2, skip: 0, count: 9999, dropped: 0 }],
  ] as const) {
    it(`rebuilds from every page when meta is ${name}`, async () => {
      const { area, store, recovered } = await seeded();
      area.put('audit:meta', meta);
      expect(seqsOf(await store.all())).toEqual(range(1, 250));
      expect(recovered).toHaveLength(1);
      expect(recovered[0]).toMatch(/^audit storage repaired: meta invalid; kept 250 records, 0 lost/);
      const [r] = await store.append(ev(251));
      expect(r?.seq).toBe(251);
    });
  }

  it('rebuilds when meta is missing but pages exist', async () => {
    const { area, store, recovered } = await seeded();
    area.data.delete('audit:meta');
    expect(await store.query({ limit: 1 })).toMatchObject({ total: 250, dropped: 0 });
    expect(recovered[0]).toMatch(/meta missing; kept 250 records/);
  });

  it('drops a page that is not an array, keeps the rest, counts the loss', async () => {
    const { area, store, recovered } = await seeded();
    area.put('audit:page:1', { not: 'a page' });
    const all = await store.all();
    expect(seqsOf(all)).toEqual([...range(1, 100), ...range(201, 250)]);
    expect((await store.query()).dropped).toBe(100);
    expect(recovered[0]).toMatch(/page 1 unreadable; kept 150 records, 100 lost/);
    // Repaired once, then stable: no second report.
    await store.all();
    expect(recovered).toHaveLength(1);
  });

  it('drops records of the wrong shape and keeps the readable ones', async () => {
    const { area, store, recovered } = await seeded();
    const page = area.peek('audit:page:0') as unknown[];
    page[3] = { v: 1, id: 'zz', seq: 4 };
    page[4] = 'text';
    page[5] = { ...(page[5] as object), password: 'hunter2' };
    page[6] = { ...(page[6] as object), type: 'made.up' };
    area.put('audit:page:0', page);
    const all = await store.all();
    expect(all).toHaveLength(246);
    expect(seqsOf(all)).not.toContain(4);
    expect((await store.query()).dropped).toBe(4);
    expect(recovered).toHaveLength(1);
  });

  it('repairs a seq gap and duplicates', async () => {
    const { area, store } = await seeded();
    const page = area.peek('audit:page:1') as unknown[];
    page.splice(10, 5); // seqs 111..115 vanish
    page.push(page[0]); // and a duplicate
    area.put('audit:page:1', page);
    const all = await store.all();
    expect(seqsOf(all)).toEqual([...range(1, 110), ...range(116, 250)]);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    expect((await store.query()).dropped).toBe(5);
  });

  it('repairs a corrupt tail page during append, without reusing seqs', async () => {
    const { area, store, recovered } = await seeded();
    area.put('audit:page:2', 42);
    const [r] = await store.append(ev(999));
    expect(r?.seq).toBe(251);
    expect(seqsOf(await store.all())).toEqual([...range(1, 200), 251]);
    expect(recovered).toHaveLength(1);
  });

  it('after losing the newest page, repeated reads do not repair again and new seqs stay above the lost ones', async () => {
    const { area, store, recovered } = await seeded();
    area.put('audit:page:2', 'gone');
    expect(await store.all()).toHaveLength(200);
    expect(await store.all()).toHaveLength(200);
    expect(recovered).toHaveLength(1);
    const [r] = await store.append(ev(1));
    expect(r?.seq).toBe(251);
    expect(await store.all()).toHaveLength(201);
    expect(recovered).toHaveLength(1);
  });

  it('never hands out a seq below a stored one, even when meta.seq is behind', async () => {
    const { area, store } = await seeded();
    const meta = area.peek('audit:meta') as Record<string, number>;
    area.put('audit:meta', { ...meta, seq: 10 });
    const [r] = await store.append(ev(1));
    expect(r?.seq).toBe(251);
    const seqs = seqsOf(await store.all());
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('keeps working when onRecovered throws, and when it appends (as the background does)', async () => {
    const { area } = await seeded();
    area.put('audit:meta', 'garbage');
    const throwing = new AuditStore(area, { maxRecords: 5000, onRecovered: () => { throw new Error('boom'); } });
    expect(await throwing.all()).toHaveLength(250);

    area.put('audit:meta', 'garbage');
    let store: AuditStore | null = null;
    store = new AuditStore(area, {
      maxRecords: 5000,
      onRecovered: (detail) => void store?.append({ type: 'storage.recovered', origin: '', detail }),
    });
    expect(await store.all()).toHaveLength(250);
    const newest = (await store.query({ limit: 1 })).records[0];
    expect(newest).toMatchObject({ type: 'storage.recovered', seq: 251 });
  });

  it('a crash between writing meta and removing freed pages leaves no inconsistency', async () => {
    const area = new MemoryArea();
    const store = new AuditStore(area, { maxRecords: 100 });
    await store.append(Array.from({ length: 100 }, (_, i) => ev(i)));
    area.failNext = 'remove';
    await expect(store.append(Array.from({ length: 150 }, (_, i) => ev(i)))).rejects.toThrow(/remove/);
    const again = new AuditStore(area, { maxRecords: 100, onRecovered: () => { throw new Error('no repair expected'); } });
    expect(seqsOf(await again.all())).toEqual(range(151, 250));
    await again.append(ev(1));
    expect(seqsOf(await again.all())).toEqual(range(152, 251));
  });

  it('a clear() interrupted before its page removal does not bring records back', async () => {
    const { area, store, recovered } = await seeded();
    area.failNext = 'remove';
    await expect(store.clear()).rejects.toThrow(/remove/);
    expect(await store.all()).toEqual([]);
    const [r] = await store.append(ev(1));
    expect(seqsOf(await store.all())).toEqual([r?.seq ?? -1]);
    expect(r?.seq).toBe(251);
    expect(recovered).toEqual([]);
  });

  it('never touches keys outside audit: while repairing', async () => {
    const { area, store } = await seeded();
    area.put('settings', { a: 1 });
    area.put('fwd:page:1', ['x']);
    area.put('audit:meta', 'garbage');
    await store.all();
    expect(area.peek('settings')).toEqual({ a: 1 });
    expect(area.peek('fwd:page:1')).toEqual(['x']);
    for (const c of area.calls) if (c.op !== 'get') for (const k of c.keys) expect(k.startsWith('audit:')).toBe(true);
  });
});
