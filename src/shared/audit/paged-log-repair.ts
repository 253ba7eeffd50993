// Rebuilds a RecordPages log from whatever is readable. Called when meta is
// missing or invalid (then every ring slot is scanned) or when pages disagree
// with a valid meta (then only its page range is read). Never throws on data;
// rewrites the readable records packed from page 0.
import type { AuditRecord } from './types.ts';
import { parseAuditRecord } from './record.ts';
import { isNonNegativeInt, isPlainObject } from '../json.ts';
import type { KeyValueArea } from './kv-area.ts';
import { type Meta, PAGE_SIZE } from './paged-log-meta.ts';

export interface RepairTarget {
  prefix: string;
  ring: number;
  contiguous: boolean;
  onRecovered: (detail: string) => void;
  metaKey: string;
  slotKey: (page: number) => string;
}

export interface RepairInput {
  /** A valid meta whose pages disagree with it, or null (meta lost). */
  prev: Meta | null;
  rawMeta: unknown;
  reason: string;
  max: number;
}

interface Scan {
  records: AuditRecord[];
  badRecords: number;
  badPages: number;
  keysWithData: string[];
}

async function scan(area: KeyValueArea, t: RepairTarget, prev: Meta | null): Promise<Scan> {
  const pages = prev === null ? range(0, t.ring - 1) : range(prev.head, prev.tail);
  const keys = pages.map((p) => t.slotKey(p));
  const got = await area.get(keys);
  const out: Scan = { records: [], badRecords: 0, badPages: 0, keysWithData: [] };
  pages.forEach((p, i) => {
    const key = keys[i] ?? '';
    const raw = got[key];
    if (raw === undefined) return;
    out.keysWithData.push(key);
    if (!Array.isArray(raw)) {
      out.badPages += 1;
      return;
    }
    const items: unknown[] = prev !== null && p === prev.head ? raw.slice(prev.skip) : raw;
    for (const x of items) {
      const r = parseAuditRecord(x);
      if (r === null) out.badRecords += 1;
      else out.records.push(r);
    }
  });
  return out;
}

/** Orders by seq (stable) and drops repeated ids (and, in the audit log, repeated seqs). */
function order(records: AuditRecord[], contiguous: boolean): AuditRecord[] {
  const sorted = [...records].sort((a, b) => a.seq - b.seq);
  const ids = new Set<string>();
  const kept: AuditRecord[] = [];
  for (const r of sorted) {
    if (ids.has(r.id) || (contiguous && kept.at(-1)?.seq === r.seq)) continue;
    ids.add(r.id);
    kept.push(r);
  }
  return kept;
}

function seqGaps(records: AuditRecord[]): number {
  let gaps = 0;
  for (let i = 1; i < records.length; i++) gaps += Math.max(0, (records[i]?.seq ?? 0) - (records[i - 1]?.seq ?? 0) - 1);
  return gaps;
}

/**
 * How many records were lost. With a valid meta it is exact (it knew how many
 * live records its pages held); without one, seq gaps and unreadable items are
 * the evidence and the larger of the two is counted.
 */
function lostCount(kept: AuditRecord[], s: Scan, t: RepairTarget, prev: Meta | null): number {
  if (prev !== null) return Math.max(0, prev.count - kept.length);
  return t.contiguous ? Math.max(seqGaps(kept), s.badRecords) : s.badRecords;
}

export async function rebuild(area: KeyValueArea, t: RepairTarget, input: RepairInput): Promise<{ meta: Meta; records: AuditRecord[] }> {
  const { prev, rawMeta, reason, max } = input;
  const s = await scan(area, t, prev);
  const live = order(s.records, t.contiguous);
  const lost = lostCount(live, s, t, prev);
  const loose = isPlainObject(rawMeta) ? rawMeta : {};
  const prevSeq = prev?.seq ?? (isNonNegativeInt(loose.seq) ? loose.seq : 0);
  const prevDropped = prev?.dropped ?? (isNonNegativeInt(loose.dropped) ? loose.dropped : 0);
  const excess = Math.max(0, live.length - max);
  const records = live.slice(excess);
  const pageCount = Math.ceil(records.length / PAGE_SIZE);
  const seq = Math.max(prevSeq, records.at(-1)?.seq ?? 0);
  const trailing = records.length === 0 ? 0 : seq - (records.at(-1)?.seq ?? seq);
  const meta: Meta = {
    v: 1,
    seq,
    head: 0,
    tail: Math.max(0, pageCount - 1),
    skip: 0,
    count: records.length,
    dropped: prevDropped + lost + excess,
    holes: t.contiguous ? seqGaps(records) + trailing : 0,
  };
  const items: Record<string, unknown> = { [t.metaKey]: meta };
  for (let p = 0; p < pageCount; p++) items[t.slotKey(p)] = records.slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
  await area.set(items);
  const stale = s.keysWithData.filter((k) => !(k in items));
  if (stale.length > 0) await area.remove(stale);
  const fresh = prev === null && rawMeta === undefined && s.keysWithData.length === 0;
  if (!fresh) report(t, `${reason}; kept ${records.length} records, ${lost} lost${s.badPages > 0 ? `, ${s.badPages} unreadable pages` : ''}`);
  return { meta, records };
}

function report(t: RepairTarget, detail: string): void {
  try {
    t.onRecovered(`${t.prefix.replace(/:$/, '')} storage repaired: ${detail}`);
  } catch {
    // The owner's callback failing must not undo the repair.
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
