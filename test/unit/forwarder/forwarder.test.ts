import { describe, expect, it } from 'vitest';
import { AUDIT_EVENT_TYPES, type AuditRecord } from '../../../src/shared/audit/types.ts';
import { AuditStore } from '../../../src/shared/audit/store.ts';
import { BACKOFF_MAX_MS, OUTBOX_MAX, backoffDelay, failureAlert } from '../../../src/shared/audit/forwarder.ts';
import { T0, URL_OK, setup } from './fake-collector.ts';

describe('AuditForwarder', () => {
  it('is a no-op while disabled', async () => {
    const { fwd, area, collector, record, config } = setup({ enabled: false });
    await fwd.enqueue(await record(3));
    expect(area.keys().filter((k) => k.startsWith('fwd:'))).toEqual([]);
    expect(await fwd.flush()).toEqual({ sent: 0, pending: 0, nextAttemptAt: null });
    expect(collector.requests).toEqual([]);
    config.enabled = true;
    await fwd.enqueue(await record(1));
    expect((await fwd.status()).pending).toBe(1);
  });

  it('enqueue only writes the outbox; flush sends batches with the documented headers', async () => {
    const { fwd, collector, record, area } = setup({ batchSize: 10 });
    const recs = await record(25);
    await fwd.enqueue(recs);
    expect(collector.requests).toEqual([]);
    expect(area.keys().some((k) => k.startsWith('fwd:page:'))).toBe(true);
    expect(await fwd.flush()).toEqual({ sent: 25, pending: 0, nextAttemptAt: null });
    expect(collector.requests.map((r) => r.records.length)).toEqual([10, 10, 5]);
    const h = collector.requests[0]?.headers ?? {};
    expect(h['Content-Type']).toBe('application/json');
    expect(h.Authorization).toBe('Bearer t0ken');
    expect(h['Idempotency-Key']).toMatch(/^[0-9a-f]{32}-10$/);
    expect(h['X-Batch-Id']).toBe(h['Idempotency-Key']);
    expect(collector.requests[0]?.url).toBe(URL_OK);
    expect([...collector.stored.values()]).toEqual(recs);
  });

  it('forwards every record type, policy.weakened included', async () => {
    const { fwd, collector, area } = setup({ batchSize: 100 });
    const store = new AuditStore(area, { maxRecords: 1000, now: () => T0 });
    const recs = await store.append(AUDIT_EVENT_TYPES.map((type) => ({ type, origin: '' })));
    await fwd.enqueue(recs);
    await fwd.flush();
    expect([...collector.stored.values()].map((r) => r.type)).toEqual([...AUDIT_EVENT_TYPES]);
  });

  it('a record of switching forwarding off reaches the collector only when flushed before the switch (ui-handlers does so)', async () => {
    for (const flushFirst of [true, false]) {
      const { fwd, collector, record, config } = setup();
      await fwd.enqueue(await record(1));
      if (flushFirst) await fwd.flush();
      config.enabled = false;
      await fwd.flush();
      expect(collector.stored.size).toBe(flushFirst ? 1 : 0);
    }
  });

  it('sends no Authorization header when none is configured', async () => {
    const { fwd, collector, record } = setup({ authHeader: '' });
    await fwd.enqueue(await record(1));
    await fwd.flush();
    expect(collector.requests[0]?.headers).not.toHaveProperty('Authorization');
  });

  it('backs off exponentially (5 s, 10 s, 20 s … 15 min) and retries the same batch with the same key', async () => {
    const { fwd, collector, record, clock } = setup();
    await fwd.enqueue(await record(3));
    collector.mode = 'down';
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await fwd.flush();
      expect(r).toMatchObject({ sent: 0, pending: 3, lastError: 'http-503' });
      delays.push((r.nextAttemptAt ?? 0) - clock.now);
      // Before the time comes, flush does not touch the network.
      const calls = collector.requests.length;
      clock.now += delays.at(-1)! - 1;
      expect((await fwd.flush()).sent).toBe(0);
      expect(collector.requests.length).toBe(calls);
      clock.now += 1;
    }
    expect(delays).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 900, 900, 900, 900].map((s) => s * 1000));
    expect(new Set(collector.requests.map((r) => r.headers['Idempotency-Key'])).size).toBe(1);
    expect((await fwd.status()).failures).toBe(12);
    collector.mode = 'up';
    expect(await fwd.flush()).toEqual({ sent: 3, pending: 0, nextAttemptAt: null });
    expect(await fwd.status()).toEqual({ pending: 0, nextAttemptAt: null, dropped: 0, failures: 0 });
  });

  it('jitter only shortens a delay, by at most 20 %', () => {
    expect(backoffDelay(1, 0)).toBe(5000);
    expect(backoffDelay(1, 1)).toBe(4000);
    expect(backoffDelay(3, 0.5)).toBe(18000);
    expect(backoffDelay(50, 0)).toBe(BACKOFF_MAX_MS);
    expect(backoffDelay(2, Number.NaN)).toBe(10000);
  });

  it('treats a thrown fetch as a network error and never throws itself', async () => {
    const { fwd, collector, record } = setup();
    await fwd.enqueue(await record(2));
    collector.mode = 'throw';
    const r = await fwd.flush();
    expect(r).toMatchObject({ sent: 0, pending: 2, lastError: 'network-error: Failed to fetch' });
    expect(JSON.stringify(r)).not.toContain('t0ken');
  });

  it('does not block enqueue while a request is slow; concurrent flushes never run side by side', async () => {
    const { fwd, collector, record } = setup({ batchSize: 5 });
    await fwd.enqueue(await record(5));
    collector.hold();
    const first = fwd.flush();
    const second = fwd.flush();
    const third = fwd.flush();
    expect(third).toBe(second); // calls during a run share the one run after it
    await new Promise((r) => setTimeout(r, 0));
    expect(collector.requests).toHaveLength(1);
    // The collector is still answering: enqueue must complete regardless.
    await fwd.enqueue(await record(7));
    expect((await fwd.status()).pending).toBe(12);
    collector.release();
    expect(await first).toEqual({ sent: 12, pending: 0, nextAttemptAt: null });
    expect(await second).toEqual({ sent: 0, pending: 0, nextAttemptAt: null });
    expect(collector.stored.size).toBe(12);
    expect(collector.requests).toHaveLength(3); // 5 + 5 + 2: nothing sent twice
  });

  it('at-least-once: a batch whose answer was lost is sent again; ids stay stable; nothing is lost', async () => {
    const { fwd, collector, record, clock } = setup({ batchSize: 4 });
    const all: AuditRecord[] = [];
    const add = async (n: number) => {
      const recs = await record(n);
      all.push(...recs);
      await fwd.enqueue(recs);
    };
    await add(6);
    collector.mode = 'store-then-fail'; // the collector stored it, but we saw 502
    await fwd.flush();
    await add(3);
    collector.mode = 'down';
    clock.now += 5000;
    await fwd.flush();
    await add(5);
    collector.mode = 'up';
    clock.now += 10_000;
    const r = await fwd.flush();
    expect(r).toMatchObject({ pending: 0, nextAttemptAt: null });
    expect([...collector.stored.keys()].sort()).toEqual(all.map((x) => x.id).sort());
    for (const x of all) expect(collector.stored.get(x.id)).toEqual(x);
    const sentIds = collector.requests.flatMap((q) => q.records.map((x) => x.id));
    expect(sentIds.length).toBeGreaterThan(all.length); // duplicates happened, by design
  });

  it('a restarted background resumes: outbox and backoff survive a new instance on the same area', async () => {
    const { fwd, collector, record, clock, make } = setup({ batchSize: 50 });
    const recs = await record(120);
    await fwd.enqueue(recs);
    collector.mode = 'down';
    const failed = await fwd.flush();
    expect(failed.nextAttemptAt).toBe(T0 + 5000);

    const restarted = make();
    expect(await restarted.status()).toEqual({ pending: 120, nextAttemptAt: T0 + 5000, lastError: 'http-503', dropped: 0, failures: 1 });
    collector.mode = 'up';
    expect((await restarted.flush()).sent).toBe(0); // still backing off
    clock.now = T0 + 5000;
    expect(await restarted.flush()).toEqual({ sent: 120, pending: 0, nextAttemptAt: null });
    expect([...collector.stored.keys()].sort()).toEqual(recs.map((r) => r.id).sort());
  });

  it('bounds the outbox, dropping the oldest and counting them', async () => {
    const { fwd, collector, record } = setup({ batchSize: 1000 });
    const recs = await record(OUTBOX_MAX + 150);
    await fwd.enqueue(recs);
    const s = await fwd.status();
    expect(s).toMatchObject({ pending: OUTBOX_MAX, dropped: 150 });
    await fwd.flush();
    const sent = collector.requests.flatMap((q) => q.records.map((r) => r.seq));
    expect(sent[0]).toBe(151);
    expect(sent).toHaveLength(OUTBOX_MAX);
  });

  it('skips malformed records on enqueue', async () => {
    const { fwd, record } = setup();
    const [good] = await record(1);
    await fwd.enqueue([good!, { id: 'x' } as unknown as AuditRecord]);
    expect((await fwd.status()).pending).toBe(1);
  });

  it('narrows a refused batch (400) down to the refused record: the others are delivered, it alone waits', async () => {
    const { fwd, collector, record, clock } = setup({ batchSize: 10 });
    await fwd.enqueue(await record(10));
    collector.refuse.add('r6');
    const r = await fwd.flush();
    // r0…r5 were delivered before the refused record; r6 blocks, r7…r9 wait behind it (order kept).
    expect([...collector.stored.values()].map((x) => x.detail)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
    expect(r).toMatchObject({ sent: 6, pending: 4, lastError: 'http-400' });
    // 10 refused → 5 ok (r0–r4) → 5 refused → 3 refused → 2 refused → 1 ok (r5) → 1 refused (r6): back off.
    expect(collector.requests.map((q) => q.records.length)).toEqual([10, 5, 5, 3, 2, 1, 1]);
    // The collector is fixed: everything left is delivered, nothing twice.
    collector.refuse.clear();
    clock.now = r.nextAttemptAt ?? clock.now;
    expect((await fwd.flush()).sent).toBe(4);
    expect(collector.stored.size).toBe(10);
  });

  it('raises an alert at the 5th failure in a row and every 24th after, never otherwise', async () => {
    expect([1, 2, 3, 4, 5, 6, 28, 29, 30, 53].map(failureAlert)).toEqual([false, false, false, false, true, false, false, true, false, true]);
    const { fwd, collector, record, clock } = setup();
    await fwd.enqueue(await record(1));
    collector.mode = 'down';
    const alerts: number[] = [];
    for (let i = 1; i <= 30; i++) {
      const r = await fwd.flush();
      if (r.alert) alerts.push(r.alert.failures);
      clock.now = (r.nextAttemptAt ?? clock.now) + 1;
    }
    expect(alerts).toEqual([5, 29]);
    collector.mode = 'up';
    expect((await fwd.flush()).alert).toBeUndefined();
  });
});

