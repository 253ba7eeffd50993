// An audit record as an Elastic Common Schema document. Field names and types
// follow the ECS field reference (https://www.elastic.co/docs/reference/ecs);
// what ECS has no field for sits under `joc_guard.*` — ECS's advice for custom
// fields is to nest them under a proper name ("Custom fields", same reference),
// so a future ECS field cannot collide. The token fingerprint is
// `joc_guard.token.fingerprint` (12 hex, keyed; never the token). Pure.
import type { AuditRecord } from '../types.ts';
import { describe, meaning, originParts, outcome } from './semantics.ts';

/** The ECS release the documents follow (ecs.version). */
export const ECS_VERSION = '8.11.0';

export function ecsDocument(r: AuditRecord, product: { name: string; version: string }): Record<string, unknown> {
  const m = meaning(r.type);
  const event: Record<string, unknown> = {
    kind: 'event',
    id: r.id,
    sequence: r.seq,
    action: r.type,
    category: m.category,
    type: m.type,
    outcome: outcome(r),
    dataset: 'joc_guard.audit',
    module: 'joc_guard',
  };
  if (r.reason !== undefined) event.reason = r.reason;
  const doc: Record<string, unknown> = {
    '@timestamp': r.ts,
    message: describe(r),
    ecs: { version: ECS_VERSION },
    event,
    log: { level: m.severity === 'warn' ? 'warning' : m.severity },
    observer: { product: product.name, version: product.version },
  };
  if (r.account !== undefined) doc.user = { name: r.account };
  const url = originParts(r.origin);
  if (url !== null) doc.url = url;
  const own: Record<string, unknown> = { record_version: r.v };
  if (r.fp !== undefined) own.token = { fingerprint: r.fp };
  if (r.storage !== undefined) own.storage = r.storage;
  if (r.key !== undefined) own.key = r.key;
  if (r.result !== undefined) own.result = r.result;
  if (r.detail !== undefined) own.detail = r.detail;
  doc.joc_guard = own;
  return doc;
}
