// The session controller: one object over an injected browser (env.ts), made
// once by the background (instance.ts) and by unit tests with a fake.
import type { SessionEndReason } from '../../shared/audit/types.ts';
import type { Registry, Session } from '../../shared/session/registry.ts';
import type { Core } from './core.ts';
import { runDue, schedule } from './deadlines.ts';
import { endAll, endForTab, endSessions, logoutSent, tabClosed, tokenGone, type EndOptions } from './ends.ts';
import type { SessionEnv } from './env.ts';
import { adopt, touched, type Sighting } from './observe.ts';
import { pageStart, pageWork, tokenAppeared, type PageFields, type StartOutcome, type StartReport } from './page.ts';
import { RegistryAccess } from './registry-access.ts';
import { resume } from './resume.ts';
import type { Area } from '../../shared/session/sweep.ts';

/** Lets a webRequest event that trails the page's own view of a response arrive first. */
export const SETTLE_MS = 400;

export interface Sessions {
  /** A login response JOC Guard saw (the only evidence that starts a session in a running page). */
  login(s: Sighting): Promise<Session | null>;
  touched(token: string): Promise<void>;
  pageStart(p: StartReport): Promise<StartOutcome>;
  tokenAppeared(p: PageFields & { area: Area; value: string }): Promise<Session | null>;
  tokenGone(token: string, loginRoute: boolean): Promise<void>;
  /** Whether a page may cause one more audit record or server call now (rate limit). */
  pageWork(tabId: number, origin: string): Promise<boolean>;
  endSessions(fps: string[], reason: SessionEndReason, opts: EndOptions): Promise<void>;
  endForTab(tabId: number): Promise<number>;
  endAll(reason: SessionEndReason, detail: string): Promise<number>;
  tabClosed(tabId: number): Promise<void>;
  /** The GUI sent its logout call with this token (the answer may never be heard if the tab closes). */
  logoutSent(token: string): Promise<void>;
  resume(): Promise<void>;
  schedule(): Promise<void>;
  runDue(): Promise<void>;
  snapshot(): Promise<Registry>;
  fingerprint(token: string): Promise<string>;
  heldFingerprints(): Promise<string[]>;
  /** E2E builds only: moves the login time of every live session back by `ms` (a cap test cannot wait hours). */
  backdate?(ms: number): Promise<number>;
}

export function createSessions(env: SessionEnv, settle: () => Promise<void> = () => new Promise((r) => setTimeout(r, SETTLE_MS))): Sessions {
  const core: Core = {
    env,
    reg: new RegistryAccess(env),
    finishing: new Set(),
    capWarned: new Set(),
    buckets: { value: {} },
    logoutsSent: { value: {} },
    notingLogouts: new Set(),
    settle,
    schedule: () => schedule(core),
    runDue: () => runDue(core),
    resume: () => resume(core),
  };
  return {
    login: (s) => adopt(core, s, { action: 'adopt', how: 'login' }),
    touched: (token) => touched(core, token),
    pageStart: (p) => pageStart(core, p),
    tokenAppeared: (p) => tokenAppeared(core, p),
    tokenGone: (token, loginRoute) => tokenGone(core, token, loginRoute),
    pageWork: (tabId, origin) => pageWork(core, tabId, origin),
    endSessions: (fps, reason, opts) => endSessions(core, fps, reason, opts),
    endForTab: (tabId) => endForTab(core, tabId),
    endAll: (reason, detail) => endAll(core, reason, detail),
    tabClosed: (tabId) => tabClosed(core, tabId),
    logoutSent: (token) => logoutSent(core, token),
    resume: () => resume(core),
    schedule: () => schedule(core),
    runDue: () => runDue(core),
    snapshot: () => core.reg.snapshot(),
    fingerprint: (token) => env.fingerprint(token),
    heldFingerprints: async () => Object.keys(await env.held.all()),
    // Build-time constant: release bundles drop this; unit tests (no constant) leave it out.
    ...(typeof __E2E__ !== 'undefined' && __E2E__ ? { backdate: (ms: number) => backdate(core, ms) } : {}),
  };
}

async function backdate(core: Core, ms: number): Promise<number> {
  const n = await core.reg.mutate((r) => {
    const live = Object.values(r.sessions).filter((x) => x.state === 'live');
    const moved = Object.fromEntries(live.map((x) => [x.fp, { ...x, startedAt: x.startedAt - ms }]));
    return { registry: { ...r, sessions: { ...r.sessions, ...moved } }, result: live.length };
  });
  await runDue(core);
  return n;
}
