// Handlers of the popup's and options page's messages (sender and shape
// already checked by the router).
import type { AuditInput, AuditRecord } from '../../shared/audit/types.ts';
import { toCsv, toJsonLines } from '../../shared/audit/store.ts';
import type { Handlers } from '../../shared/messaging/channel.ts';
import type { UiReplies } from '../../shared/messaging/ui-replies.ts';
import type { UiRequests } from '../../shared/messaging/ui-requests.ts';
import { applyUserEdit, diffSettings, weakenedPaths, weakenedRecord, weakenings } from '../../shared/settings/effective.ts';
import { maskSecrets, withoutMaskedSecrets } from '../../shared/settings/mask.ts';
import { audit, auditForwarder, auditStore, flushForwarder, refreshAuditConfig } from '../audit.ts';
import { syncRegistrations } from '../registration.ts';
import { sessions } from '../session/instance.ts';
import { getEffective, writeUserSettings } from '../settings-store.ts';
import { popupState } from './popup.ts';

function testRecord(): AuditRecord {
  const id = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
  return { v: 1, id, seq: 0, ts: new Date().toISOString(), type: 'extension.started', origin: '', detail: 'JOC Guard test record' };
}

export const uiHandlers: Handlers<UiRequests, UiReplies, undefined> = {
  'ui.state': (msg) => popupState(msg.tabId),
  'ui.endSession': async (msg) => ({ ended: await sessions.endForTab(msg.tabId) }),
  'ui.endAll': async () => ({ ended: await sessions.endAll('user-ended-all', 'End all (popup)') }),
  'ui.settings.get': async () => {
    const eff = await getEffective();
    return { settings: maskSecrets(eff.settings), locked: eff.locked, errors: eff.errors, managed: eff.managed };
  },
  'ui.settings.save': async (msg) => {
    const before = await getEffective();
    const r = applyUserEdit(before, withoutMaskedSecrets(msg.edit));
    if (!r.ok) return { ok: false, errors: r.errors };
    await writeUserSettings(r.user);
    const after = await getEffective();
    const changed = diffSettings(before.settings, after.settings);
    const ws = weakenings(before, after.settings);
    const weakened = weakenedRecord(ws, 'user');
    const records: AuditInput[] = changed.length > 0 ? [{ type: 'policy.changed', origin: '', reason: 'user', detail: changed.join(', ').slice(0, 200) }] : [];
    if (weakened !== null) records.push(weakened);
    if (records.length > 0) await audit(records);
    // Forwarding turned off or redirected: the record goes out with the configuration it weakens.
    if (ws.some((w) => w.path.startsWith('audit.forward.'))) await flushForwarder();
    await syncRegistrations();
    await refreshAuditConfig();
    return { ok: true, settings: maskSecrets(after.settings), locked: after.locked, errors: after.errors, weakened: weakenedPaths(ws) };
  },
  'ui.audit.query': (msg) => auditStore().query(msg.filter),
  'ui.audit.export': async (msg) => {
    const all = await auditStore().all();
    return { format: msg.format, text: msg.format === 'csv' ? toCsv(all) : toJsonLines(all) };
  },
  'ui.forward.test': async () => {
    const r = await auditForwarder().sendTest(testRecord());
    return { ok: r.ok, status: r.status ?? null, error: r.error ?? null };
  },
  'ui.origins.changed': async () => ({ registered: (await syncRegistrations()).length }),
};
