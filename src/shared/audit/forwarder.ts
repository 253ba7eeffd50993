// Optional forwarding of audit records to an administrator's HTTPS collector.
// At-least-once: a record leaves the persisted outbox (keys `fwd:…`) only
// after a 2xx for its batch; a retried batch keeps its Idempotency-Key and
// every record keeps its id, so the collector can drop duplicates. Failures
// back off exponentially (5 s … 15 min) and the backoff state is persisted,
// so a restarted background neither hammers the collector nor forgets it.
// A batch the collector refuses as content (400/413/422) is retried at half
// the size until only the offending record blocks the outbox; the outbox is a
// copy for forwarding, the local audit log keeps every record regardless.
// Repeated failure raises an alert (FlushResult.alert) that the background
// records as `forward.failed`, at the 5th failure and every 24th after.
import type { AuditRecord } from './types.ts';
import { parseAuditRecord } from './record.ts';
import { isNonNegativeInt, isPlainObject } from '../json.ts';
import type { KeyValueArea } from './kv-area.ts';
import { isHttpsUrl } from '../settings/origin.ts';
import { RecordPages } from './paged-log.ts';

export interface ForwarderDeps {
  area: KeyValueArea;
  fetch: (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }) => Promise<{ status: number }>;
  now: () => number;
  /** 0..1; jitter shortens a backoff delay by up to 20 %. Tests pass () => 0 for exact delays. */
  random?: () => number;
  /** A request that takes longer counts as failed (the outbox keeps its batch). */
  timeoutMs?: number;
}

export interface ForwardConfig {
  enabled: boolean;
  url: string;
  authHeader: string;
  batchSize: number;
}

export interface FlushResult {
  sent: number;
  pending: number;
  nextAttemptAt: number | null;
  lastError?: string;
  /** Set when this flush reached an alert threshold: consecutive failures so far. */
  alert?: { failures: number };
}

export const OUTBOX_MAX = 10_000;
export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_MAX_MS = 15 * 60_000;
const STATE_KEY = 'fwd:state';
const OUTBOX_RING = 128; // 101 pages for OUTBOX_MAX plus an append in flight

interface State {
  failures: number;
  nextAttemptAt: number | null;
  lastError?: string;
}

/** Collector answers that refuse the content of a batch rather than the request. */
const CONTENT_REJECTED = new Set([400, 413, 422]);
export const ALERT_FIRST = 5;
export const ALERT_EVERY = 24;

/** Whether the n-th consecutive failure is worth a `forward.failed` record. */
export function failureAlert(failures: number): boolean {
  return failures === ALERT_FIRST || (failures > ALERT_FIRST && (failures - ALERT_FIRST) % ALERT_EVERY === 0);
}

export function backoffDelay(failures: number, random: number): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1), BACKOFF_MAX_MS);
  const r = Number.isFinite(random) ? Math.min(1, Math.max(0, random)) : 0;
  return Math.round(base * (1 - 0.2 * r));
}

/** Same batch → same id, so a retry after a lost 2xx is recognisable. */
export function batchId(batch: AuditRecord[]): string {
  return `${batch[0]?.id ?? ''}${batch.at(-1)?.id ?? ''}-${batch.length}`;
}

export class AuditForwarder {
  private readonly outbox: RecordPages;
  private flushing: Promise<FlushResult> | null = null;
  private notice: string | undefined;

  constructor(
    private readonly deps: ForwarderDeps,
    private readonly config: () => ForwardConfig,
  ) {
    this.outbox = new RecordPages(deps.area, {
      prefix: 'fwd:',
      ring: OUTBOX_RING,
      contiguous: false,
      onRecovered: (detail) => (this.notice = detail.slice(0, 200)),
    });
  }

  /** Writes to the outbox only (no network); a no-op while forwarding is disabled. Never throws. */
  async enqueue(records: AuditRecord[]): Promise<void> {
    try {
      if (!this.config().enabled) return;
      const valid = records.map(parseAuditRecord).filter((r): r is AuditRecord => r !== null);
      if (valid.length > 0) await this.outbox.append(() => valid, OUTBOX_MAX);
    } catch (err) {
      this.notice = `outbox write failed: ${message(err)}`;
    }
  }

  /** Sends pending batches until the outbox is empty or a batch fails. Concurrent calls share one run. */
  flush(): Promise<FlushResult> {
    this.flushing ??= this.flushNow().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async flushNow(): Promise<FlushResult> {
    let sent = 0;
    let state: State = { failures: 0, nextAttemptAt: null };
    try {
      state = await this.readState();
      const cfg = this.config();
      if (!cfg.enabled) return { sent, pending: await this.pending(), nextAttemptAt: null };
      if (!isHttpsUrl(cfg.url)) return { sent, pending: await this.pending(), nextAttemptAt: null, lastError: 'invalid-config: url must be https://' };
      if (state.nextAttemptAt !== null && this.deps.now() < state.nextAttemptAt) return this.result(sent, state);
      let size = Number.isInteger(cfg.batchSize) ? Math.min(1000, Math.max(1, cfg.batchSize)) : 50;
      for (;;) {
        const batch = await this.outbox.front(size, OUTBOX_MAX);
        if (batch.length === 0) break;
        const r = await this.post(cfg, batch, batchId(batch));
        if (!r.ok && r.status !== undefined && CONTENT_REJECTED.has(r.status) && batch.length > 1) {
          size = Math.ceil(batch.length / 2); // narrow down to the refused record
          continue;
        }
        if (!r.ok) {
          state = this.failed(state, r.error ?? 'error');
          await this.writeState(state);
          const out = await this.result(sent, state);
          return failureAlert(state.failures) ? { ...out, alert: { failures: state.failures } } : out;
        }
        await this.outbox.removeFront(new Set(batch.map((x) => x.id)), OUTBOX_MAX);
        sent += batch.length;
        if (state.failures > 0 || state.nextAttemptAt !== null) {
          state = { failures: 0, nextAttemptAt: null };
          await this.writeState(state);
        }
      }
      return this.result(sent, state);
    } catch (err) {
      return { sent, pending: await this.pending().catch(() => 0), nextAttemptAt: state.nextAttemptAt, lastError: `internal: ${message(err)}` };
    }
  }

  private failed(prev: State, error: string): State {
    const failures = prev.failures + 1;
    const delay = backoffDelay(failures, (this.deps.random ?? Math.random)());
    return { failures, nextAttemptAt: this.deps.now() + delay, lastError: error };
  }

  private async result(sent: number, s: State): Promise<FlushResult> {
    const out: FlushResult = { sent, pending: await this.pending(), nextAttemptAt: s.nextAttemptAt };
    if (s.lastError !== undefined) out.lastError = s.lastError;
    return out;
  }

  /** The options page's "send test record": bypasses the outbox and the backoff. Never throws. */
  async sendTest(record: AuditRecord): Promise<{ ok: boolean; status?: number; error?: string }> {
    try {
      const cfg = this.config();
      if (!isHttpsUrl(cfg.url)) return { ok: false, error: 'url must be an https:// URL' };
      return await this.post(cfg, [record], `test-${typeof record.id === 'string' ? record.id : 'record'}`);
    } catch (err) {
      return { ok: false, error: `internal: ${message(err)}` };
    }
  }

  async status(): Promise<{ pending: number; nextAttemptAt: number | null; lastError?: string; dropped: number; failures: number }> {
    const [meta, state] = await Promise.all([this.outbox.stats(OUTBOX_MAX), this.readState()]);
    const lastError = state.lastError ?? this.notice;
    const out = { pending: meta.count, nextAttemptAt: state.nextAttemptAt, dropped: meta.dropped, failures: state.failures };
    return lastError === undefined ? out : { ...out, lastError };
  }

  private async pending(): Promise<number> {
    return (await this.outbox.stats(OUTBOX_MAX)).count;
  }

  private async post(cfg: ForwardConfig, batch: AuditRecord[], id: string): Promise<{ ok: boolean; status?: number; error?: string }> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Idempotency-Key': id, 'X-Batch-Id': id };
    if (cfg.authHeader !== '') headers.Authorization = cfg.authHeader;
    try {
      const res = await withTimeout(this.deps.fetch(cfg.url, { method: 'POST', headers, body: JSON.stringify({ records: batch }) }), this.deps.timeoutMs ?? 30_000);
      const ok = Number.isInteger(res.status) && res.status >= 200 && res.status < 300;
      return ok ? { ok, status: res.status } : { ok, status: res.status, error: `http-${res.status}` };
    } catch (err) {
      return { ok: false, error: err instanceof TimeoutError ? 'timeout' : `network-error: ${message(err)}` };
    }
  }

  private async readState(): Promise<State> {
    const raw = (await this.deps.area.get([STATE_KEY]))[STATE_KEY];
    if (!isPlainObject(raw)) return { failures: 0, nextAttemptAt: null };
    const failures = isNonNegativeInt(raw.failures) ? raw.failures : 0;
    const next = typeof raw.nextAttemptAt === 'number' && Number.isFinite(raw.nextAttemptAt) ? raw.nextAttemptAt : null;
    // No backoff is longer than BACKOFF_MAX_MS, so a later time is corruption or a
    // clock change: retry now rather than stall forwarding (clamping to "now + max"
    // would move with the clock and never arrive).
    const nextAttemptAt = next !== null && next - this.deps.now() > BACKOFF_MAX_MS ? null : next;
    const s: State = { failures, nextAttemptAt };
    if (typeof raw.lastError === 'string') s.lastError = raw.lastError.slice(0, 200);
    return s;
  }

  private async writeState(s: State): Promise<void> {
    await this.deps.area.set({ [STATE_KEY]: { v: 1, ...s } });
  }
}

class TimeoutError extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError('timeout')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 120);
}
