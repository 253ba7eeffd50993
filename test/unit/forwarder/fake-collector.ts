// A fake HTTPS collector and a forwarder wired to it with a fake clock.
import { AuditStore } from '../../../src/shared/audit/store.ts';
import type { AuditRecord } from '../../../src/shared/audit/types.ts';
import { AuditForwarder, type ForwardConfig } from '../../../src/shared/audit/forwarder.ts';
import { MemoryArea } from '../helpers/memory-area.ts';

export const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);
export const URL_OK = 'https://siem.example.com/in';

export interface Request {
  url: string;
  headers: Record<string, string>;
  records: AuditRecord[];
}

/** A collector that can be down, slow, or up; it stores records by id like a deduplicating SIEM. */
export class FakeCollector {
  mode: 'up' | 'down' | 'throw' | 'store-then-fail' = 'up';
  readonly requests: Request[] = [];
  readonly stored = new Map<string, AuditRecord>();
  /** Records (by detail text) whose batch the collector refuses with 400. */
  readonly refuse = new Set<string>();
  private gate: { promise: Promise<void>; open: () => void } | null = null;

  /** Holds the next responses until release() (a slow network). */
  hold(): void {
    let open = () => undefined as void;
    const promise = new Promise<void>((r) => (open = r));
    this.gate = { promise, open };
  }

  release(): void {
    this.gate?.open();
    this.gate = null;
  }

  fetch = async (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }) => {
    const body = JSON.parse(init.body) as { records: AuditRecord[] };
    this.requests.push({ url, headers: init.headers, records: body.records });
    if (this.gate) await this.gate.promise;
    if (this.mode === 'throw') throw new TypeError('Failed to fetch');
    if (this.mode === 'down') return { status: 503 };
    if (body.records.some((r) => this.refuse.has(r.detail ?? ''))) return { status: 400 };
    for (const r of body.records) this.stored.set(r.id, r);
    return { status: this.mode === 'store-then-fail' ? 502 : 200 };
  };
}

export function setup(cfg: Partial<ForwardConfig> = {}, area = new MemoryArea()) {
  const clock = { now: T0 };
  const collector = new FakeCollector();
  const config: ForwardConfig = { enabled: true, url: URL_OK, authHeader: 'Bearer t0ken', batchSize: 10, format: 'joc-guard', index: 'joc-guard-audit', ...cfg };
  const make = () => new AuditForwarder({ area, fetch: collector.fetch, now: () => clock.now, random: () => 0 }, () => config);
  const store = new AuditStore(area, { maxRecords: 100_000, now: () => clock.now });
  const record = (n: number) => store.append(Array.from({ length: n }, (_, i) => ({ type: 'session.end' as const, origin: 'https://joc.example.com', detail: `r${i}` })));
  return { area, clock, collector, config, fwd: make(), make, record };
}
