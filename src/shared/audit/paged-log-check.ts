// Checks on what the paged audit log reads back: a page must hold exactly the
// records meta says, each a valid audit record, and (for the audit log) their
// seqs must rise without gaps a repair has not already counted.
import type { AuditRecord } from './types.ts';
import { parseAuditRecord } from './record.ts';
import type { Meta } from './paged-log-meta.ts';

/** A page with exactly `len` valid records (missing = empty); `live` drops the first `skip`. */
export function checkPage(raw: unknown, len: number, skip: number): { all: AuditRecord[]; live: AuditRecord[] } | null {
  // Meta and pages are written together, so content under an empty log is a
  // leftover (clear() interrupted before its remove): stale, not live. The next
  // append overwrites the slot.
  if (len === 0) return { all: [], live: [] };
  if (!Array.isArray(raw) || raw.length !== len) return null;
  const all: AuditRecord[] = [];
  for (const x of raw) {
    const r = parseAuditRecord(x);
    if (r === null) return null;
    all.push(r);
  }
  return { all, live: all.slice(skip) };
}

/**
 * Audit log: live records rise seq by seq and end at meta.seq; gaps only where
 * a repair already counted them (meta.holes). The outbox keeps enqueue order.
 */
export function seqsFit(contiguous: boolean, records: AuditRecord[], meta: Meta, complete = true): boolean {
  if (!contiguous) return true;
  let gaps = 0;
  for (let i = 1; i < records.length; i++) {
    const step = (records[i]?.seq ?? -1) - (records[i - 1]?.seq ?? -1);
    if (step < 1) return false;
    gaps += step - 1;
  }
  const last = records.at(-1);
  if (last === undefined || !complete) return gaps <= meta.holes;
  // Seqs after the last record up to meta.seq were lost too (the next record will start above them).
  return last.seq <= meta.seq && gaps + (meta.seq - last.seq) <= meta.holes;
}
