// Content scripts may read the extension's storage areas unless the extension
// says otherwise. Where the browser lets us (Chromium: storage.local, .session
// and .managed all take setAccessLevel, checked in Chromium 156), every area is
// restricted to the extension's own pages and background; JOC Guard's content
// script asks the background for what it needs and never reads storage itself.
// Firefox has no setAccessLevel (ESR 153): there storage.local and
// storage.managed stay readable by content scripts, which is why secrets are
// kept in IndexedDB (secrets.ts), and why a managed authHeader — which only the
// administrator's policy can hold — remains a documented limit (SECURITY.md).
// References: Chrome "chrome.storage" StorageArea.setAccessLevel; MDN
// "StorageArea.setAccessLevel()" (Firefox: not supported).
import { ext } from '../platform/browser.ts';

type Restrictable = { setAccessLevel?: (o: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void> };

/** Areas the browser restricted; never throws. */
export async function restrictStorageToExtension(): Promise<string[]> {
  const done: string[] = [];
  for (const name of ['local', 'session', 'managed'] as const) {
    const area = ext.storage[name] as unknown as Restrictable | undefined;
    if (typeof area?.setAccessLevel !== 'function') continue;
    try {
      await area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
      done.push(name);
    } catch {
      // Older Chromium offers the method on storage.session only: the others stay as they are.
    }
  }
  return done;
}
