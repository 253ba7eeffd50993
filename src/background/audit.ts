// The background's audit sink: the single writer of the audit log (content
// scripts and pages send events here), plus optional forwarding.
import { ext } from '../platform/browser.ts';
import type { AuditInput, AuditRecord } from '../shared/audit/types.ts';
import { AuditStore } from '../shared/audit/store.ts';
import { AuditForwarder, type ForwardConfig } from '../shared/audit/forwarder.ts';
import { collectorFetch } from '../shared/audit/collector-post.ts';
import { getEffective } from './settings-store.ts';
import { localArea } from './state-store.ts';
import { runTask } from '../shared/run-task.ts';

let store: AuditStore | null = null;
let forwarder: AuditForwarder | null = null;
let forwardConfig: ForwardConfig = { enabled: false, url: '', authHeader: '', batchSize: 50, format: 'joc-guard', index: 'joc-guard-audit' };

export function auditStore(): AuditStore {
  store ??= new AuditStore(localArea, {
    maxRecords: 5000,
    onRecovered: (detail) => void audit({ type: 'storage.recovered', origin: '', detail: detail.slice(0, 200) }),
  });
  return store;
}

export function auditForwarder(): AuditForwarder {
  forwarder ??= new AuditForwarder(
    { area: localArea, fetch: collectorFetch((url, init) => fetch(url, init)), now: () => Date.now(), product: { name: 'JOC Guard', version: __VERSION__ } },
    () => forwardConfig,
  );
  return forwarder;
}

export async function refreshAuditConfig(): Promise<void> {
  const { settings } = await getEffective();
  forwardConfig = settings.audit.forward;
  await auditStore().setMaxRecords(settings.audit.maxRecords);
}

/** Records events; never throws (an audit failure must not stop token clearing). */
export async function audit(input: AuditInput | AuditInput[]): Promise<AuditRecord[]> {
  try {
    const records = await auditStore().append(input);
    if (forwardConfig.enabled) {
      await auditForwarder().enqueue(records);
      runTask('audit forwarding', flushForwarder());
    }
    return records;
  } catch (err) {
    console.error('JOC Guard: audit write failed:', err instanceof Error ? err.message : 'unknown');
    return [];
  }
}

/**
 * Sends what waits in the outbox, re-arms the retry alarm and records repeated
 * failure as `forward.failed` (that record is forwarded too once the collector
 * answers again; it is raised at thresholds only, so it cannot loop).
 */
export async function flushForwarder(): Promise<void> {
  const r = await auditForwarder().flush();
  scheduleFlush(r.nextAttemptAt);
  if (r.refused) {
    // Once per flush that lost records; a refused forward.failed record is never reported (see the forwarder).
    await audit({
      type: 'forward.failed',
      origin: '',
      reason: 'refused',
      detail: `${r.refused.count} records refused for good by the collector (${r.refused.error}); kept in the local audit log${r.refused.ids.length > 0 ? `: ${r.refused.ids.slice(0, 8).join(' ')}` : ''}`.slice(0, 200),
    });
  }
  if (r.alert) {
    await audit({
      type: 'forward.failed',
      origin: '',
      reason: (r.lastError ?? 'error').slice(0, 60),
      detail: `${r.alert.failures} failed attempts in a row; ${r.pending} records waiting`,
    });
  }
}

export function scheduleFlush(at: number | null): void {
  if (at === null) return;
  runTask('forwarding alarm', ext.alarms.create('audit-flush', { when: Math.max(at, Date.now() + 1000) }));
}
