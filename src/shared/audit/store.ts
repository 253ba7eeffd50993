// The audit log: bounded, versioned, crash-safe, over an injected key-value
// area (browser.storage.local in the extension, a Map in tests). Only keys
// starting with `audit:` are touched. Storage layout and repair: paged-log.ts.
//
// One AuditStore (in the background) should write a given area; the internal
// queue orders that instance's calls, not calls from other contexts.
import { AUDIT_VERSION, type AuditInput, type AuditRecord } from './types.ts';
import { checkAuditInput } from './record.ts';
import { normaliseOrigin } from '../settings/origin.ts';
import { RecordPages } from './paged-log.ts';
import type { KeyValueArea } from './kv-area.ts';

export type { KeyValueArea } from './kv-area.ts';
export { sanitizeAuditInput, looksLikeSecret, parseAuditRecord } from './record.ts';
export { toCsv, toJsonLines, AUDIT_COLUMNS } from './export.ts';

export const AUDIT_MIN_RECORDS = 100;
export const AUDIT_MAX_RECORDS = 100_000;
/** Ring of page slots: room for AUDIT_MAX_RECORDS plus an append in flight. */
const RING = 1024;
const ID_RE = /^[0-9a-f]{16}$/;

export interface AuditQuery {
  origin?: string;
  type?: string;
  /** Case-insensitive substring of any text field. */
  text?: string;
  /** ISO time; records at or after it. */
  since?: string;
  limit?: number;
}

export interface AuditStoreOptions {
  maxRecords: number;
  now?: () => number;
  randomId?: () => string;
  onRecovered?: (detail: string) => void;
}

/** An input was rejected (wrong shape, or it looks like it carries a secret). Nothing was written. */
export class AuditInputError extends Error {
  override name = 'AuditInputError';
}

export class AuditStore {
  private readonly pages: RecordPages;
  private max: number;
  /** recent()'s answers, valid while the log's meta reads the same (any write changes it). */
  private memo: { stamp: string; answers: Map<string, AuditRecord[]> } = { stamp: '', answers: new Map() };
  private readonly now: () => number;
  private readonly randomId: () => string;

  constructor(area: KeyValueArea, opts: AuditStoreOptions) {
    this.max = clampMax(opts.maxRecords);
    this.now = opts.now ?? (() => Date.now());
    this.randomId = opts.randomId ?? randomHexId;
    const onRecovered = opts.onRecovered ?? (() => undefined);
    this.pages = new RecordPages(area, { prefix: 'audit:', ring: RING, contiguous: true, onRecovered });
  }

  /**
   * Assigns v, id, seq and ts. Text that looks like a secret is redacted;
   * a malformed input is dropped on its own (the others are kept) and, when
   * every input is malformed, the call rejects.
   */
  async append(input: AuditInput | AuditInput[]): Promise<AuditRecord[]> {
    const inputs: unknown[] = Array.isArray(input) ? input : [input];
    const checks = inputs.map((x) => checkAuditInput(x));
    const clean = checks.flatMap((r) => (r.ok ? [r.value] : []));
    const bad = checks.findIndex((r) => !r.ok);
    if (bad >= 0 && clean.length === 0) {
      const r = checks[bad];
      throw new AuditInputError(`audit input ${bad} rejected: ${r && !r.ok ? r.reason : 'invalid'}`);
    }
    if (clean.length === 0) return [];
    return this.pages.append((lastSeq) => {
      const ts = isoTime(this.now());
      return clean.map((c, i) => ({ v: AUDIT_VERSION, id: this.newId(), seq: lastSeq + 1 + i, ts, ...c }));
    }, this.max);
  }

  /** Newest first. `total` counts every match before `limit`; `dropped` is the log's lifetime drop count. */
  async query(f: AuditQuery = {}): Promise<{ records: AuditRecord[]; total: number; dropped: number }> {
    const { meta, records } = await this.pages.readAll(this.max);
    const matches = records.filter(matcher(f)).reverse();
    const limit = typeof f.limit === 'number' && Number.isInteger(f.limit) && f.limit > 0 ? f.limit : matches.length;
    return { records: matches.slice(0, limit), total: matches.length, dropped: meta.dropped };
  }

  /**
   * The newest `limit` records of one origin, newest first (the popup asks
   * every second). Answered again without reading the pages while the log's
   * meta is unchanged: every append, trim and clear changes it, whoever wrote.
   * The meta is read at once, so the caller can ask before it knows the origin.
   */
  recentReader(): (origin: string, limit: number) => Promise<AuditRecord[]> {
    const read = this.pages.stats(this.max).then((meta) => JSON.stringify(meta));
    read.catch(() => undefined); // awaited by the reader; not unhandled if it is never called
    return async (origin, limit) => {
      const stamp = await read;
      if (stamp !== this.memo.stamp) this.memo = { stamp, answers: new Map() };
      const key = `${limit} ${origin}`;
      const known = this.memo.answers.get(key);
      if (known) return known;
      const records = await this.pages.newest(limit, this.max, matcher({ origin }));
      // Not kept if a concurrent call moved the memo on to a newer log: this answer may be older.
      if (this.memo.stamp === stamp) this.memo.answers.set(key, records);
      return records;
    };
  }

  recent(origin: string, limit: number): Promise<AuditRecord[]> {
    return this.recentReader()(origin, limit);
  }

  /** Oldest first. */
  async all(): Promise<AuditRecord[]> {
    return (await this.pages.readAll(this.max)).records;
  }

  async setMaxRecords(n: number): Promise<void> {
    this.max = clampMax(n);
    await this.pages.setMax(this.max);
  }

  async clear(): Promise<void> {
    await this.pages.clear();
  }

  private newId(): string {
    const id = this.randomId();
    return ID_RE.test(id) ? id : randomHexId();
  }
}

function clampMax(n: number): number {
  if (!Number.isFinite(n)) return 5000;
  return Math.min(AUDIT_MAX_RECORDS, Math.max(AUDIT_MIN_RECORDS, Math.floor(n)));
}

function isoTime(ms: number): string {
  // An invalid injected clock must not make toISOString() throw mid-append.
  const d = new Date(Number.isFinite(ms) ? ms : Date.now());
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() > 9999 || d.getUTCFullYear() < 0 ? new Date().toISOString() : d.toISOString();
}

function randomHexId(): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
}

const TEXT_KEYS = ['type', 'origin', 'reason', 'storage', 'key', 'fp', 'account', 'result', 'detail', 'id'] as const;

function matcher(f: AuditQuery): (r: AuditRecord) => boolean {
  const n = typeof f.origin === 'string' && f.origin !== '' ? normaliseOrigin(f.origin) : null;
  const origin = n === null ? null : n.ok ? n.origin : f.origin;
  const text = typeof f.text === 'string' && f.text !== '' ? f.text.toLowerCase() : null;
  const sinceMs = typeof f.since === 'string' ? Date.parse(f.since) : NaN;
  return (r) =>
    (origin === null || r.origin === origin) &&
    (typeof f.type !== 'string' || f.type === '' || r.type === f.type) &&
    (Number.isNaN(sinceMs) || Date.parse(r.ts) >= sinceMs) &&
    (text === null || TEXT_KEYS.some((k) => (r[k] ?? '').toLowerCase().includes(text)));
}
