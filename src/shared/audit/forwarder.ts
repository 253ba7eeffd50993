// Optional forwarding of audit records to an administrator's HTTPS collector,
// in the collector's own format (formats/: JOC Guard JSON, Elasticsearch
// _bulk, Splunk HEC, OTLP/HTTP). At-least-once: a record leaves the persisted
// outbox (keys `fwd:…`) only after the collector took it; a retried batch keeps
// its id and every record its id (each format's idempotency mechanism), so the
// collector can drop duplicates. Failures back off exponentially (5 s … 15 min)
// and the state is persisted, so a restarted background neither hammers the
// collector nor forgets it. A batch refused as content is narrowed down by
// halving until only the offending record blocks the outbox. A partly taken
// batch (bulk items, OTLP partial success) resends only what is left; records
// a collector refuses for good leave the outbox (the local audit log keeps
// every record regardless) and are reported, unless it refused every record
// of the batch, which points at its configuration and is retried instead.
// A redirect is never followed (`redirect-refused`). Repeated failure raises an
// alert (`forward.failed`) at the 5th failure and every 24th after.
import type { AuditRecord } from './types.ts';
import { parseAuditRecord } from './record.ts';
import { isHttpsUrl } from '../settings/origin.ts';
import { RecordPages } from './paged-log.ts';
import type { Verdict } from './formats/index.ts';
import { message, postBatch, type ForwardConfig, type ForwarderDeps } from './collector-post.ts';
import { backoffDelay, emptyState, failureAlert, readState, writeState, type FlushResult, type State } from './forwarder-state.ts';

export type { CollectorReply, ForwardConfig, ForwarderDeps } from './collector-post.ts';
export type { FlushResult } from './forwarder-state.ts';
export { ALERT_EVERY, ALERT_FIRST, BACKOFF_BASE_MS, BACKOFF_MAX_MS, backoffDelay, failureAlert } from './forwarder-state.ts';

interface Run {
  sent: number;
  refused: AuditRecord[];
  rejected: number;
  error: string;
}

export const OUTBOX_MAX = 10_000;
const OUTBOX_RING = 128; // 101 pages for OUTBOX_MAX plus an append in flight
const DONE_SCAN = 1000; // the largest batch

/** Same batch → same id, so a retry after a lost 2xx is recognisable. */
export function batchId(batch: readonly AuditRecord[]): string {
  return `${batch[0]?.id ?? ''}${batch.at(-1)?.id ?? ''}-${batch.length}`;
}

export class AuditForwarder {
  private readonly outbox: RecordPages;
  private flushing: Promise<FlushResult> | null = null;
  private followUp: Promise<FlushResult> | null = null;
  private notice: string | undefined;

  constructor(
    private readonly deps: ForwarderDeps,
    private readonly config: () => ForwardConfig,
  ) {
    this.outbox = new RecordPages(deps.area, { prefix: 'fwd:', ring: OUTBOX_RING, contiguous: false, onRecovered: (d) => (this.notice = d.slice(0, 200)) });
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

  /** Sends until the outbox is empty or a batch fails. Calls during a run share one more run after it: the run may have looked at the outbox before their records came. */
  flush(): Promise<FlushResult> {
    if (this.flushing) return (this.followUp ??= this.flushing.then(() => ((this.followUp = null), this.flush())));
    this.flushing = this.flushNow().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async flushNow(): Promise<FlushResult> {
    const run: Run = { sent: 0, refused: [], rejected: 0, error: '' };
    let state: State = emptyState();
    try {
      state = await readState(this.deps.area, this.deps.now());
      const cfg = this.config();
      if (!cfg.enabled) return { sent: 0, pending: await this.pending(), nextAttemptAt: null };
      if (!isHttpsUrl(cfg.url)) return { sent: 0, pending: await this.pending(), nextAttemptAt: null, lastError: 'invalid-config: url must be https://' };
      if (state.nextAttemptAt !== null && this.deps.now() < state.nextAttemptAt) return this.result(run, state);
      let size = Number.isInteger(cfg.batchSize) ? Math.min(1000, Math.max(1, cfg.batchSize)) : 50;
      const done = await this.liveDone(state.done);
      const refusedBefore = state.refused;
      for (;;) {
        const front = await this.outbox.front(size, OUTBOX_MAX);
        if (front.length === 0) break;
        const batch = front.filter((r) => !done.has(r.id));
        let error: string | null = null;
        if (batch.length > 0) {
          const { verdict: v } = await postBatch(this.deps, cfg, batch, batchId(batch));
          if (v.kind === 'split' && batch.length > 1) {
            size = Math.ceil(batch.length / 2); // narrow down to the refused record
            continue;
          }
          if (v.kind === 'split' || v.kind === 'failed') error = v.error;
          else error = this.settle(v, batch, done, run, state);
        }
        for (const id of await this.outbox.removeFront(done, OUTBOX_MAX)) done.delete(id);
        const changed = state.done.length > 0 || done.size > 0 || state.refused !== refusedBefore || state.failures > 0 || state.nextAttemptAt !== null;
        state = { ...state, done: [...done] };
        if (error !== null) return await this.failed(state, error, run);
        if (changed) {
          const { lastError: _cleared, ...rest } = state;
          await writeState(this.deps.area, (state = { ...rest, failures: 0, nextAttemptAt: null }));
        }
      }
      return await this.result(run, state);
    } catch (err) {
      return { sent: run.sent, pending: await this.pending().catch(() => 0), nextAttemptAt: state.nextAttemptAt, lastError: `internal: ${message(err)}` };
    }
  }

  /** Marks what a delivered or partial answer took; returns the error when records are left to resend. */
  private settle(v: Verdict, batch: AuditRecord[], done: Set<string>, run: Run, state: State): string | null {
    if (v.kind !== 'partial') {
      for (const r of batch) done.add(r.id);
      run.sent += batch.length;
      return null;
    }
    const retry = new Set(v.retry);
    let refused = v.refused.filter((i) => !retry.has(i));
    // Every record refused: more likely the collector's configuration (index, mapping, rights) than bad records.
    if (refused.length > 0 && retry.size + refused.length >= batch.length) {
      for (const i of refused) retry.add(i);
      refused = [];
    }
    batch.forEach((r, i) => retry.has(i) || done.add(r.id));
    const lost = refused.length + v.rejected;
    run.refused.push(...refused.map((i) => batch[i]).filter((r): r is AuditRecord => r !== undefined));
    run.rejected += v.rejected;
    if (lost > 0) run.error = v.error;
    run.sent += batch.length - retry.size - lost;
    state.refused += lost;
    return retry.size > 0 ? v.error : null;
  }

  /** Done ids still at the front of the outbox (a crash between removal and state write leaves stale ones). */
  private async liveDone(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const head = new Set((await this.outbox.front(DONE_SCAN, OUTBOX_MAX)).map((r) => r.id));
    return new Set(ids.filter((id) => head.has(id)));
  }

  private async failed(prev: State, error: string, run: Run): Promise<FlushResult> {
    const failures = prev.failures + 1;
    const delay = backoffDelay(failures, (this.deps.random ?? Math.random)());
    const state: State = { ...prev, failures, nextAttemptAt: this.deps.now() + delay, lastError: error };
    await writeState(this.deps.area, state);
    const out = await this.result(run, state);
    return failureAlert(failures) ? { ...out, alert: { failures } } : out;
  }

  private async result(run: Run, s: State): Promise<FlushResult> {
    const out: FlushResult = { sent: run.sent, pending: Math.max(0, (await this.pending()) - s.done.length), nextAttemptAt: s.nextAttemptAt };
    if (s.lastError !== undefined) out.lastError = s.lastError;
    // A refused forward.failed record is not reported again: that report would be forwarded, refused, reported…
    const count = run.refused.length + run.rejected;
    if (count > 0 && (run.rejected > 0 || run.refused.some((r) => r.type !== 'forward.failed'))) {
      out.refused = { count, ids: run.refused.map((r) => r.id), error: run.error || 'refused by the collector' };
    }
    return out;
  }

  /** The options page's "send test record": bypasses the outbox and the backoff. Never throws. */
  async sendTest(record: AuditRecord): Promise<{ ok: boolean; status?: number; error?: string }> {
    try {
      const cfg = this.config();
      if (!isHttpsUrl(cfg.url)) return { ok: false, error: 'url must be an https:// URL' };
      const { verdict, status } = await postBatch(this.deps, cfg, [record], `test-${typeof record.id === 'string' ? record.id : 'record'}`);
      const base = status === undefined ? {} : { status };
      return verdict.kind === 'delivered' ? { ok: true, ...base } : { ok: false, ...base, error: verdict.error };
    } catch (err) {
      return { ok: false, error: `internal: ${message(err)}` };
    }
  }

  /** `refused`: records collectors refused for good since installation (only when there were any). */
  async status(): Promise<{ pending: number; nextAttemptAt: number | null; lastError?: string; dropped: number; failures: number; refused?: number }> {
    const [meta, state] = await Promise.all([this.outbox.stats(OUTBOX_MAX), readState(this.deps.area, this.deps.now())]);
    const lastError = state.lastError ?? this.notice;
    const out = { pending: Math.max(0, meta.count - state.done.length), nextAttemptAt: state.nextAttemptAt, dropped: meta.dropped, failures: state.failures, ...(state.refused > 0 ? { refused: state.refused } : {}) };
    return lastError === undefined ? out : { ...out, lastError };
  }

  private async pending(): Promise<number> {
    return (await this.outbox.stats(OUTBOX_MAX)).count;
  }
}
