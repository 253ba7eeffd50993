// A stored audit record with a given sequence number, for tests that need one without a store.
import type { AuditRecord } from '../../../src/shared/audit/types.ts';

export const auditRecord = (seq: number, extra: Partial<AuditRecord> = {}): AuditRecord => ({
  v: 1,
  id: `${'0'.repeat(15)}${seq}`,
  seq,
  ts: '2026-01-15T08:00:00.000Z',
  type: 'session.end',
  origin: 'https://a.example.com',
  ...extra,
});
