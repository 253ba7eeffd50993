// The forwarder against a real local HTTPS collector (loopback, test PKI) that
// fails, stalls and comes back: every record arrives at least once, with its id.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../src/shared/audit/types.ts';
import { AuditForwarder } from '../../../src/shared/audit/forwarder.ts';
import { ensurePki, type Pki } from '../../sim/pki.ts';
import { MemoryArea } from '../helpers/memory-area.ts';

/** What the browser's fetch does, with the test CA trusted. */
function post(pki: Pki, url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method, headers: init.headers, ca: readFileSync(pki.trustedCaBundle) }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

type Mode = 'fail' | 'slow' | 'ok';

describe('forwarding to a local HTTP collector', () => {
  let mode: Mode = 'fail';
  const received: AuditRecord[] = [];
  const auth: string[] = [];
  let server: https.Server;
  let url = '';
  let pki: Pki;
  beforeAll(async () => {
    pki = await ensurePki(path.resolve(import.meta.dirname, '../../../.tmp/pki-unit'));
    server = https.createServer({ key: readFileSync(pki.server.key), cert: readFileSync(pki.server.chain) }, (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        auth.push(req.headers.authorization ?? '');
        if (mode === 'fail') {
          res.writeHead(503).end();
        } else if (mode === 'slow') {
          setTimeout(() => res.writeHead(200).end(), 1500); // longer than the forwarder waits
        } else {
          received.push(...(JSON.parse(body) as { records: AuditRecord[] }).records);
          res.writeHead(200).end('{}');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://localhost:${(server.address() as AddressInfo).port}/collect`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('keeps records while the collector fails or stalls, delivers them when it is back', async () => {
    let clock = 1_000_000;
    const fwd = new AuditForwarder(
      {
        area: new MemoryArea(),
        now: () => clock,
        random: () => 0,
        timeoutMs: 500,
        fetch: (u, init) => post(pki, u, init),
      },
      () => ({ enabled: true, url, authHeader: 'Bearer collector-test', batchSize: 3, format: 'joc-guard', index: 'joc-guard-audit' }),
    );
    const records: AuditRecord[] = Array.from({ length: 7 }, (_, i) => ({
      v: 1, id: `00000000000000${String(i).padStart(2, '0')}`, seq: i + 1, ts: new Date(0).toISOString(), type: 'session.end', origin: 'https://joc.example', reason: 'logout',
    }));
    await fwd.enqueue(records);

    mode = 'fail';
    const r1 = await fwd.flush();
    expect(r1.sent).toBe(0);
    expect(r1.pending).toBe(7);
    expect(r1.nextAttemptAt).not.toBeNull();

    mode = 'slow';
    clock = (r1.nextAttemptAt ?? clock) + 1;
    const r2 = await fwd.flush();
    expect(r2.sent).toBe(0);
    expect(r2.pending).toBe(7);

    mode = 'ok';
    clock = (r2.nextAttemptAt ?? clock) + 1;
    const r3 = await fwd.flush();
    expect(r3.pending).toBe(0);
    // At least once, each with its id: the collector can drop the duplicates a stall may cause.
    const ids = new Set(received.map((r) => r.id));
    expect([...ids].sort()).toEqual(records.map((r) => r.id));
    expect(auth.every((a) => a === 'Bearer collector-test')).toBe(true);
  });
});
