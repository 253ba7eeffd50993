// Per-format partial failures through the forwarder: only what is left is
// resent, what a collector refuses for good leaves the outbox (reported),
// a collector refusing everything keeps it, redirects are never followed,
// and no body of any format carries a token, password or the authHeader.
import { describe, expect, it } from 'vitest';
import { AuditStore } from '../../../src/shared/audit/store.ts';
import type { AuditRecord } from '../../../src/shared/audit/types.ts';
import { AuditForwarder, type CollectorReply, type ForwardConfig } from '../../../src/shared/audit/forwarder.ts';
import { collectorFetch } from '../../../src/shared/audit/collector-post.ts';
import { FORWARD_FORMATS } from '../../../src/shared/audit/formats/index.ts';
import { MemoryArea } from '../helpers/memory-area.ts';
import { T0, URL_OK } from './fake-collector.ts';

type Answer = (body: string, headers: Record<string, string>) => CollectorReply;

function rig(format: ForwardConfig['format'], answer: Answer, cfg: Partial<ForwardConfig> = {}) {
  const area = new MemoryArea();
  const clock = { now: T0 };
  const bodies: { body: string; headers: Record<string, string> }[] = [];
  const config: ForwardConfig = { enabled: true, url: URL_OK, authHeader: 'ApiKey c2VjcmV0LWtleQ==', batchSize: 10, format, index: 'joc-guard-audit', ...cfg };
  const fwd = new AuditForwarder(
    { area, now: () => clock.now, random: () => 0, fetch: (_u, init) => (bodies.push({ body: init.body, headers: init.headers }), Promise.resolve(answer(init.body, init.headers))) },
    () => config,
  );
  const store = new AuditStore(area, { maxRecords: 1000, now: () => clock.now });
  const add = async (n: number, extra: Partial<AuditRecord> = {}) => {
    const recs = await store.append(Array.from({ length: n }, (_, i) => ({ type: 'session.end' as const, origin: 'https://joc.example.com', detail: `r${i}`, ...extra })));
    await fwd.enqueue(recs);
    return recs;
  };
  return { fwd, bodies, add, clock, area };
}

/** A bulk answer: the create items' statuses in order. */
const bulk = (statuses: number[]): CollectorReply => ({
  status: 200,
  body: JSON.stringify({ took: 3, errors: statuses.some((s) => s >= 300), items: statuses.map((status) => ({ create: { status, ...(status >= 300 ? { error: { type: status === 429 ? 'es_rejected_execution_exception' : 'mapper_parsing_exception' } } : {}) } })) }),
});
const ids = (body: string) => body.split('\n').filter((_, i) => i % 2 === 0 && _ !== '').map((l) => (JSON.parse(l) as { create: { _id: string } }).create._id);

describe('elastic-bulk partial failures', () => {
  it('resends only the items that failed with 429/5xx, drops those refused for good, and reports them', async () => {
    let turn = 0;
    const r = rig('elastic-bulk', (body) => (turn++ === 0 ? bulk([201, 429, 201, 400, 503]) : bulk(ids(body).map(() => 201))));
    const recs = await r.add(5);
    const first = await r.fwd.flush();
    expect(first).toMatchObject({ sent: 2, pending: 2, lastError: 'bulk items failed: 429 es_rejected_execution_exception' });
    expect(first.refused).toEqual({ count: 1, ids: [recs[3]?.id], error: 'bulk items failed: 429 es_rejected_execution_exception' });
    r.clock.now = first.nextAttemptAt ?? r.clock.now;
    expect(await r.fwd.flush()).toEqual({ sent: 2, pending: 0, nextAttemptAt: null });
    expect(ids(r.bodies[1]?.body ?? '')).toEqual([recs[1]?.id, recs[4]?.id]);
    expect((await r.fwd.status()).refused).toBe(1);
  });

  it('counts 409 (id already indexed) as delivered: a resent batch is idempotent', async () => {
    const r = rig('elastic-bulk', () => bulk([409, 201, 409]));
    await r.add(3);
    expect(await r.fwd.flush()).toEqual({ sent: 3, pending: 0, nextAttemptAt: null });
  });

  it('keeps a batch whose every item is refused (index missing, mapping): backs off instead of dropping', async () => {
    const r = rig('elastic-bulk', () => bulk([404, 404, 404]));
    await r.add(3);
    const res = await r.fwd.flush();
    expect(res).toMatchObject({ sent: 0, pending: 3, nextAttemptAt: T0 + 5000 });
    expect(res.refused).toBeUndefined();
  });

  it('a done-list survives a restart: the next instance resends only the rest', async () => {
    let turn = 0;
    const r = rig('elastic-bulk', (body) => (turn++ === 0 ? bulk([201, 503, 201]) : bulk(ids(body).map(() => 201))));
    const recs = await r.add(3);
    await r.fwd.flush();
    const again = new AuditForwarder({ area: r.area, now: () => T0 + 60_000, random: () => 0, fetch: (_u, init) => (r.bodies.push({ body: init.body, headers: init.headers }), Promise.resolve(bulk(ids(init.body).map(() => 201)))) }, () => ({ enabled: true, url: URL_OK, authHeader: '', batchSize: 10, format: 'elastic-bulk', index: 'x' }));
    expect(await again.flush()).toEqual({ sent: 1, pending: 0, nextAttemptAt: null });
    expect(ids(r.bodies.at(-1)?.body ?? '')).toEqual([recs[1]?.id]);
  });

  it('does not report a refused forward.failed record (no report loop)', async () => {
    const r = rig('elastic-bulk', () => bulk([201, 400]));
    await r.add(1);
    await r.add(1, { type: 'forward.failed' as const });
    const res = await r.fwd.flush();
    expect(res).toMatchObject({ sent: 1, pending: 0 });
    expect(res.refused).toBeUndefined();
  });

  it('an unreadable 200 answer resends the whole batch (create with _id makes that safe)', async () => {
    const r = rig('elastic-bulk', () => ({ status: 200, body: '<html>proxy</html>' }));
    await r.add(2);
    expect(await r.fwd.flush()).toMatchObject({ sent: 0, pending: 2, lastError: 'bad-response: not a bulk answer' });
  });
});

describe('otlp-http partial success', () => {
  it('does not retry a partial success; counts the rejected records', async () => {
    const r = rig('otlp-http', () => ({ status: 200, body: '{"partialSuccess":{"rejectedLogRecords":"1","errorMessage":"bad attribute"}}' }));
    await r.add(4);
    const res = await r.fwd.flush();
    expect(res).toMatchObject({ sent: 3, pending: 0, nextAttemptAt: null, refused: { count: 1, ids: [], error: 'otlp partial success: 1 rejected bad attribute' } });
    expect(r.bodies).toHaveLength(1);
  });
});

describe('splunk-hec', () => {
  it('narrows a batch with an invalid event (400, code 6) down to it; retries on 503 (server busy)', async () => {
    const r = rig('splunk-hec', (body) => (body.includes('"detail":"r2"') ? { status: 400, body: '{"text":"Invalid data format","code":6,"invalid-event-number":0}' } : { status: 200, body: '{"text":"Success","code":0}' }));
    await r.add(4);
    const res = await r.fwd.flush();
    expect(res).toMatchObject({ sent: 2, pending: 2, lastError: 'http-400 hec-6 Invalid data format' });
    expect(r.bodies[0]?.headers.Authorization).toBe('ApiKey c2VjcmV0LWtleQ==');
  });
});

describe('redirects', () => {
  for (const [name, reply] of [
    ['a 307 the fetch reports', { status: 307 }],
    ['a 308', { status: 308 }],
    ["a browser's opaque redirect (status 0)", { status: 0, redirected: true }],
  ] as const) {
    it(`${name} is a failure: nothing is delivered, the batch stays, backoff starts`, async () => {
      const r = rig('joc-guard', () => reply);
      await r.add(3);
      expect(await r.fwd.flush()).toMatchObject({ sent: 0, pending: 3, lastError: 'redirect-refused', nextAttemptAt: T0 + 5000 });
      expect(await r.fwd.sendTest((await r.add(1))[0]!)).toMatchObject({ ok: false, error: 'redirect-refused' });
    });
  }

  it('collectorFetch asks the browser not to follow (redirect: manual), without cookies or cache, and reads the answer', async () => {
    const seen: RequestInit[] = [];
    const fake = (answer: { status: number; type?: string; text: string }) =>
      collectorFetch((_u, init) => (seen.push(init), Promise.resolve({ status: answer.status, ...(answer.type ? { type: answer.type } : {}), text: () => Promise.resolve(answer.text) })));
    const init = { method: 'POST' as const, headers: { A: 'b' }, body: 'x' };
    expect(await fake({ status: 0, type: 'opaqueredirect', text: '' })(URL_OK, init)).toEqual({ status: 0, redirected: true });
    expect(await fake({ status: 302, text: 'moved' })(URL_OK, init)).toEqual({ status: 302, redirected: true });
    expect(await fake({ status: 200, type: 'basic', text: '{"errors":false}' })(URL_OK, init)).toEqual({ status: 200, body: '{"errors":false}' });
    for (const i of seen) expect(i).toMatchObject({ redirect: 'manual', credentials: 'omit', cache: 'no-store', method: 'POST', body: 'x' });
  });
});

describe('no secret in any body', () => {
  const token = 'Ab3dEf6hIj9kLm2nOp5qRs8t-Uv1wXy4';
  const password = 'password=Secret123!';
  for (const format of FORWARD_FORMATS) {
    it(`${format}: neither a token, a password nor the authHeader reaches the collector`, async () => {
      const r = rig(format, () => ({ status: 200, body: format === 'elastic-bulk' ? '{"errors":false,"items":[]}' : '{}' }), { authHeader: 'Bearer collector-s3cret-value' });
      await r.add(2, { key: token, detail: password, account: 'apmacwin', reason: `Bearer ${token}` });
      await r.fwd.flush();
      expect(r.bodies.length).toBeGreaterThan(0);
      for (const { body } of r.bodies) {
        for (const secret of [token, 'Secret123', 'collector-s3cret-value']) expect(body).not.toContain(secret);
        expect(body).toContain('[redacted]');
      }
    });
  }
});
