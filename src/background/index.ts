// Background entry (service worker in Chromium, event page in Firefox).
// Listeners are registered synchronously at the top level so that every
// event wakes the worker; state lives in storage (see state-store.ts).
import { ext } from '../platform/browser.ts';
import { runStart } from '../shared/run-start.ts';
import { runTask } from '../shared/run-task.ts';
import { revokedAccess, weakenedRecord } from '../shared/settings/effective.ts';
import { audit, flushForwarder, refreshAuditConfig } from './audit.ts';
import { contentHandlers } from './handlers/content.ts';
import { e2eHook } from './handlers/e2e.ts';
import { forgetGrants } from './handlers/popup.ts';
import { uiHandlers } from './handlers/ui.ts';
import { registerRouter } from './messaging/router.ts';
import { applyIdleSettings, commandRun, IDLE_RECHECK_ALARM, idleStateChanged } from './operator-safety.ts';
import { perfMark } from './perf.ts';
import { syncRegistrations } from './registration.ts';
import { warmCertificates } from './certs.ts';
import { registerServerCertListener } from './server-cert.ts';
import { ALARM } from './session/env.ts';
import { sessions } from './session/instance.ts';
import { fingerprintKey } from './secrets.ts';
import { auditPolicyErrorsOnce, getEffective, invalidateSettings, onLateManagedPolicy, SETTINGS_KEY } from './settings-store.ts';
import { sessionArea } from './state-store.ts';
import { restrictStorageToExtension } from './storage-access.ts';
import { forgetTab } from './tab-status.ts';
import { registerWebRequestListeners } from './web-request.ts';

registerRouter({ content: contentHandlers, ui: uiHandlers, ...(__E2E__ ? { e2e: e2eHook } : {}) });
onLateManagedPolicy(() => runTask('late managed policy', applySettings('managed policy loaded')));
// Before anything else: content scripts read no storage area where the browser allows it.
runTask('storage access', restrictStorageToExtension());
registerWebRequestListeners();
registerServerCertListener();

ext.tabs.onRemoved.addListener((tabId) => {
  perfMark('tab-removed');
  runTask('tab closed', async () => {
    await sessions.tabClosed(tabId);
    await forgetTab(tabId);
  });
});

// Operator safety (issue 18): screen lock / system idle and the End-all shortcut.
ext.idle.onStateChanged.addListener((state) => runTask('idle state', idleStateChanged(state)));
ext.commands.onCommand.addListener((name) => runTask('command', commandRun(name)));

ext.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === IDLE_RECHECK_ALARM) runTask('idle recheck', idleStateChanged('check'));
  if (alarm.name === ALARM.deadline) runTask('deadline', sessions.runDue());
  if (alarm.name === ALARM.resume || alarm.name === ALARM.watch) {
    runTask('resume', async () => {
      await sessions.resume();
      await sessions.schedule();
    });
  }
  if (alarm.name === 'audit-flush') runTask('audit forwarding', flushForwarder());
});

/** Re-reads the settings, audits a broken policy once, and brings registrations and open pages in line. */
async function applySettings(reason: string, opts: { managedChanged?: boolean; fresh?: boolean } = {}): Promise<void> {
  invalidateSettings({ managedChanged: opts.managedChanged === true });
  const eff = await getEffective();
  await auditPolicyErrorsOnce(eff.errors, async () => (await audit({ type: 'policy.invalid', origin: '', reason, detail: eff.errors.join('; ').slice(0, 200) })).length > 0);
  await refreshAuditConfig();
  await applyIdleSettings();
  await syncRegistrations({ fresh: opts.fresh === true });
}

ext.storage.onChanged.addListener((changes, areaName) => {
  if (areaName === 'managed') {
    runTask('managed policy', async () => {
      await applySettings('managed policy changed', { managedChanged: true });
      await audit({ type: 'policy.changed', origin: '', reason: 'managed' });
      await warmCertificates();
    });
  } else if (areaName === 'local' && SETTINGS_KEY in changes) {
    invalidateSettings();
    runTask('certificate summaries', warmCertificates());
    runTask('idle settings', applyIdleSettings());
  }
});

ext.permissions.onAdded.addListener(() => {
  forgetGrants();
  runTask('permission granted', applySettings('permission granted'));
});
ext.permissions.onRemoved.addListener((removed) => {
  forgetGrants();
  runTask('permission removed', permissionRemoved(removed.origins ?? []));
});

/** Host access revoked for a configured origin under a managed policy is recorded as a weakening. */
async function permissionRemoved(patterns: string[]): Promise<void> {
  const record = weakenedRecord(revokedAccess(await getEffective(), patterns), 'host-access');
  if (record !== null) await audit(record);
  await applySettings('permission removed');
}

// Browser start, install, update: the start-up below does the work; these listeners only wake the background.
ext.runtime.onStartup.addListener(() => undefined);
ext.runtime.onInstalled.addListener(() => undefined);

// Every wake-up: finish what a killed background or a dead browser left undone,
// re-arm timers, resume forwarding. The first start of a run (browser start,
// install, update, enable) also re-registers the content scripts and guards
// every open JOC tab, and is audited. It is marked done at the end
// (shared/run-start.ts): a background stopped before then does it again at its
// next wake-up. One that failed is marked too, so that a lasting error does not
// make every wake-up a first start.
runTask('start-up', async () => {
  const { fresh, done } = await runStart(sessionArea);
  try {
    await applySettings('startup', { fresh }); // also moves an authHeader an earlier version left in storage.local
    await fingerprintKey(); // moves the fingerprint key out of storage.local (same key)
    await sessions.resume();
    await sessions.schedule();
    if (fresh) await audit({ type: 'extension.started', origin: '', detail: `version ${__VERSION__}` });
  } finally {
    if (fresh) await done();
  }
});
