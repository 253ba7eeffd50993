// Pure bookkeeping for RecordPages: the meta record and how appends and
// front-trimming move it. No I/O here, so the invariants are easy to test.
//
// Invariants of a valid meta (pages are numbered head..tail, monotonically):
// - every page but the tail holds exactly PAGE_SIZE records;
// - the first `skip` records of the head page are logically gone;
// - count = live records; count 0 ⇔ the single page head = tail is empty.
import type { AuditRecord } from './types.ts';
import { isNonNegativeInt, isPlainObject } from '../json.ts';

export const PAGE_SIZE = 100;

export interface Meta {
  v: 1;
  /** Highest seq ever stored (the next record gets seq + 1). */
  seq: number;
  head: number;
  tail: number;
  skip: number;
  count: number;
  /** Records removed because of the bound or because they were unreadable. */
  dropped: number;
  /**
   * Seqs known to be missing inside the live records (lost in a repair and
   * already counted in `dropped`). An upper bound: trimming may remove holes.
   */
  holes: number;
}

export function emptyMeta(seq: number, dropped: number, page = 0): Meta {
  return { v: 1, seq, head: page, tail: page, skip: 0, count: 0, dropped, holes: 0 };
}

/** Records physically on the tail page (including skipped ones when head = tail). */
export function tailLength(m: Meta): number {
  return m.count + m.skip - PAGE_SIZE * (m.tail - m.head);
}

export function parseMeta(x: unknown, ring: number): Meta | null {
  if (!isPlainObject(x) || x.v !== 1) return null;
  const { seq, head, tail, skip, count, dropped, holes = 0 } = x;
  if (![seq, head, tail, skip, count, dropped, holes].every(isNonNegativeInt)) return null;
  const n = Number;
  const m: Meta = { v: 1, seq: n(seq), head: n(head), tail: n(tail), skip: n(skip), count: n(count), dropped: n(dropped), holes: n(holes) };
  if (m.tail < m.head || m.tail - m.head >= ring - 1 || m.skip >= PAGE_SIZE) return null;
  if (m.count === 0) return m.head === m.tail && m.skip === 0 ? m : null;
  const len = tailLength(m);
  return len >= 1 && len <= PAGE_SIZE ? m : null;
}

/** Drops the `n` oldest live records; pages emptied by that are returned as `freed`. */
export function trimFront(meta: Meta, n: number, asDropped: boolean): { meta: Meta; freed: number[] } {
  const m = { ...meta };
  const freed: number[] = [];
  let left = Math.min(Math.max(0, n), m.count);
  if (asDropped) m.dropped += left;
  if (left === m.count && left > 0) {
    // Everything goes: start a fresh, empty page after the old tail.
    for (let p = m.head; p <= m.tail; p++) freed.push(p);
    return { meta: emptyMeta(m.seq, m.dropped, m.tail + 1), freed };
  }
  while (left > 0) {
    const avail = (m.head === m.tail ? tailLength(m) : PAGE_SIZE) - m.skip;
    if (left >= avail) {
      freed.push(m.head);
      m.head += 1;
      m.skip = 0;
      m.count -= avail;
      left -= avail;
    } else {
      m.skip += left;
      m.count -= left;
      left = 0;
    }
  }
  return { meta: m, freed };
}

/** Adds records after `tail` (the current tail page) and trims to `max`. */
export function addRecords(
  meta: Meta,
  tail: AuditRecord[],
  records: AuditRecord[],
  max: number,
): { meta: Meta; tail: AuditRecord[]; pages: Map<number, AuditRecord[]>; freed: number[] } {
  const m = { ...meta };
  const pages = new Map<number, AuditRecord[]>();
  let cur = [...tail];
  let dirty = false; // a full tail page that gets nothing new is not rewritten
  for (const r of records) {
    if (cur.length >= PAGE_SIZE) {
      if (dirty) pages.set(m.tail, cur);
      m.tail += 1;
      cur = [];
    }
    cur.push(r);
    dirty = true;
    m.count += 1;
    m.seq = Math.max(m.seq, r.seq);
  }
  if (dirty) pages.set(m.tail, cur);
  const trimmed = trimFront(m, m.count - max, true);
  // A page filled and trimmed in the same step need not be written at all.
  for (const p of trimmed.freed) pages.delete(p);
  const tailNow = trimmed.meta.count === 0 ? [] : cur;
  return { meta: trimmed.meta, tail: tailNow, pages, freed: trimmed.freed };
}
