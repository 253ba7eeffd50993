// Handlers for messages from the popup and options pages (already validated).
import { ext, isFirefox } from '../platform/browser.ts';
import type { AuditInput, AuditRecord } from '../shared/audit/types.ts';
import { toCsv, toJsonLines } from '../shared/audit/store.ts';
import { compareAccountToCN } from '../shared/cert/account.ts';
import type { UiMessage } from '../shared/messages.ts';
import type { PopupState } from '../shared/popup/state.ts';
import * as reg from '../shared/session/registry.ts';
import { applyUserEdit, diffSettings, isConfiguredOrigin, modeForOrigin, weakenedPaths, weakenedRecord, weakenings, type Settings } from '../shared/settings/effective.ts';
import { audit, auditForwarder, auditStore, flushForwarder, refreshAuditConfig } from './audit.ts';
import { clientCerts, lastServerStatus } from './certs.ts';
import { hostPattern, syncRegistrations } from './registration.ts';
import * as sessions from './sessions.ts';
import { getEffective, writeUserSettings } from './settings-store.ts';
import { tabLevel, tabStatus } from './tab-status.ts';

export async function handleUi(msg: UiMessage): Promise<unknown> {
  switch (msg.type) {
    case 'ui.state':
      return popupState(msg.tabId);
    case 'ui.endSession':
      return { ended: await sessions.endForTab(msg.tabId) };
    case 'ui.settings.get': {
      const eff = await getEffective();
      return { settings: masked(eff.settings), locked: eff.locked, errors: eff.errors, managed: eff.managed };
    }
    case 'ui.settings.save':
      return saveSettings(msg.edit);
    case 'ui.audit.query':
      return auditStore().query(msg.filter);
    case 'ui.audit.export': {
      const all = await auditStore().all();
      return { format: msg.format, text: msg.format === 'csv' ? toCsv(all) : toJsonLines(all) };
    }
    case 'ui.forward.test': {
      const probe: AuditRecord = {
        v: 1,
        id: Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join(''),
        seq: 0,
        ts: new Date().toISOString(),
        type: 'extension.started',
        origin: '',
        detail: 'JOC Guard test record',
      };
      return auditForwarder().sendTest(probe);
    }
    case 'ui.origins.changed': {
      return { registered: (await syncRegistrations()).length };
    }
  }
}

/** The forwarding credential never goes back to a page once stored. */
export const MASK = '••••••••';
function masked(s: Settings): Settings {
  const f = s.audit.forward;
  return f.authHeader === '' ? s : { ...s, audit: { ...s.audit, forward: { ...f, authHeader: MASK } } };
}

async function saveSettings(edit: Record<string, unknown>): Promise<unknown> {
  const before = await getEffective();
  const fwd = (edit.audit as { forward?: { authHeader?: unknown } } | undefined)?.forward;
  if (fwd && fwd.authHeader === MASK) delete fwd.authHeader; // the placeholder is not a new value
  const r = applyUserEdit(before, edit);
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
  return { ok: true, settings: masked(after.settings), locked: after.locked, errors: after.errors, weakened: weakenedPaths(ws) };
}

async function activeTab(tabId: number | null): Promise<{ id: number | null; url: string | null }> {
  if (tabId !== null) {
    try {
      const t = await ext.tabs.get(tabId);
      return { id: tabId, url: t.url ?? null };
    } catch {
      return { id: tabId, url: null };
    }
  }
  const [t] = await ext.tabs.query({ active: true, currentWindow: true });
  return { id: t?.id ?? null, url: t?.url ?? null };
}

export async function popupState(tabId: number | null): Promise<PopupState> {
  const [eff, tab] = await Promise.all([getEffective(), activeTab(tabId)]);
  const { settings } = eff;
  let origin: string | null = null;
  try {
    origin = tab.url ? new URL(tab.url).origin : null;
  } catch {
    origin = null;
  }
  const configured = origin !== null && isConfiguredOrigin(settings, origin);
  // Independent reads in parallel: the popup waits for this reply.
  const [granted, registry, views, status, level, recent] = await Promise.all([
    configured && origin ? ext.permissions.contains({ origins: [hostPattern(origin)] }).catch(() => false) : false,
    tab.id !== null ? sessions.snapshotRegistry() : null,
    configured && origin ? clientCerts(origin) : [],
    tab.id !== null ? tabStatus(tab.id) : null,
    tab.id !== null && configured ? tabLevel(tab.id) : null,
    origin ? auditStore().query({ origin, limit: 5 }).then((r) => r.records) : [],
  ]);
  const live = registry !== null && tab.id !== null ? reg.liveSessionsForTab(registry, tab.id) : [];
  const s = live[0] ?? null;
  const firstCN = views[0]?.cert.subjectCN ?? null;
  const cmp = s?.account && firstCN !== null ? compareAccountToCN(s.account, firstCN) : null;
  return {
    version: __VERSION__,
    browser: isFirefox ? 'firefox' : 'chromium',
    tab: { id: tab.id, url: tab.url, origin },
    joc: { configured, granted, generation: s?.generation ?? null },
    session: s
      ? {
          account: s.account,
          identityService: s.identityService,
          byCertificate: s.identityService === null ? null : s.identityService.toUpperCase().startsWith('CERTIFICATE'),
          startedAt: s.startedAt,
          expiresAt: reg.expiresAt(s, settings.session.idleMaxMinutes),
          fp: s.fp,
        }
      : null,
    policy: {
      mode: origin ? modeForOrigin(settings, origin) : settings.rememberMe.mode,
      locked: eff.locked.some((p) => p === 'rememberMe.mode' || p === 'rememberMe' || p === 'origins'),
      managed: eff.managed,
      errors: eff.errors,
    },
    certs: {
      level: level ?? 'none',
      client: views.map((v) => ({
        label: v.label,
        cn: v.cert.subjectCN,
        issuer: v.cert.issuer,
        notAfter: v.cert.notAfter,
        daysLeft: v.status.daysLeft,
        level: v.status.level,
        findings: v.status.findings,
        sha256: v.cert.sha256,
        keyAlgorithm: v.cert.keyAlgorithm,
        keySize: v.cert.keySize,
        curve: v.cert.curve,
        ekuClientAuth: v.cert.ekuClientAuth,
      })),
      serverSupported: isFirefox,
      server: origin ? lastServerStatus(origin) : null,
      failure: status?.failure ?? null,
      accountMismatch: cmp && !cmp.match && s?.account && firstCN !== null ? { account: s.account, cn: firstCN, kind: cmp.kind } : null,
    },
    audit: recent,
    configuredOrigins: settings.origins.map((o) => o.origin),
  };
}
