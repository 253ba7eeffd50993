// Sessions JOC Guard has evidence for: a login it saw, a page it was injected
// into late, a token it held before its own restart. Holding the token, the
// session.start record (once the account is known, with its source) and
// touches that restart the idle clock.
import type { Generation } from '../../shared/joc/cockpit.ts';
import { applyDecision, type TokenAction } from '../../shared/session/decide.ts';
import { pageDeadline } from '../../shared/session/operator-safety.ts';
import { observeActivity, type AccountSource, type Evidence, type Registry, type Session } from '../../shared/session/registry.ts';
import type { Core } from './core.ts';
import { tabClosed } from './ends.ts';

export interface Sighting {
  token: string;
  origin: string;
  tabId?: number | undefined;
  generation?: Generation | null;
  serverTimeoutMs?: number | null;
  account?: string | null;
  accountSource?: AccountSource;
  identityService?: string | null;
}

const FOUND_DETAIL: Record<Exclude<Evidence, 'login'>, string> = {
  'late-page': 'live session adopted: the page held it when JOC Guard started protecting it',
  held: 'live session adopted again after JOC Guard restarted',
};

/**
 * Records a sighting as decided (decide.ts): an adopt or a restore with its
 * evidence (a login the web request listener saw is `{action:'adopt', how:'login'}`).
 * Returns the session afterwards (null: none).
 */
export async function adopt(core: Core, s: Sighting, decision: Extract<TokenAction, { action: 'adopt' | 'restore-reload' }>): Promise<Session | null> {
  const { env, reg } = core;
  const fp = await env.fingerprint(s.token);
  const now = env.now();
  const how = decision.how;
  // A token JOC Guard already held (it restarted or was updated since) started its session back then.
  const heldSince = how === 'login' ? undefined : (await env.held.all())[fp]?.since;
  const { session, started, tabAdded } = await reg.mutate((r) => {
    const out = applyDecision(r, decision, { ...s, fp, now, tabId: s.tabId ?? -1 });
    const registry = out.started && heldSince !== undefined ? withStartedAt(out.registry, fp, heldSince) : out.registry;
    const tabs = registry.sessions[fp]?.tabs ?? [];
    const added = s.tabId !== undefined && tabs.includes(s.tabId) && !(r.sessions[fp]?.tabs ?? []).includes(s.tabId);
    return { registry, result: { session: registry.sessions[fp] ?? null, started: out.started, tabAdded: added } };
  });
  if (session?.state !== 'live') return session;
  await env.held.keep(fp, s.token, session.origin, session.generation);
  if (started && how !== 'login' && how !== 'sighting') await env.audit({ type: 'token.found', origin: s.origin, fp, detail: FOUND_DETAIL[how] });
  await announce(core, session);
  // The event that named this tab (a login response, a page's message) may be
  // handled after the tab was already closed: its tabs.onRemoved found nothing
  // to drop then, and the session would wait for ever for a tab that is gone.
  if (tabAdded && s.tabId !== undefined && !(await env.tabs.exists(s.tabId))) await tabClosed(core, s.tabId);
  await core.schedule();
  return (await reg.snapshot()).sessions[fp] ?? null;
}

/**
 * A session adopted again after JOC Guard's own restart or update (from a page
 * that continues, or into which it was injected again) keeps the time it was
 * first held: the session cap counts from there, not from the update.
 */
function withStartedAt(r: Registry, fp: string, since: number): Registry {
  const cur = r.sessions[fp];
  if (!cur || since >= cur.startedAt) return r;
  return { ...r, sessions: { ...r.sessions, [fp]: { ...cur, startedAt: since } } };
}

/** session.start, once per session, when its account is known. */
async function announce(core: Core, session: Session): Promise<void> {
  if (session.announced || !session.account) return;
  const first = await core.reg.mutate((r) => {
    const cur = r.sessions[session.fp];
    if (!cur || cur.announced) return { registry: r, result: false };
    return { registry: { ...r, sessions: { ...r.sessions, [session.fp]: { ...cur, announced: true } } }, result: true };
  });
  if (!first) return;
  const timeout = session.serverTimeoutMs === null ? 'none' : `${Math.round(session.serverTimeoutMs / 1000)} s`;
  const source = session.accountSource === 'login' ? 'account from the login' : 'account as stored by the page';
  await core.env.audit({
    type: 'session.start',
    origin: session.origin,
    fp: session.fp,
    account: session.account,
    detail: `${session.identityService ?? 'identity service unknown'}; idle timeout ${timeout}; ${source}`,
  });
}

/** A successful touch: the server restarted its idle clock; the pages hear the new expiry. */
export async function touched(core: Core, token: string): Promise<void> {
  const fp = await core.env.fingerprint(token);
  const now = core.env.now();
  const session = await core.reg.mutate((r) => {
    const next = observeActivity(r, fp, now);
    return { registry: next, result: next.sessions[fp] ?? null };
  });
  if (session?.state !== 'live') return;
  const at = pageDeadline(session, (await core.env.settings()).session);
  await Promise.all(session.tabs.map((tabId) => core.env.tabs.expiresAt(tabId, at)));
  await core.schedule();
}
