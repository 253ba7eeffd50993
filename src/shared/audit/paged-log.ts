// A bounded FIFO of audit records in fixed-size pages over a KeyValueArea:
// `<prefix>meta` + `<prefix>page:<slot>`. Used by the audit log ('audit:') and
// the forwarding outbox ('fwd:').
//
// - An append writes the tail page and meta in ONE set() (atomic in Chrome's
//   LevelDB and Firefox's IndexedDB backends), so it rewrites at most two keys
//   instead of the whole log; dropping old records only moves `head`/`skip`.
// - Pages live in a fixed ring of slots (page n → slot n % ring), so if meta is
//   lost or corrupt every page can still be found with one get() of all slots.
// - Anything unreadable is repaired, never thrown: bad records are dropped and
//   counted, and onRecovered(detail) lets the owner audit it.
// - Every operation runs through one promise queue, so concurrent callers
//   never interleave their read-modify-write cycles.
import type { AuditRecord } from './types.ts';
import { isNonNegativeInt, isPlainObject } from '../json.ts';
import type { KeyValueArea } from './kv-area.ts';
import { type Meta, PAGE_SIZE, addRecords, emptyMeta, parseMeta, tailLength, trimFront } from './paged-log-meta.ts';
import { rebuild } from './paged-log-repair.ts';
import { checkPage, seqsFit } from './paged-log-check.ts';

export interface PagesOptions {
  prefix: string;
  /** Slots in the ring; fixed for a prefix (changing it would lose pages). */
  ring: number;
  /** Audit log: seqs must be consecutive, gaps are corruption. Outbox: gaps are normal. */
  contiguous: boolean;
  onRecovered: (detail: string) => void;
}

export class RecordPages {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly area: KeyValueArea,
    private readonly o: PagesOptions,
  ) {}

  /** A bound the ring can hold while an append chunk is in flight (larger ones would wrap onto live pages). */
  private bound(max: number): number {
    return Math.max(1, Math.min(max, (this.o.ring - 4 - CHUNK_PAGES) * PAGE_SIZE));
  }

  private run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private metaKey(): string {
    return `${this.o.prefix}meta`;
  }

  private slotKey(page: number): string {
    return `${this.o.prefix}page:${page % this.o.ring}`;
  }

  private repair(prev: Meta | null, rawMeta: unknown, reason: string, max: number) {
    const target = { ...this.o, metaKey: this.metaKey(), slotKey: (p: number) => this.slotKey(p) };
    return rebuild(this.area, target, { prev, rawMeta, reason, max: this.bound(max) });
  }

  /** Valid meta plus the validated tail page, repairing first when needed. */
  private async load(max: number): Promise<{ meta: Meta; tail: AuditRecord[] }> {
    const rawMeta = (await this.area.get([this.metaKey()]))[this.metaKey()];
    const meta = parseMeta(rawMeta, this.o.ring);
    if (meta === null) return tailOf(await this.repair(null, rawMeta, rawMeta === undefined ? 'meta missing' : 'meta invalid', max));
    const rawTail = (await this.area.get([this.slotKey(meta.tail)]))[this.slotKey(meta.tail)];
    const tail = checkPage(rawTail, tailLength(meta), meta.tail === meta.head ? meta.skip : 0);
    if (tail === null || !seqsFit(this.o.contiguous, tail.live, meta)) return tailOf(await this.repair(meta, rawMeta, 'tail page inconsistent', max));
    return { meta, tail: tail.all };
  }

  /** Appends what `build(lastSeq)` returns; drops the oldest beyond `max` (counted in meta.dropped). */
  append(build: (lastSeq: number) => AuditRecord[], max: number): Promise<AuditRecord[]> {
    return this.run(async () => {
      let { meta, tail } = await this.load(max);
      const records = build(meta.seq);
      for (let i = 0; i < records.length; i += CHUNK_PAGES * PAGE_SIZE) {
        const step = addRecords(meta, tail, records.slice(i, i + CHUNK_PAGES * PAGE_SIZE), this.bound(max));
        await this.write(step.meta, step.pages, step.freed);
        ({ meta, tail } = step);
      }
      return records;
    });
  }

  private async write(meta: Meta, pages: Map<number, AuditRecord[]>, freed: number[]): Promise<void> {
    const items: Record<string, unknown> = {};
    for (const [n, records] of pages) items[this.slotKey(n)] = records;
    items[this.metaKey()] = meta;
    await this.area.set(items);
    // Removed only after meta stopped pointing at them; a crash in between leaves
    // a stale slot that the ring overwrites later.
    const stale = [...new Set(freed.map((n) => this.slotKey(n)))].filter((k) => !(k in items));
    if (stale.length > 0) await this.area.remove(stale);
  }

  /** All live records, oldest first, with the meta they were read under. */
  readAll(max: number): Promise<{ meta: Meta; records: AuditRecord[] }> {
    return this.run(() => this.readAllNow(max));
  }

  private async readAllNow(max: number, limit = Infinity): Promise<{ meta: Meta; records: AuditRecord[] }> {
    const rawMeta = (await this.area.get([this.metaKey()]))[this.metaKey()];
    const meta = parseMeta(rawMeta, this.o.ring);
    if (meta === null) return this.repair(null, rawMeta, rawMeta === undefined ? 'meta missing' : 'meta invalid', max);
    const lastPage = Math.min(meta.tail, meta.head + Math.ceil((meta.skip + limit) / PAGE_SIZE) - 1);
    const pages = [];
    for (let n = meta.head; n <= lastPage; n++) pages.push(n);
    const got = await this.area.get(pages.map((n) => this.slotKey(n)));
    const records: AuditRecord[] = [];
    for (const n of pages) {
      const page = checkPage(got[this.slotKey(n)], n === meta.tail ? tailLength(meta) : PAGE_SIZE, n === meta.head ? meta.skip : 0);
      if (page === null) return this.repair(meta, rawMeta, `page ${n} unreadable`, max);
      records.push(...page.live);
    }
    const complete = lastPage === meta.tail;
    if ((complete && records.length !== meta.count) || !seqsFit(this.o.contiguous, records, meta, complete)) {
      return this.repair(meta, rawMeta, 'records out of order', max);
    }
    return { meta, records: complete ? records : records.slice(0, limit) };
  }

  /** The oldest `n` records, reading only the pages they are on. */
  front(n: number, max: number): Promise<AuditRecord[]> {
    return this.run(async () => (await this.readAllNow(max, Math.max(1, n))).records.slice(0, n));
  }

  /** The newest `n` records `want` accepts, newest first, reading pages from the tail back only until
   * found. Anything that does not check out goes the whole way (readAllNow), which repairs. */
  newest(n: number, max: number, want: (r: AuditRecord) => boolean): Promise<AuditRecord[]> {
    return this.run(async () => {
      const all = async (): Promise<AuditRecord[]> => (await this.readAllNow(max)).records.filter(want).reverse().slice(0, n);
      const meta = parseMeta((await this.area.get([this.metaKey()]))[this.metaKey()], this.o.ring);
      if (meta === null) return all();
      const seen: AuditRecord[] = []; // newest first
      for (let p = meta.tail; p >= meta.head && seen.filter(want).length < n; p -= NEWEST_BATCH) {
        const batch = Array.from({ length: Math.min(NEWEST_BATCH, p - meta.head + 1) }, (_, i) => p - i);
        const got = await this.area.get(batch.map((k) => this.slotKey(k)));
        for (const k of batch) {
          const page = checkPage(got[this.slotKey(k)], k === meta.tail ? tailLength(meta) : PAGE_SIZE, k === meta.head ? meta.skip : 0);
          if (page === null) return all();
          seen.push(...page.live.slice().reverse());
        }
      }
      return seqsFit(this.o.contiguous, seen.slice().reverse(), meta) ? seen.filter(want).slice(0, n) : all();
    });
  }

  /** Removes leading records whose id is in `ids` (sent, so not counted as dropped); returns their ids. */
  removeFront(ids: ReadonlySet<string>, max: number): Promise<string[]> {
    return this.run(async () => {
      const { meta, records } = await this.readAllNow(max, ids.size);
      let k = 0;
      while (k < records.length && ids.has(records[k]?.id ?? '')) k++;
      if (k === 0) return [];
      const r = trimFront(meta, k, false);
      await this.write(r.meta, new Map(), r.freed);
      return records.slice(0, k).map((x) => x.id);
    });
  }

  /** Applies a new bound at once. */
  setMax(max: number): Promise<void> {
    return this.run(async () => {
      const { meta } = await this.load(max);
      if (meta.count <= this.bound(max)) return;
      const r = trimFront(meta, meta.count - this.bound(max), true);
      await this.write(r.meta, new Map(), r.freed);
    });
  }

  stats(max: number): Promise<Meta> {
    return this.run(async () => (await this.load(max)).meta);
  }

  /** Removes every record; seq continues so it stays monotonic for the installation. */
  clear(): Promise<void> {
    return this.run(async () => {
      const rawMeta = (await this.area.get([this.metaKey()]))[this.metaKey()];
      const seq = isPlainObject(rawMeta) && isNonNegativeInt(rawMeta.seq) ? rawMeta.seq : 0;
      await this.area.set({ [this.metaKey()]: emptyMeta(seq, 0) });
      const all = Array.from({ length: this.o.ring }, (_, i) => `${this.o.prefix}page:${i}`);
      await this.area.remove(all);
    });
  }
}

/** Pages per append step; keeps the live span well inside the ring. */
const CHUNK_PAGES = 10;
/** Pages per read when looking for the newest records. */
const NEWEST_BATCH = 4;

function tailOf(r: { meta: Meta; records: AuditRecord[] }): { meta: Meta; tail: AuditRecord[] } {
  // After a rebuild, pages are packed from page 0 with no skip.
  const len = tailLength(r.meta);
  return { meta: r.meta, tail: len === 0 ? [] : r.records.slice(-len) };
}
