import { describe, expect, it } from 'vitest';
import { AuditStore } from '../../../src/shared/audit/store.ts';
import { AuditForwarder, BACKOFF_MAX_MS } from '../../../src/shared/audit/forwarder.ts';
import { MemoryArea } from '../helpers/memory-area.ts';
import { T0, URL_OK, setup } from './fake-collector.ts';

describe('AuditForwarder robustness', () => {
  it('refuses to send to a non-https URL', async () => {
    const { fwd, collector, record, config } = setup();
    await fwd.enqueue(await record(1));
    config.url = 'http://siem.example.com/in';
    expect(await fwd.flush()).toMatchObject({ sent: 0, pending: 1, lastError: 'invalid-config: url must be https://' });
    expect(await fwd.sendTest((await record(1))[0]!)).toEqual({ ok: false, error: 'url must be an https:// URL' });
    expect(collector.requests).toEqual([]);
  });

  it('times out a request that never answers', async () => {
    const area = new MemoryArea();
    const fwd = new AuditForwarder(
      { area, fetch: () => new Promise(() => undefined), now: () => T0, timeoutMs: 20, random: () => 0 },
      () => ({ enabled: true, url: URL_OK, authHeader: '', batchSize: 5, format: 'joc-guard', index: 'joc-guard-audit' }),
    );
    const store = new AuditStore(area, { maxRecords: 100 });
    await fwd.enqueue(await store.append({ type: 'extension.started', origin: '' }));
    expect(await fwd.flush()).toMatchObject({ sent: 0, pending: 1, lastError: 'timeout', nextAttemptAt: T0 + 5000 });
  });

  it('sendTest posts one record without touching the outbox, and never throws', async () => {
    const { fwd, collector, record } = setup();
    const [probe] = await record(1);
    expect(await fwd.sendTest(probe!)).toEqual({ ok: true, status: 200 });
    expect(collector.requests[0]?.records).toEqual([probe]);
    expect(collector.requests[0]?.headers['Idempotency-Key']).toBe(`test-${probe!.id}`);
    expect((await fwd.status()).pending).toBe(0);
    collector.mode = 'down';
    expect(await fwd.sendTest(probe!)).toEqual({ ok: false, status: 503, error: 'http-503' });
    collector.mode = 'throw';
    expect(await fwd.sendTest(probe!)).toEqual({ ok: false, error: 'network-error: Failed to fetch' });
  });

  it('flush never throws on storage failures or corrupt state', async () => {
    const { fwd, area, record, clock } = setup();
    await fwd.enqueue(await record(2));
    area.failNext = 'get';
    const r = await fwd.flush();
    expect(r.lastError).toMatch(/^internal: simulated get failure/);
    area.put('fwd:state', { failures: 'x', nextAttemptAt: T0 + 365 * 86_400_000 });
    // No backoff lasts longer than the maximum: a time beyond it is ignored, not obeyed.
    expect(await fwd.status()).toMatchObject({ nextAttemptAt: null, failures: 0 });
    area.put('fwd:state', { failures: 3, nextAttemptAt: T0 + BACKOFF_MAX_MS });
    expect((await fwd.flush()).sent).toBe(0);
    area.put('fwd:meta', 'garbage');
    clock.now += BACKOFF_MAX_MS;
    expect(await fwd.flush()).toEqual({ sent: 2, pending: 0, nextAttemptAt: null });
  });

  it('touches only fwd: keys (besides the audit store of the test)', async () => {
    const { fwd, area, record, collector } = setup();
    area.put('settings', { x: 1 });
    const recs = await record(3);
    area.calls.length = 0;
    await fwd.enqueue(recs);
    collector.mode = 'down';
    await fwd.flush();
    for (const c of area.calls) for (const k of c.keys) expect(k.startsWith('fwd:')).toBe(true);
  });
});
