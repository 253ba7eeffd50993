// The session controller's browser: the extension APIs, storage, the server
// logout call, the audit sink and the settings, behind the SessionEnv interface.
import { ext } from '../../platform/browser.ts';
import { audit } from '../audit.ts';
import { capNoticeText, showCapNotice } from '../cap-notice.ts';
import { toTab } from '../messaging/to-tab.ts';
import { serverLogout } from '../server-logout.ts';
import { getEffective } from '../settings-store.ts';
import { fingerprint, heldTokens, keepToken, loadRegistry, markEnded, releaseToken, saveRegistry, sessionArea, setPending } from '../state-store.ts';
import type { SessionEnv } from './env.ts';

/** storage.session: when this browser/extension run began (the registry was found empty). */
const FRESH_AT_KEY = 'freshRunAt';
const timers = new Map<string, ReturnType<typeof setTimeout>>();

async function tabsOf(origin: string): Promise<number[]> {
  try {
    const u = new URL(origin);
    const tabs = await ext.tabs.query({ url: `${u.protocol}//${u.hostname}/*` });
    return tabs.filter((t) => t.id !== undefined && t.url !== undefined && new URL(t.url).origin === origin).map((t) => t.id as number);
  } catch {
    return [];
  }
}

export function browserSessionEnv(): SessionEnv {
  return {
    now: () => Date.now(),
    version: __VERSION__,
    fingerprint,
    settings: async () => (await getEffective()).settings,
    audit: async (events) => {
      await audit(events);
    },
    registry: {
      load: loadRegistry,
      save: saveRegistry,
      freshAt: async () => {
        const at = (await sessionArea.get([FRESH_AT_KEY]))[FRESH_AT_KEY];
        return typeof at === 'number' ? at : undefined;
      },
      setFreshAt: (at) => sessionArea.set({ [FRESH_AT_KEY]: at }),
    },
    held: { all: heldTokens, keep: keepToken, markEnded, setPending, release: releaseToken },
    tabs: {
      exists: (tabId) => ext.tabs.get(tabId).then(() => true, () => false),
      openIds: async () => new Set((await ext.tabs.query({})).flatMap((t) => (t.id === undefined ? [] : [t.id]))),
      ofOrigin: tabsOf,
      clear: async (tabId, reason, token) => {
        const r = await toTab(tabId, 'bg.clear', { reason, ...(token ? { value: token } : {}) });
        return r?.cleared ? { areas: r.areas, cookies: r.cookies } : { areas: [], cookies: 0 };
      },
      expiresAt: async (tabId, at) => {
        await toTab(tabId, 'bg.session', { expiresAt: at });
      },
      capNotice: async (tabId, endsAt) => {
        // The page may have navigated away or closed: then there is nobody to tell.
        await ext.scripting.executeScript({ target: { tabId }, func: showCapNotice, args: [endsAt, capNoticeText()] }).catch(() => undefined);
      },
    },
    timers: {
      // One alarm per name: an earlier pending wake-up is kept (waking early is harmless, late is not).
      alarmAt: async (name, when) => {
        const cur = await ext.alarms.get(name);
        if (cur && cur.scheduledTime > Date.now() && cur.scheduledTime <= when && cur.periodInMinutes === undefined) return;
        await ext.alarms.create(name, { when });
      },
      periodic: (name, minutes) => ext.alarms.create(name, { periodInMinutes: minutes }),
      clear: async (name) => {
        await ext.alarms.clear(name);
      },
      exists: async (name) => (await ext.alarms.get(name)) !== undefined,
      soon: (name, when, fn) => {
        clearTimeout(timers.get(name));
        timers.set(name, setTimeout(() => {
          timers.delete(name);
          fn();
        }, Math.max(0, when - Date.now())));
      },
    },
    logout: serverLogout,
  };
}
