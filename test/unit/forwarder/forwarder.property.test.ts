// Random outages, slow answers, restarts and clock jumps: once the collector is
// back, every enqueued record arrives (at least once), unchanged, by id.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuditStore } from '../../../src/shared/audit/store.ts';
import type { AuditRecord } from '../../../src/shared/audit/types.ts';
import { AuditForwarder, BACKOFF_MAX_MS } from '../../../src/shared/audit/forwarder.ts';
import { MemoryArea } from '../helpers/memory-area.ts';

const step = fc.oneof(
  fc.record({ kind: fc.constant('enqueue' as const), n: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('status' as const), code: fc.constantFrom(200, 201, 204, 400, 401, 429, 500, 503, 0) }),
  fc.record({ kind: fc.constant('network' as const), fail: fc.boolean() }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: BACKOFF_MAX_MS }) }),
  fc.record({ kind: fc.constant('flush' as const) }),
  fc.record({ kind: fc.constant('restart' as const) }),
);

describe('forwarder properties', () => {
  it('delivers every record at least once, unchanged, whatever happens before the collector recovers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), fc.integer({ min: 1, max: 25 }), fc.double({ min: 0, max: 1, noNaN: true }), async (steps, batchSize, jitter) => {
        const area = new MemoryArea();
        let now = 1_000_000;
        let status = 200;
        let networkDown = false;
        const received = new Map<string, AuditRecord>();
        const fetch = (_url: string, init: { body: string }): Promise<{ status: number }> => {
          if (networkDown) return Promise.reject(new TypeError('offline'));
          if (status >= 200 && status < 300) for (const r of (JSON.parse(init.body) as { records: AuditRecord[] }).records) received.set(r.id, r);
          return Promise.resolve({ status });
        };
        const make = () => new AuditForwarder({ area, fetch, now: () => now, random: () => jitter }, () => ({ enabled: true, url: 'https://c.example.com', authHeader: '', batchSize, format: 'joc-guard', index: 'joc-guard-audit' }));
        let fwd = make();
        const store = new AuditStore(area, { maxRecords: 100_000, now: () => now });
        const sent: AuditRecord[] = [];
        const pending: Promise<unknown>[] = [];
        for (const s of steps) {
          if (s.kind === 'enqueue') {
            const recs = await store.append(Array.from({ length: s.n }, () => ({ type: 'token.cleared' as const, origin: '' })));
            sent.push(...recs);
            pending.push(fwd.enqueue(recs));
          } else if (s.kind === 'status') status = s.code;
          else if (s.kind === 'network') networkDown = s.fail;
          else if (s.kind === 'advance') now += s.ms;
          else if (s.kind === 'flush') pending.push(fwd.flush());
          else {
            await Promise.all(pending.splice(0));
            fwd = make();
          }
        }
        await Promise.all(pending);
        status = 200;
        networkDown = false;
        now += BACKOFF_MAX_MS;
        const last = await fwd.flush();
        expect(last).toEqual({ sent: expect.any(Number) as number, pending: 0, nextAttemptAt: null });
        expect(received.size).toBe(sent.length);
        for (const r of sent) expect(received.get(r.id)).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });
});
