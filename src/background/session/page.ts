// Tokens that JOC pages report: at document_start (or when JOC Guard was
// injected into a running page) and when one appears later. The decisions are
// decide.ts's; this file gathers the facts and carries them out. Work a page
// can cause (audit records, server calls) is rate-limited per tab and origin.
import type { Generation } from '../../shared/joc/cockpit.ts';
import { decideAppearedToken, decideStartToken, needsServerLogout, pageVerdict, type PageVerdict, type TokenAction, type TokenFacts } from '../../shared/session/decide.ts';
import { ORIGIN_LIMITS, PAGE_LIMITS, take } from '../../shared/session/rate-limit.ts';
import { recordDead, type Session } from '../../shared/session/registry.ts';
import type { Area } from '../../shared/session/sweep.ts';
import type { Core } from './core.ts';
import { invalidate } from './logout.ts';
import { adopt, type Sighting } from './observe.ts';

export interface PageFields {
  origin: string;
  tabId: number;
  generation: Generation | null;
  timeoutMs: number | null;
  account: string | null;
  identityService: string | null;
}

export interface StartReport extends PageFields {
  late: boolean;
  continuing: boolean;
  live: { area: Area; value: string }[];
  quarantined: { area: Area; value: string }[];
}

export interface StartOutcome {
  verdict: PageVerdict;
  restoreAreas: Area[];
  /** The live session this page holds afterwards, if any. */
  session: Session | null;
}

const sighting = (p: PageFields, token: string): Sighting => ({
  token,
  origin: p.origin,
  tabId: p.tabId,
  generation: p.generation,
  serverTimeoutMs: p.timeoutMs,
  account: p.account,
  accountSource: 'page',
  identityService: p.identityService,
});

export async function pageStart(core: Core, p: StartReport): Promise<StartOutcome> {
  const held = await core.env.held.all();
  const reported = [...p.live.map((t) => ({ ...t, leftInPlace: true })), ...p.quarantined.map((t) => ({ ...t, leftInPlace: false }))];
  const items = await Promise.all(
    reported.map(async (t) => {
      const fp = await core.env.fingerprint(t.value);
      const facts: TokenFacts = { fp, area: t.area, leftInPlace: t.leftInPlace, held: fp in held };
      return { value: t.value, facts };
    }),
  );
  const registry = await core.reg.snapshot();
  const page = { origin: p.origin, tabId: p.tabId, late: p.late, continuing: p.continuing };
  const decided = items.map((i) => ({ ...i, decision: decideStartToken(registry, page, i.facts) }));
  let session: Session | null = null;
  for (const d of decided) {
    const s = await carryOut(core, p, d.value, d.facts, d.decision);
    if (s?.state === 'live') session = s;
  }
  return { ...pageVerdict(decided), session };
}

/** A token appeared in a running page. The settle lets a login's trailing webRequest event arrive first. */
export async function tokenAppeared(core: Core, p: PageFields & { area: Area; value: string }): Promise<Session | null> {
  const fp = await core.env.fingerprint(p.value);
  const facts: TokenFacts = { fp, area: p.area, leftInPlace: true, held: false };
  let decision = decideAppearedToken(await core.reg.snapshot(), p.origin, fp);
  if (decision.action === 'clear-unknown') {
    await core.settle();
    decision = decideAppearedToken(await core.reg.snapshot(), p.origin, fp);
  }
  const s = await carryOut(core, p, p.value, facts, decision);
  return s?.state === 'live' ? s : null;
}

/**
 * Whether a page may cause one more unit of work (audit records, a server
 * call) now; after refusals, the first allowed one also records how many were
 * refused.
 */
export async function pageWork(core: Core, tabId: number, origin: string): Promise<boolean> {
  const limit = take(core.buckets.value, [{ key: `tab:${tabId}`, limits: PAGE_LIMITS }, { key: `origin:${origin}`, limits: ORIGIN_LIMITS }], core.env.now());
  core.buckets.value = limit.buckets;
  if (limit.allowed && limit.suppressedBefore > 0) {
    await core.env.audit({ type: 'page.rate-limited', origin, detail: `${limit.suppressedBefore} events of a page were not recorded (more than ${PAGE_LIMITS.perMinute} a minute)` });
  }
  return limit.allowed;
}

async function carryOut(core: Core, p: PageFields, token: string, t: TokenFacts, d: TokenAction): Promise<Session | null> {
  switch (d.action) {
    case 'adopt':
    case 'restore-reload':
      return adopt(core, sighting(p, token), d);
    case 'withhold':
      return null;
    case 'clear-ended':
      await deadToken(core, p, token, t, d.session);
      return null;
    case 'clear-unknown':
      await deadToken(core, p, token, t, undefined);
      return null;
  }
}

/**
 * A token that must not live (unknown, or of an ended session) found in a page:
 * recorded dead, audited, logged out on the server unless JOC Guard already did.
 * Rate-limited: beyond the limit the page is still cleared, nothing else happens.
 */
async function deadToken(core: Core, p: PageFields, token: string, t: TokenFacts, ended: Session | undefined): Promise<void> {
  const { env } = core;
  if (!(await pageWork(core, p.tabId, p.origin))) return;
  const now = env.now();
  const reason = ended?.endReason ?? 'stale-at-start';
  if (!ended) await core.reg.mutate((r) => ({ registry: recordDead(r, { fp: t.fp, origin: p.origin, now, generation: p.generation }, 'stale-at-start'), result: null }));
  const events = [
    { type: 'token.found' as const, origin: p.origin, fp: t.fp, storage: t.area, detail: ended ? 'token of an ended session found in a page' : t.leftInPlace ? 'in a page, without a login JOC Guard saw' : 'at document_start, no live session' },
    { type: 'token.cleared' as const, origin: p.origin, fp: t.fp, storage: t.area, reason },
  ];
  if (!needsServerLogout(ended)) return env.audit(events);
  await env.held.keep(t.fp, token, p.origin, p.generation);
  const out = await invalidate(core, { fp: t.fp, origin: p.origin, generation: p.generation ?? ended?.generation ?? null }, token, reason, p.timeoutMs);
  await env.audit([...events, ...out.events]);
  if (out.release) await env.held.release(t.fp);
}
