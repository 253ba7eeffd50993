import { describe, expect, it } from 'vitest';
import { checkPage, seqsFit } from '../../../src/shared/audit/paged-log-check.ts';
import { emptyMeta } from '../../../src/shared/audit/paged-log-meta.ts';
import { auditRecord } from '../helpers/audit-record.ts';

const rec = (seq: number) => auditRecord(seq);

describe('checkPage', () => {
  it.each<[string, unknown, number, number, number | null]>([
    ['missing page, none expected', undefined, 0, 0, 0],
    ['leftover under an empty log is stale', [rec(1)], 0, 0, 0],
    ['exact length', [rec(1), rec(2)], 2, 0, 2],
    ['skip drops the first records from live', [rec(1), rec(2), rec(3)], 3, 2, 1],
    ['too short', [rec(1)], 2, 0, null],
    ['too long', [rec(1), rec(2)], 1, 0, null],
    ['not an array', { 0: rec(1) }, 1, 0, null],
    ['missing page, records expected', undefined, 1, 0, null],
    ['one invalid record spoils the page', [rec(1), { seq: 2 }], 2, 0, null],
    ['a string', 'x', 1, 0, null],
  ])('%s', (_name, raw, len, skip, live) => {
    const got = checkPage(raw, len, skip);
    expect(got === null ? null : got.live.length).toBe(live);
  });
});

describe('seqsFit', () => {
  const meta = (seq: number, holes = 0) => ({ ...emptyMeta(seq, 0), holes });
  it.each<[string, boolean, number[], ReturnType<typeof meta>, boolean, boolean]>([
    ['consecutive, ending at meta.seq', true, [1, 2, 3], meta(3), true, true],
    ['empty', true, [], meta(0), true, true],
    ['a gap nobody counted', true, [1, 3], meta(3), true, false],
    ['a gap a repair counted', true, [1, 3], meta(3, 1), true, true],
    ['falling seqs', true, [2, 1], meta(2, 5), true, false],
    ['a repeated seq', true, [1, 1], meta(1, 5), true, false],
    ['ends below meta.seq without holes', true, [1, 2], meta(4), true, false],
    ['ends below meta.seq, holes counted', true, [1, 2], meta(4, 2), true, true],
    ['ends above meta.seq', true, [1, 2, 3], meta(2, 9), true, false],
    ['incomplete read: the end is not checked', true, [1, 2], meta(9), false, true],
    ['outbox: any order is fine', false, [5, 1, 1], meta(0), true, true],
  ])('%s', (_name, contiguous, seqs, m, complete, ok) => {
    expect(seqsFit(contiguous, seqs.map(rec), m, complete)).toBe(ok);
  });
});
