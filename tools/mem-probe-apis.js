// tools/mem-probe.ts, probe `apis`: the extension APIs JOC Guard's background
// uses (listeners and start-up calls) without any of its code, i.e. what the
// browser charges for them.
const chrome = globalThis.chrome;
const noop = () => undefined;
const API = { urls: ['https://*/joc/api/*', 'http://*/joc/api/*'] };
chrome.runtime.onMessage.addListener(noop);
chrome.storage.onChanged.addListener(noop);
chrome.webRequest.onSendHeaders.addListener(noop, API, ['requestHeaders']);
chrome.webRequest.onCompleted.addListener(noop, API, ['responseHeaders']);
chrome.webRequest.onErrorOccurred.addListener(noop, { urls: ['https://*/*', 'http://*/*'], types: ['main_frame', 'xmlhttprequest'] });
for (const e of [chrome.tabs.onRemoved, chrome.tabs.onUpdated, chrome.idle.onStateChanged, chrome.commands.onCommand, chrome.alarms.onAlarm]) e.addListener(noop);
for (const e of [chrome.permissions.onAdded, chrome.permissions.onRemoved, chrome.runtime.onStartup, chrome.runtime.onInstalled]) e.addListener(noop);
(async () => {
  await chrome.storage.session.set({ runStarted: true });
  await chrome.storage.local.get('settings');
  await chrome.storage.managed.get().catch(noop);
  await chrome.scripting.getRegisteredContentScripts();
  await chrome.permissions.contains({ origins: ['https://localhost/*'] });
  await chrome.tabs.query({});
  await chrome.idle.queryState(60);
  chrome.idle.setDetectionInterval(60);
  await chrome.commands.getAll();
  await chrome.alarms.get('x');
  await chrome.action.setBadgeText({ text: '' });
  await chrome.runtime.getContexts({});
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open('probe', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('kv');
    r.onsuccess = () => resolve(r.result);
    r.onerror = reject;
  });
  await new Promise((resolve) => {
    const t = db.transaction('kv', 'readwrite');
    t.objectStore('kv').put('v', 'k');
    t.oncomplete = resolve;
  });
  const key = await crypto.subtle.importKey('raw', crypto.getRandomValues(new Uint8Array(32)), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('token'));
})();
