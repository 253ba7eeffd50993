// Two tabs ending sessions at once produce concurrent append() calls that are
// not awaited one after the other. The store must neither lose nor duplicate.
import { describe, expect, it } from 'vitest';
import { AuditStore } from '../../../src/shared/audit/store.ts';
import type { AuditRecord } from '../../../src/shared/audit/types.ts';
import { MemoryArea } from '../helpers/memory-area.ts';

const A = 'https://a.example.com';
const B = 'https://b.example.com';

describe('concurrent appends', () => {
  it('200 appends fired at once from 2 writers → exactly 200 records, unique ids and seqs', async () => {
    const area = new MemoryArea();
    const store = new AuditStore(area, { maxRecords: 5000 });
    const calls: Promise<AuditRecord[]>[] = [];
    for (let i = 0; i < 100; i++) {
      calls.push(store.append({ type: 'session.end', origin: A, reason: 'tab-closed', detail: `w1-${i}` }));
      calls.push(store.append({ type: 'token.cleared', origin: B, reason: 'tab-closed', detail: `w2-${i}` }));
    }
    const returned = (await Promise.all(calls)).flat();
    const all = await store.all();
    expect(all).toHaveLength(200);
    expect(new Set(all.map((r) => r.id)).size).toBe(200);
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(returned.map((r) => r.id).sort()).toEqual(all.map((r) => r.id).sort());
    // Each writer's events keep their own order.
    for (const w of ['w1', 'w2']) {
      const mine = all.filter((r) => r.detail?.startsWith(`${w}-`)).map((r) => Number(r.detail?.split('-')[1]));
      expect(mine).toEqual(Array.from({ length: 100 }, (_, i) => i));
    }
  });

  it('appends, queries, bound changes and batches racing each other keep the books balanced', async () => {
    const area = new MemoryArea();
    const store = new AuditStore(area, { maxRecords: 300 });
    const ops: Promise<unknown>[] = [];
    let appended = 0;
    for (let i = 0; i < 150; i++) {
      const batch = Array.from({ length: (i % 4) + 1 }, (_, j) => ({ type: 'session.end' as const, origin: A, detail: `${i}.${j}` }));
      appended += batch.length;
      ops.push(store.append(batch));
      if (i % 10 === 0) ops.push(store.query({ limit: 5 }));
      if (i === 75) ops.push(store.setMaxRecords(120));
      if (i === 100) ops.push(store.setMaxRecords(250));
    }
    await Promise.all(ops);
    const all = await store.all();
    const { dropped } = await store.query();
    expect(all.length).toBeLessThanOrEqual(250);
    expect(all.length + dropped).toBe(appended);
    const seqs = all.map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: all.length }, (_, i) => appended - all.length + 1 + i));
  });

  it('a storage failure rejects that append only; the log stays consistent', async () => {
    const area = new MemoryArea();
    const store = new AuditStore(area, { maxRecords: 100 });
    await store.append({ type: 'extension.started', origin: '' });
    area.failNext = 'set';
    const failing = store.append({ type: 'session.end', origin: A, detail: 'lost' });
    const next = store.append({ type: 'session.end', origin: A, detail: 'kept' });
    await expect(failing).rejects.toThrow(/simulated set failure/);
    await next;
    expect((await store.all()).map((r) => [r.seq, r.detail])).toEqual([
      [1, undefined],
      [2, 'kept'],
    ]);
  });
});
