// Operator safety in the background (issue 18): the system's idle state
// (idle.onStateChanged, and a recheck alarm) and the keyboard shortcut
// (commands.onCommand) end every live JOC session in this browser. The rules
// are shared/session/operator-safety.ts; the E2E hooks call the same two
// functions the listeners call.
import { ext } from '../platform/browser.ts';
import { decideIdle, detectionSeconds, END_ALL_COMMAND, isIdleState, type IdleState } from '../shared/session/operator-safety.ts';
import { confirmEndAll } from './badge.ts';
import { sessions } from './session/instance.ts';
import { getEffective } from './settings-store.ts';

/** Set when the screen locked while only system idle is configured. */
export const IDLE_RECHECK_ALARM = 'idle-recheck';

/** How long without input the browser waits before it reports the system idle. */
export async function applyIdleSettings(): Promise<void> {
  ext.idle.setDetectionInterval(detectionSeconds((await getEffective()).settings.session));
}

async function queryState(seconds: number): Promise<IdleState | null> {
  try {
    const s: unknown = await ext.idle.queryState(seconds);
    return isIdleState(s) ? s : null;
  } catch {
    return null;
  }
}

/**
 * An idle-state change (or the recheck). `current` is what idle.queryState
 * says now; the real listener leaves it out and it is asked here. E2E hooks
 * pass it, because a headless browser cannot produce every state.
 */
export async function idleStateChanged(event: IdleState | 'check', current?: IdleState | null): Promise<void> {
  const { session } = (await getEffective()).settings;
  const now = current !== undefined ? current : session.systemIdleMinutes > 0 ? await queryState(detectionSeconds(session)) : null;
  const d = decideIdle({ event, current: now, now: Date.now() }, session);
  if (d.action === 'end') {
    const detail = d.reason === 'screen-locked' ? 'the system reported the screen locked' : `no input to the system for ${session.systemIdleMinutes} min`;
    await sessions.endAll(d.reason, detail);
  } else if (d.action === 'recheck') {
    await ext.alarms.create(IDLE_RECHECK_ALARM, { when: d.at });
  } else if (d.action === 'cancel-recheck') {
    await ext.alarms.clear(IDLE_RECHECK_ALARM);
  }
}

/** A keyboard command: End all, confirmed on the toolbar badge. Returns how many sessions ended. */
export async function commandRun(name: string): Promise<number> {
  if (name !== END_ALL_COMMAND) return 0;
  const ended = await sessions.endAll('user-ended-all', 'keyboard shortcut');
  await confirmEndAll();
  return ended;
}
