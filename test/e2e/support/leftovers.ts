// What a session leaves behind, as a user or an attacker would look for it:
// a token in either storage or a cookie, remembered credentials, and what the
// first script of a restored tab reads.
import { expect } from 'vitest';
import type { TestBrowser, TestPage } from './browsers.ts';
import { helper, readStorage, tokenIn } from './gui.ts';

/** The keys the GUI keeps for Remember Me (account, password, flag). */
export const REMEMBER = ['$SOS$FOO', '$SOS$BOO', '$SOS$REMEMBER'];

/** The Remember Me keys with a value in localStorage. */
export async function remembered(page: TestPage): Promise<string[]> {
  const s = await readStorage(page);
  return REMEMBER.filter((k) => (s.local[k] ?? '') !== '');
}

/** No session key with a value in either storage, no token cookie. */
export async function expectNoToken(page: TestPage): Promise<void> {
  const s = await readStorage(page);
  expect(tokenIn(s)).toBeNull();
  for (const area of [s.local, s.session]) {
    for (const k of ['$SOS$accessTokenId', '$SOS$permission', '$SOS$currentUserData']) expect(area[k] ?? '').toBe('');
  }
  expect(s.cookies).not.toContain('$SOS$accessTokenId');
}

/**
 * Reopens the last closed tab (the helper extension's sessions.restore, as
 * Ctrl+Shift+T) and returns it once its first page script has run, with what
 * that script read under the token key in each storage.
 */
export async function restoreClosed(browser: TestBrowser, control: TestPage): Promise<{ restored: TestPage; firstRead: { local: string; session: string } }> {
  await helper(control, 'restore');
  const restored = await browser.findPage('/joc/');
  await restored.waitForFunction(() => (window as { __simFirstRead?: unknown }).__simFirstRead !== undefined);
  const first = await restored.evaluate(() => (window as unknown as { __simFirstRead: { local: string | null; session: string | null } }).__simFirstRead);
  return { restored, firstRead: { local: first.local ?? '', session: first.session ?? '' } };
}
