// Fixed audit records for the golden files: one of each shape a collector sees.
import type { AuditRecord } from '../../../../src/shared/audit/types.ts';

export const PRODUCT = { name: 'JOC Guard', version: '1.2.3' };
export const INDEX = 'joc-guard-audit';
export const BATCH_ID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9-5';

export const RECORDS: AuditRecord[] = [
  { v: 1, id: '0a1b2c3d4e5f6071', seq: 41, ts: '2026-01-15T08:00:00.000Z', type: 'session.start', origin: 'https://joc.example.com:4443', fp: '3f2a9c1d0b7e', account: 'apmacwin', detail: 'identity service CERTIFICATE:sim-cert' },
  { v: 1, id: '1b2c3d4e5f607182', seq: 42, ts: '2026-01-15T08:30:12.345Z', type: 'session.end', origin: 'https://joc.example.com:4443', reason: 'logout', fp: '3f2a9c1d0b7e', account: 'apmacwin' },
  { v: 1, id: '2c3d4e5f60718293', seq: 43, ts: '2026-01-15T08:30:12.400Z', type: 'token.invalidated', origin: 'https://joc.example.com:4443', reason: 'logout', fp: '3f2a9c1d0b7e', result: 'http-503' },
  { v: 1, id: '3d4e5f60718293a4', seq: 44, ts: '2026-01-15T09:00:00.000Z', type: 'rememberme.bypass', origin: 'https://legacy.example.com', storage: 'localStorage', key: '$SOS$FOO', detail: 'written again by the page; removed' },
  { v: 1, id: '0a1b2c3d4e5f60718293a4b5c6d7e8f9'.slice(16), seq: 45, ts: '2026-01-15T09:05:00.000Z', type: 'extension.started', origin: '', detail: 'version 1.2.3' },
];
