// Audit record fields as text: known types and reasons translated, others shown as recorded.
import type { AuditRecord } from '../../shared/audit/types.ts';
import { auditTypeKey, endReasonKey } from './message-keys.ts';
import { tMaybe } from './i18n.ts';

export function auditTypeText(type: string): string {
  return tMaybe(auditTypeKey(type)) ?? type;
}

export function reasonText(r: Pick<AuditRecord, 'reason' | 'result'>): string {
  const reason = r.reason === undefined ? null : (tMaybe(endReasonKey(r.reason)) ?? r.reason);
  return [reason, r.result ?? null].filter((p): p is string => p !== null && p !== '').join(' · ');
}
