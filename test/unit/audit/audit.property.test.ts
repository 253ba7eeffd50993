// Property tests: the sanitizer and the store never throw, whatever is in
// storage; a repaired store works and keeps every readable record; random
// concurrent operation sequences match a simple model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuditStore, parseAuditRecord, sanitizeAuditInput } from '../../../src/shared/audit/store.ts';
import { AUDIT_EVENT_TYPES, type AuditRecord } from '../../../src/shared/audit/types.ts';
import { MemoryArea } from '../helpers/memory-area.ts';

const hex = (len: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: len, maxLength: len });
const text = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('logout', 'q7Hk2LmZ-pR4x-Tn8W-c1VbE9sYdQ0aFgJ3', 'password=x', ''));

const inputLike = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...AUDIT_EVENT_TYPES), fc.string()),
    origin: fc.oneof(fc.constantFrom('', 'https://a.example.com', 'HTTP://B.example.com:80', 'javascript:x'), fc.string()),
    storage: fc.oneof(fc.constantFrom('localStorage', 'sessionStorage', 'cookie'), fc.string()),
    fp: fc.oneof(hex(12), fc.string()),
    reason: text,
    key: text,
    account: text,
    result: text,
    detail: text,
  },
  { requiredKeys: [] },
);

const word = fc.nat().map((n) => n.toString(16).padStart(8, '0'));
const recordArb = fc
  .record({ seq: fc.nat(400), a: word, b: word, type: fc.constantFrom(...AUDIT_EVENT_TYPES), detail: fc.constantFrom('x', 'logout', 'y z') })
  .map((r): AuditRecord => ({ v: 1, id: `${r.a}${r.b}`, seq: r.seq, ts: '2026-01-01T00:00:00.000Z', type: r.type, origin: '', detail: r.detail }));

/** Pages of valid records (unique seqs) mixed with garbage items. */
const junk = fc.anything({ maxDepth: 1, maxKeys: 3 });
const pageArb = fc.array(fc.oneof({ arbitrary: recordArb, weight: 3 }, { arbitrary: junk, weight: 1 }), { maxLength: 110 });
const metaArb = fc.oneof(
  junk,
  fc.record({ v: fc.constantFrom(1, 2), seq: fc.integer({ min: -2, max: 500 }), head: fc.nat(5), tail: fc.nat(6), skip: fc.nat(120), count: fc.nat(700), dropped: fc.nat(9), holes: fc.nat(9) }, { requiredKeys: [] }),
);
const storedArb = fc.record({
  meta: fc.option(metaArb, { nil: undefined }),
  pages: fc.dictionary(fc.constantFrom('0', '1', '2', '3', '5', '1023'), fc.oneof({ arbitrary: pageArb, weight: 4 }, { arbitrary: junk, weight: 1 })),
});

function load(stored: { meta: unknown; pages: Record<string, unknown> }): MemoryArea {
  const area = new MemoryArea();
  if (stored.meta !== undefined) area.put('audit:meta', stored.meta);
  for (const [slot, page] of Object.entries(stored.pages)) area.put(`audit:page:${slot}`, page);
  return area;
}

describe('audit properties', () => {
  it('sanitizeAuditInput never throws, and what it accepts is storable and secret-free', () => {
    fc.assert(
      fc.property(fc.oneof(inputLike, fc.anything({ withNullPrototype: true })), (x) => {
        const out = sanitizeAuditInput(x);
        if (out === null) return;
        expect(parseAuditRecord({ v: 1, id: '0123456789abcdef', seq: 1, ts: '2026-01-01T00:00:00.000Z', ...out })).toEqual({ v: 1, id: '0123456789abcdef', seq: 1, ts: '2026-01-01T00:00:00.000Z', ...out });
        expect(JSON.stringify(out)).not.toContain('q7Hk2LmZ');
        expect(JSON.stringify(out)).not.toMatch(/password=/);
      }),
      { numRuns: 5000 },
    );
  });

  it('never throws on stored garbage; afterwards query() and append() work and the repair is final', async () => {
    await fc.assert(
      fc.asyncProperty(storedArb, async (stored) => {
        const area = load(stored);
        const recovered: string[] = [];
        const store = new AuditStore(area, { maxRecords: 5000, onRecovered: (d) => recovered.push(d) });
        const before = await store.query();
        expect(before.total).toBe(before.records.length);
        const seqs = before.records.map((r) => r.seq).reverse();
        expect(seqs.every((q, i) => i === 0 || q > (seqs[i - 1] ?? Infinity))).toBe(true);
        expect(new Set(before.records.map((r) => r.id)).size).toBe(before.records.length);
        expect(before.records.map(parseAuditRecord)).toEqual(before.records);
        const reports = recovered.length;
        const [added] = await store.append({ type: 'extension.started', origin: '' });
        expect(added?.seq).toBeGreaterThan(Math.max(0, ...seqs));
        const after = await store.query();
        expect(after.records[0]).toEqual(added);
        expect(after.total).toBe(before.total + 1);
        expect(recovered.length).toBe(reports); // no second repair
        expect(area.keys().every((k) => k.startsWith('audit:'))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('when meta is lost, every readable record (unique seq and id) survives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('0', '7', '300', '1023'), pageArb), junk, async (pages, meta) => {
        const area = load({ meta, pages });
        const stored = Object.values(pages).flat().map(parseAuditRecord).filter((r): r is AuditRecord => r !== null);
        const bySeq = new Map<number, AuditRecord>();
        const ids = new Set<string>();
        for (const r of [...stored].sort((a, b) => a.seq - b.seq)) {
          if (bySeq.has(r.seq) || ids.has(r.id)) continue;
          bySeq.set(r.seq, r);
          ids.add(r.id);
        }
        const all = await new AuditStore(area, { maxRecords: 5000 }).all();
        // A valid-looking meta may legitimately narrow what is live; only check the lost-meta case.
        if (typeof meta === 'object' && meta !== null && (meta as { v?: unknown }).v === 1) return;
        expect(all).toEqual([...bySeq.values()]);
      }),
      { numRuns: 300 },
    );
  });

  it('random concurrent operation sequences match a model', async () => {
    const op = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('append' as const), n: fc.integer({ min: 1, max: 130 }) }), weight: 6 },
      { arbitrary: fc.record({ kind: fc.constant('max' as const), n: fc.integer({ min: 50, max: 400 }) }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('clear' as const) }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('query' as const) }), weight: 2 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        const store = new AuditStore(new MemoryArea(), { maxRecords: 200 });
        const model = { seq: 0, live: [] as number[], dropped: 0, max: 200 };
        const running: Promise<unknown>[] = [];
        for (const o of ops) {
          if (o.kind === 'append') {
            running.push(store.append(Array.from({ length: o.n }, () => ({ type: 'session.end' as const, origin: '' }))));
            for (let i = 0; i < o.n; i++) model.live.push(++model.seq);
          } else if (o.kind === 'max') {
            running.push(store.setMaxRecords(o.n));
            model.max = Math.max(100, o.n);
          } else if (o.kind === 'clear') {
            running.push(store.clear());
            model.live = [];
            model.dropped = 0;
          } else running.push(store.query({ limit: 3 }));
          const excess = Math.max(0, model.live.length - model.max);
          model.live.splice(0, excess);
          model.dropped += excess;
        }
        await Promise.all(running);
        const { records, dropped } = await store.query();
        expect(records.map((r) => r.seq).reverse()).toEqual(model.live);
        expect(dropped).toBe(model.dropped);
        expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
      }),
      { numRuns: 120 },
    );
  });
});
