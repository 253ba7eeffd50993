// The simulator's GUI as a user drives it, and what a user or an attacker could
// read in its page (storages, cookies).
import { scaled, type TestPage } from './browsers.ts';

export interface StorageView {
  local: Record<string, string>;
  session: Record<string, string>;
  cookies: string;
}

export function readStorage(page: TestPage): Promise<StorageView> {
  // No named inner functions here: tsx (npm start, npm run bench) would wrap them
  // in an esbuild helper that does not exist in the page.
  return page.evaluate(() => {
    const out = { local: {} as Record<string, string>, session: {} as Record<string, string>, cookies: document.cookie };
    for (const [s, o] of [[localStorage, out.local], [sessionStorage, out.session]] as const) {
      for (let i = 0; i < s.length; i++) {
        const k = s.key(i);
        if (k !== null) o[k] = s.getItem(k) ?? '';
      }
    }
    return out;
  });
}

export const TOKEN = '$SOS$accessTokenId';

export function tokenIn(view: StorageView): string | null {
  const v = view.session[TOKEN] || view.local[TOKEN] || '';
  return v === '' ? null : v;
}

/** Logs in through the simulator's GUI (either generation). */
export async function guiLogin(page: TestPage, o: { account: string; password: string; remember?: boolean; variant: 'js7' | '1x' }): Promise<void> {
  const acc = o.variant === 'js7' ? 'input#account' : 'input[ng-model="lc.user.username"]';
  const pwd = o.variant === 'js7' ? 'input#password' : 'input[ng-model="lc.user.password"]';
  await page.waitFor(acc);
  await page.type(acc, o.account);
  await page.type(pwd, o.password);
  if (o.remember) {
    const box = o.variant === 'js7' ? 'label[name="rememberMe"] input' : 'input[ng-model="lc.rememberMe"]';
    await page.evaluate((sel: string) => {
      const el = document.querySelector<HTMLInputElement>(sel);
      if (el && !el.checked && !el.disabled) el.click();
    }, box);
  }
  await page.click('button[type="submit"]');
}

/** For a failed login wait: where the page is and what its form shows (lengths only, never the values). */
async function loginPageState(page: TestPage): Promise<string> {
  return page
    .evaluate(() => {
      const inputs = [...document.querySelectorAll<HTMLInputElement>('input')].map((i) => `${i.id || i.name || i.type}:${i.type === 'checkbox' ? i.checked : i.value.length}${i.disabled ? '(disabled)' : ''}`);
      const error = document.querySelector('.error-input.show, .alert-danger')?.textContent?.trim().slice(0, 80) ?? 'none';
      return `${location.pathname}${location.hash}; inputs ${inputs.join(' ')}; error ${error}; readyState ${document.readyState}`;
    })
    .catch((e: unknown) => `page not readable: ${e instanceof Error ? e.message.slice(0, 80) : 'unknown'}`);
}

export async function waitForToken(page: TestPage, timeoutMs = 10_000): Promise<string> {
  timeoutMs = scaled(timeoutMs);
  try {
    await page.waitForFunction(
      (key: string) => (sessionStorage.getItem(key) ?? '') !== '' || (localStorage.getItem(key) ?? '') !== '',
      TOKEN,
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`no token after login (${await loginPageState(page)}): ${err instanceof Error ? err.message : String(err)}`);
  }
  const t = tokenIn(await readStorage(page));
  if (!t) throw new Error('no token after login');
  return t;
}

export async function helper(page: TestPage, action: 'close-me' | 'restore'): Promise<void> {
  await page.evaluate((a: string) => document.dispatchEvent(new CustomEvent('e2e-helper', { detail: a })), action).catch(() => undefined);
}

/**
 * The server expires the token and the dashboard's next data call meets the 440: waits for the
 * dashboard, expires, then clicks its "Load data" button in the page. The dashboard's own first
 * call may meet the 440 before the click and take the GUI to its login page, button and all
 * (seen in repeats: a click waiting for the button failed): the trigger has happened either way.
 */
export async function expireOnNextCall(page: TestPage, expire: () => void): Promise<void> {
  await page.waitFor('#sim-load');
  expire();
  await page.evaluate(() => document.querySelector<HTMLButtonElement>('#sim-load')?.click());
}
