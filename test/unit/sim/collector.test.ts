// The simulated SIEM collector against the real forwarder, per format: it
// takes well-formed requests, refuses bad authorization the way each service
// does, answers partial failures like the real service, and a collector that
// redirects gets nothing re-posted anywhere.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditStore } from '../../../src/shared/audit/store.ts';
import { AuditForwarder, type ForwardConfig } from '../../../src/shared/audit/forwarder.ts';
import { FORWARD_FORMATS, type ForwardFormat } from '../../../src/shared/audit/formats/index.ts';
import { COLLECTOR_PATHS, startCollector, type SimCollector } from '../../sim/collector.ts';
import { ensurePki, type Pki } from '../../sim/pki.ts';
import { httpsPost } from '../helpers/https-post.ts';
import { MemoryArea } from '../helpers/memory-area.ts';

const AUTH: Record<ForwardFormat, string> = {
  'joc-guard': 'Bearer jg-collector-token',
  'elastic-bulk': 'ApiKey ZWxhc3RpYy1zaW0ta2V5',
  'splunk-hec': 'Splunk 11111111-2222-3333-4444-555555555555',
  'otlp-http': 'Bearer otel-collector-token',
};

let pki: Pki;
let ca: Buffer;
let collector: SimCollector;
let other: SimCollector;
beforeAll(async () => {
  pki = await ensurePki(path.resolve(import.meta.dirname, '../../../.tmp/pki-unit'));
  ca = readFileSync(pki.trustedCaBundle);
  collector = await startCollector({ pki, auth: AUTH });
  other = await startCollector({ pki, auth: AUTH });
});
afterAll(async () => {
  await collector.close();
  await other.close();
});

function rig(format: ForwardFormat, cfg: Partial<ForwardConfig> = {}) {
  const area = new MemoryArea();
  let now = 1_000_000;
  const config: ForwardConfig = { enabled: true, url: collector.url(format), authHeader: AUTH[format], batchSize: 10, format, index: 'joc-guard-audit', ...cfg };
  const fwd = new AuditForwarder({ area, now: () => now, random: () => 0, fetch: (u, init) => httpsPost(ca, u, init), product: { name: 'JOC Guard', version: '9.9.9' } }, () => config);
  const store = new AuditStore(area, { maxRecords: 1000 });
  return {
    fwd,
    later: (ms: number) => (now += ms),
    add: async (n: number) => {
      const recs = await store.append(Array.from({ length: n }, (_, i) => ({ type: 'session.end' as const, origin: 'https://joc.example.com:4443', reason: 'logout', account: 'apmacwin', detail: `r${i}` })));
      await fwd.enqueue(recs);
      return recs;
    },
  };
}

describe('simulated collector', () => {
  for (const format of FORWARD_FORMATS) {
    it(`${format}: takes a batch at ${COLLECTOR_PATHS[format]} with the right authorization`, async () => {
      const before = collector.stored(format).length;
      const r = rig(format);
      const recs = await r.add(4);
      expect(await r.fwd.flush()).toEqual({ sent: 4, pending: 0, nextAttemptAt: null });
      expect(collector.stored(format).slice(before).map((e) => e.id)).toEqual(recs.map((x) => x.id));
      expect(collector.requests.at(-1)).toMatchObject({ status: 200, authorization: AUTH[format], format });
    });
  }

  it('refuses a wrong authorization as each service does', async () => {
    const cases: [ForwardFormat, string, string][] = [
      ['splunk-hec', 'Bearer 11111111-2222-3333-4444-555555555555', 'http-401 hec-3 Invalid authorization'],
      ['splunk-hec', 'Splunk 00000000-0000-0000-0000-000000000000', 'http-403 hec-4 Invalid token'],
      ['elastic-bulk', 'ApiKey d3Jvbmc=', 'http-401'],
      ['otlp-http', '', 'http-401 (not retryable by OTLP; retried after backoff)'],
    ];
    for (const [format, authHeader, error] of cases) {
      const r = rig(format, { authHeader });
      await r.add(1);
      expect(await r.fwd.flush(), format).toMatchObject({ sent: 0, pending: 1, lastError: error });
    }
  });

  it('elastic-bulk: failed items are answered per item; only those are resent; a resent id gets 409 and counts as delivered', async () => {
    const r = rig('elastic-bulk');
    const recs = await r.add(5);
    collector.fault({ kind: 'bulk-items', statuses: [201, 429, 201, 400, 201] });
    const first = await r.fwd.flush();
    expect(first).toMatchObject({ sent: 3, pending: 1, refused: { count: 1, ids: [recs[3]?.id] } });
    r.later(first.nextAttemptAt ?? 0);
    expect(await r.fwd.flush()).toEqual({ sent: 1, pending: 0, nextAttemptAt: null });
    const ids = collector.stored('elastic-bulk').map((e) => e.id);
    for (const i of [0, 1, 2, 4]) expect(ids).toContain(recs[i]?.id);
    expect(ids).not.toContain(recs[3]?.id);
    // The same records once more (a lost answer): all 409, nothing stored twice.
    const again = rig('elastic-bulk');
    await again.fwd.enqueue([recs[0]!, recs[1]!]);
    expect(await again.fwd.flush()).toEqual({ sent: 2, pending: 0, nextAttemptAt: null });
    expect(collector.stored('elastic-bulk').filter((e) => e.id === recs[0]?.id)).toHaveLength(1);
  });

  it('otlp-http: a partial success is not retried and is reported', async () => {
    const r = rig('otlp-http');
    await r.add(3);
    collector.fault({ kind: 'otlp-partial', rejected: 1 });
    expect(await r.fwd.flush()).toMatchObject({ sent: 2, pending: 0, refused: { count: 1 } });
  });

  it('splunk-hec: 503 "Server is busy" keeps the batch and backs off', async () => {
    const r = rig('splunk-hec');
    await r.add(2);
    collector.fault({ kind: 'status', status: 503, body: { text: 'Server is busy', code: 9 } });
    expect(await r.fwd.flush()).toMatchObject({ sent: 0, pending: 2, lastError: 'http-503 hec-9 Server is busy' });
  });

  it('a collector answering 307/308 to another listener: refused, nothing reaches the other listener, the batch stays', async () => {
    for (const status of [307, 308] as const) {
      const r = rig('joc-guard');
      await r.add(2);
      collector.redirect({ status, to: other.origin });
      try {
        expect(await r.fwd.flush()).toMatchObject({ sent: 0, pending: 2, lastError: 'redirect-refused' });
        expect(collector.requests.at(-1)?.status).toBe(status);
      } finally {
        collector.redirect(null);
      }
    }
    expect(other.requests).toEqual([]);
  });
});
