// Audit log export: JSON Lines and CSV. Pure.
import type { AuditRecord } from './types.ts';

/** Fixed CSV column order (also the JSON Lines key order). */
export const AUDIT_COLUMNS = ['v', 'seq', 'id', 'ts', 'type', 'origin', 'reason', 'storage', 'key', 'fp', 'account', 'result', 'detail'] as const;

function canonical(r: AuditRecord): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const c of AUDIT_COLUMNS) {
    const value = r[c];
    if (value !== undefined) out[c] = value;
  }
  return out;
}

/** One JSON object per line, newline-terminated. */
export function toJsonLines(records: AuditRecord[]): string {
  return records.map((r) => `${JSON.stringify(canonical(r))}\n`).join('');
}

// Spreadsheet apps run a cell that starts with one of these as a formula
// (OWASP "CSV injection"); a leading apostrophe makes it text.
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number | undefined): string {
  let s = value === undefined ? '' : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180: header row, CRLF line ends, quotes doubled inside quoted cells. */
export function toCsv(records: AuditRecord[]): string {
  const rows = [AUDIT_COLUMNS.join(','), ...records.map((r) => AUDIT_COLUMNS.map((c) => cell(r[c])).join(','))];
  return `${rows.join('\r\n')}\r\n`;
}
