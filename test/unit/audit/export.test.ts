import { describe, expect, it } from 'vitest';
import { AUDIT_COLUMNS, toCsv, toJsonLines } from '../../../src/shared/audit/store.ts';
import { auditRecord } from '../helpers/audit-record.ts';

const rec = auditRecord;

/** Minimal RFC 4180 parser, to check the output round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    const next = text[i + 1];
    i += 1;
    if (quoted && c === '"' && next === '"') {
      cell += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && next === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe('toJsonLines', () => {
  it('writes one JSON object per line in a fixed key order', () => {
    const out = toJsonLines([rec(1, { detail: 'line\nbreak', reason: 'logout' }), rec(2)]);
    const lines = out.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0] ?? '')).toEqual(rec(1, { detail: 'line\nbreak', reason: 'logout' }));
    expect(Object.keys(JSON.parse(lines[0] ?? '') as object)).toEqual(['v', 'seq', 'id', 'ts', 'type', 'origin', 'reason', 'detail']);
    expect(toJsonLines([])).toBe('');
  });
});

describe('toCsv', () => {
  it('has a header in the fixed column order and CRLF line ends', () => {
    const out = toCsv([rec(1)]);
    expect(out).toBe(`${AUDIT_COLUMNS.join(',')}\r\n1,1,0000000000000001,2026-01-15T08:00:00.000Z,session.end,https://a.example.com,,,,,,,\r\n`);
    expect(toCsv([])).toBe(`${AUDIT_COLUMNS.join(',')}\r\n`);
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and round-trips', () => {
    const detail = 'a, "quoted"\r\nvalue';
    const rows = parseCsv(toCsv([rec(1, { detail, account: 'x,y' })]));
    const header = rows[0] ?? [];
    const row = rows[1] ?? [];
    expect(row[header.indexOf('detail')]).toBe(detail);
    expect(row[header.indexOf('account')]).toBe('x,y');
  });

  it('neutralises spreadsheet formulas', () => {
    const attacks = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    for (const a of attacks) {
      const rows = parseCsv(toCsv([rec(1, { detail: a, account: a })]));
      const header = rows[0] ?? [];
      expect(rows[1]?.[header.indexOf('detail')]).toBe(`'${a}`);
      expect(rows[1]?.[header.indexOf('account')]).toBe(`'${a}`);
    }
    expect(toCsv([rec(1, { detail: 'safe = text' })])).toContain(',safe = text\r\n');
  });
});
