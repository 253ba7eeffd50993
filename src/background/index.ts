// Background entry (service worker in Chromium, event page in Firefox).
// Listeners are registered synchronously at the top level so that every
// event wakes the worker; state lives in storage (see state-store.ts).
import { ext } from '../platform/browser.ts';
import { audit, flushForwarder, refreshAuditConfig } from './audit.ts';
import { registerServerCertListener, warmCertificates } from './certs.ts';
import { injectIntoOpenTabs, syncRegistrations } from './registration.ts';
import { registerRouter } from './router.ts';
import * as sessions from './sessions.ts';
import { getEffective, invalidateSettings, onLateManagedPolicy, policyErrorsNeedAudit, SETTINGS_KEY } from './settings-store.ts';
import { forgetTab } from './tab-status.ts';
import { registerWebRequestListeners } from './web-request.ts';

registerRouter();
onLateManagedPolicy(() => void applySettings('managed policy loaded'));
registerWebRequestListeners();
registerServerCertListener();

ext.tabs.onRemoved.addListener((tabId) => {
  void sessions.tabClosed(tabId).then(() => forgetTab(tabId));
});

ext.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === 'deadline') void sessions.runDeadlines();
  if (alarm.name === sessions.RESUME_ALARM || alarm.name === sessions.WATCH_ALARM) void sessions.resumeHeld().then(() => sessions.scheduleDeadlines());
  if (alarm.name === 'audit-flush') void flushForwarder();
});

async function applySettings(reason: string, managedChanged = false): Promise<void> {
  invalidateSettings({ managedChanged });
  const eff = await getEffective();
  if (await policyErrorsNeedAudit(eff.errors)) {
    await audit({ type: 'policy.invalid', origin: '', reason, detail: eff.errors.join('; ').slice(0, 200) });
  }
  await refreshAuditConfig();
  await syncRegistrations();
}

ext.storage.onChanged.addListener((changes, areaName) => {
  if (areaName === 'managed') {
    void applySettings('managed policy changed', true)
      .then(() => audit({ type: 'policy.changed', origin: '', reason: 'managed' }))
      .then(() => warmCertificates().catch(() => undefined));
  } else if (areaName === 'local' && SETTINGS_KEY in changes) {
    invalidateSettings();
    void warmCertificates().catch(() => undefined);
  }
});

ext.permissions.onAdded.addListener(() => void applySettings('permission granted'));
ext.permissions.onRemoved.addListener(() => void applySettings('permission removed'));

ext.runtime.onStartup.addListener(() => {
  // Marks this as a browser start (see content-handlers.ts startedWithBrowser).
  void ext.storage.session
    .set({ browserStartedAt: Date.now() })
    .then(() => syncRegistrations({ force: true }))
    .then(injectIntoOpenTabs);
});

ext.runtime.onInstalled.addListener(() => {
  void syncRegistrations({ force: true }).then(injectIntoOpenTabs);
});

// Every wake-up: finish what a killed background or a dead browser left undone
// (sessions.resumeHeld), re-arm timers, resume forwarding. A real (re)start — browser
// or extension, which empties storage.session — is audited once; Chromium's
// worker also wakes after idling, which is not worth a record.
void (async () => {
  await applySettings('startup');
  await sessions.resumeHeld();
  await sessions.scheduleDeadlines();
  const started = await ext.storage.session.get('startedAudited');
  if (started.startedAudited !== true) {
    await ext.storage.session.set({ startedAudited: true });
    await audit({ type: 'extension.started', origin: '', detail: `version ${__VERSION__}` });
  }
})().catch((err: unknown) => console.error('JOC Guard start-up:', err instanceof Error ? err.message : 'unknown'));
