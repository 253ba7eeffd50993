// Remember Me for a page at its start: the origin's mode (decided once, here),
// the `expire` clock and the audit of what the policy did. The rule itself is
// shared/session/remember.ts.
import { decideRemember } from '../../shared/session/remember.ts';
import { modeForOrigin, type RememberMeMode, type Settings } from '../../shared/settings/effective.ts';
import { audit } from '../audit.ts';
import { localArea } from '../state-store.ts';

const REMEMBER_AT = 'rememberLoginAt';

/** Last login per origin, the clock of Remember Me policy `expire` (storage.local). */
async function rememberLoginAt(origin: string): Promise<number | undefined> {
  const all = (await localArea.get([REMEMBER_AT]))[REMEMBER_AT];
  const at = typeof all === 'object' && all !== null ? (all as Record<string, unknown>)[origin] : undefined;
  return typeof at === 'number' ? at : undefined;
}

export async function setRememberLoginAt(origin: string, at: number): Promise<void> {
  const all = (await localArea.get([REMEMBER_AT]))[REMEMBER_AT];
  const map = typeof all === 'object' && all !== null ? (all as Record<string, number>) : {};
  await localArea.set({ [REMEMBER_AT]: { ...map, [origin]: at } });
}

export async function rememberAtStart(settings: Settings, origin: string, held: boolean): Promise<{ mode: RememberMeMode; verdict: 'restore' | 'drop' | 'none' }> {
  const mode = modeForOrigin(settings, origin);
  const now = Date.now();
  const d = decideRemember({ mode, held, lastLoginAt: held && mode === 'expire' ? await rememberLoginAt(origin) : undefined, now, expireAfterHours: settings.rememberMe.expireAfterHours });
  if (d.startClock) await setRememberLoginAt(origin, now);
  if (d.audit === 'removed') {
    await audit({ type: 'rememberme.enforced', origin, reason: 'credentials-removed', storage: 'localStorage', detail: 'remembered account and password removed before the page could read them' });
  } else if (d.audit === 'expired') {
    await audit({ type: 'rememberme.expired', origin, storage: 'localStorage', detail: `no login for more than ${settings.rememberMe.expireAfterHours} h` });
  }
  return { mode, verdict: d.verdict };
}

/** A login happened on this origin: the `expire` clock restarts. */
export async function loginSeen(settings: Settings, origin: string): Promise<void> {
  if (modeForOrigin(settings, origin) === 'expire') await setRememberLoginAt(origin, Date.now());
}
