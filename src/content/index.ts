// Content script for configured JOC Cockpit origins, registered by the
// background at document_start after cfg/mode-<policy>.js (the host's Remember
// Me pre-decision), or injected into an already open page after cfg/late.js.
// The synchronous document-start part runs first; then the background decides
// (cs.start) and the features start, each stopped by one AbortSignal.
import { generationFromUrl, parseTimeoutMs, ACCOUNT_KEY, IDENTITY_SERVICE_KEY, TIMEOUT_KEY } from '../shared/joc/cockpit.ts';
import { reportFailure, runTask } from '../shared/run-task.ts';
import type { StartReplyT } from '../shared/messaging/content-replies.ts';
import { startRetryDelay } from '../shared/messaging/unreachable.ts';
import { documentStart, type DocumentStart } from './features/document-start.ts';
import { createHintsFeature } from './features/login-hints.ts';
import { createRememberFeature } from './features/remember-guard.ts';
import { createTokenWatch } from './features/token-watch.ts';
import * as ps from './page-storage.ts';
import { extensionAlive, isContextGone, listen, toBackground } from './runtime.ts';

type GuardGlobal = typeof globalThis & { __jocGuard?: { alive(): boolean } };

const pageField = (key: string): string | null => ps.read('sessionStorage', key) || ps.read('localStorage', key) || null;

/**
 * Asks the background for this page's start. A background away for a moment (Firefox suspending
 * its event page, a Chromium worker between two lives) is asked again after a growing pause,
 * meanwhile the page keeps its safe state; an extension gone for good stops the script.
 */
async function askStart(start: DocumentStart, stop: () => void, signal: AbortSignal): Promise<StartReplyT | null> {
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      return await toBackground('cs.start', startRequest(start));
    } catch (err) {
      if (isContextGone(err)) {
        stop();
        return null;
      }
      const pause = startRetryDelay(attempt);
      if (pause === null) return null;
      await new Promise((r) => setTimeout(r, pause));
    }
  }
  return null;
}

function main(): void {
  const g = globalThis as GuardGlobal;
  // A second copy (injected while the registered one runs) stands aside; an
  // orphaned copy of an updated extension does not count.
  if (g.__jocGuard?.alive()) return;
  const ac = new AbortController();
  g.__jocGuard = { alive: () => !ac.signal.aborted && extensionAlive() };
  const start = documentStart();
  const stop = (): void => ac.abort();

  const leftInPlace = start.plan.tokens.find((t) => !start.plan.quarantine.some((e) => e.area === t.area && e.key === t.key));
  const watch = createTokenWatch(leftInPlace?.value ?? null, stop);
  const remember = createRememberFeature(start.plan.rememberHold, start.late);
  const hints = createHintsFeature();
  listen(
    {
      ...watch.handlers,
      'bg.forbid': () => {
        remember.forbid();
        hints.update({ rememberForbidden: true });
        return Promise.resolve({ ok: true as const });
      },
    },
    ac.signal,
  );

  runTask('start', async () => {
    const reply = await askStart(start, stop, ac.signal);
    if (reply === null) return; // gone, or unreachable for about a minute: the safe state stays
    if (carryOut(start, reply, stop) === 'done') return;
    watch.init(reply, ac.signal);
    remember.init(reply, ac.signal);
    hints.init({ rememberForbidden: reply.mode === 'forbid', certCN: reply.certCN, certLevel: reply.certLevel, certDaysLeft: reply.certDaysLeft }, ac.signal);
  });
}

function startRequest(s: DocumentStart) {
  const hidden = (t: { area: string; key: string }): boolean => s.plan.quarantine.some((e) => e.area === t.area && e.key === t.key);
  return {
    href: location.href,
    generation: generationFromUrl(location.href),
    late: s.late,
    continuing: s.continuing,
    live: s.plan.tokens.filter((t) => !hidden(t)).map((e) => ({ area: e.area, value: e.value })),
    quarantined: s.plan.tokens.filter(hidden).map((e) => ({ area: e.area, value: e.value })),
    rememberHeld: s.plan.rememberHold.length > 0,
    timeoutMs: parseTimeoutMs(ps.read('sessionStorage', TIMEOUT_KEY) ?? ps.read('localStorage', TIMEOUT_KEY)),
    account: pageField(ACCOUNT_KEY),
    identityService: pageField(IDENTITY_SERVICE_KEY),
  };
}

/**
 * The page-level verdict: stand aside, or give the quarantined keys of a live
 * session back and load once more (a reload continues, so the next document
 * keeps them). They go back into sessionStorage, where a reload keeps them and
 * a restored or closed tab does not (a token found in localStorage too).
 */
function carryOut(s: DocumentStart, reply: StartReplyT, stop: () => void): 'done' | 'go-on' {
  if (!reply.joc) {
    // Same host, other port, not configured: undo everything and stand aside.
    ps.restoreEntries([...s.plan.quarantine, ...s.plan.rememberHold]);
    stop();
    return 'done';
  }
  if (reply.verdict === 'restore') {
    ps.restoreEntries(s.plan.quarantine.filter((e) => reply.restoreAreas.includes(e.area)).map((e) => ({ ...e, area: 'sessionStorage' as const })));
    location.reload(); // page scripts already ran without the token
    return 'done';
  }
  return 'go-on';
}

try {
  main();
} catch (err) {
  // Never let an exception escape into the page.
  reportFailure('content script', err);
}
