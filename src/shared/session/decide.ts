// Every decision JOC Guard takes about a token a JOC page reports, in one
// place. The adapters gather the facts (what the page had at document_start,
// whether JOC Guard started after the page, what the registry knows) and carry
// out the returned decision (registry update, page verdict, audit, logout).
// The rules, as a table (README "How it works" and SECURITY.md repeat it):
//
// | where the token is       | registry            | page / facts                   | decision      |
// |--------------------------|---------------------|--------------------------------|---------------|
// | left in place            | live, same origin   | –                              | adopt         |
// | left in place            | ended               | –                              | clear-ended   |
// | left in place            | unknown             | late page, sessionStorage      | adopt (late)  |
// | left in place            | unknown             | continuing page, token held    | adopt (held)  |
// | left in place            | unknown, or live on another origin | otherwise       | clear-unknown |
// | quarantined              | live, same origin   | tab not yet reloaded for it    | restore-reload|
// | quarantined              | live, same origin   | tab already reloaded for it    | withhold      |
// | quarantined              | unknown             | token held (extension updated) | restore-reload|
// | quarantined              | ended               | –                              | clear-ended   |
// | quarantined              | unknown, or live on another origin | otherwise       | clear-unknown |
// | appeared in a live page  | live, same origin   | –                              | adopt         |
// | appeared in a live page  | ended               | –                              | clear-ended   |
// | appeared in a live page  | unknown (after the login event had time to arrive) | | clear-unknown |
//
// "left in place": the page continues a guarded page of its tab, or JOC Guard
// was injected into an already running page (late). A token becomes a session
// only with evidence (registry.ts Evidence). Pure.
import type { Area } from './sweep.ts';
import { noteReload, observeToken, recordDead, reloadedBefore, type Evidence, type Observation, type Registry, type Session } from './registry.ts';

export type TokenAction =
  | { action: 'adopt'; how: Evidence | 'sighting' }
  | { action: 'restore-reload'; how: 'held' | 'sighting' }
  | { action: 'withhold' }
  | { action: 'clear-ended'; session: Session }
  | { action: 'clear-unknown' };

export interface TokenFacts {
  fp: string;
  area: Area;
  /** Left in the page at document_start (continuing or late), or taken out (quarantined). */
  leftInPlace: boolean;
  /** JOC Guard holds this token from before its own restart or update. */
  held: boolean;
}

export interface PageFacts {
  origin: string;
  tabId: number;
  late: boolean;
  continuing: boolean;
}

/** The table above for one token reported at document_start (or on injection). */
export function decideStartToken(reg: Registry, page: PageFacts, t: TokenFacts): TokenAction {
  const s = reg.sessions[t.fp];
  if (s?.state === 'ended') return { action: 'clear-ended', session: s };
  const liveHere = s?.state === 'live' && s.origin === page.origin;
  if (t.leftInPlace) {
    if (liveHere) return { action: 'adopt', how: 'sighting' };
    if (s) return { action: 'clear-unknown' };
    if (page.late && t.area === 'sessionStorage') return { action: 'adopt', how: 'late-page' };
    if (page.continuing && t.held) return { action: 'adopt', how: 'held' };
    return { action: 'clear-unknown' };
  }
  if (liveHere) return reloadedBefore(reg, page.tabId, t.fp) ? { action: 'withhold' } : { action: 'restore-reload', how: 'sighting' };
  if (!s && t.held && !reloadedBefore(reg, page.tabId, t.fp)) return { action: 'restore-reload', how: 'held' };
  return { action: 'clear-unknown' };
}

/** A token that appeared in (or changed in) a page while JOC Guard was running there. */
export function decideAppearedToken(reg: Registry, origin: string, fp: string): TokenAction {
  const s = reg.sessions[fp];
  if (s?.state === 'ended') return { action: 'clear-ended', session: s };
  if (s?.state === 'live' && s.origin === origin) return { action: 'adopt', how: 'sighting' };
  return { action: 'clear-unknown' };
}

export type PageVerdict = 'restore' | 'clear' | 'none';

/** What the page is told: restore (and reload once) wins; otherwise clear when a token left in place must go. */
export function pageVerdict(decisions: readonly { facts: TokenFacts; decision: TokenAction }[]): { verdict: PageVerdict; restoreAreas: Area[] } {
  const restoreAreas = decisions.filter((d) => d.decision.action === 'restore-reload').map((d) => d.facts.area);
  if (restoreAreas.length > 0) return { verdict: 'restore', restoreAreas };
  const clear = decisions.some((d) => d.facts.leftInPlace && (d.decision.action === 'clear-ended' || d.decision.action === 'clear-unknown'));
  return { verdict: clear ? 'clear' : 'none', restoreAreas: [] };
}

/**
 * The registry after a decision: adopted and restored tokens join the tab
 * (a restore also notes the one reload), unknown ones are recorded dead so a
 * second sighting is cleared at once. `obs` carries the page's fields.
 */
export function applyDecision(reg: Registry, d: TokenAction, obs: Observation & { tabId: number }): { registry: Registry; started: boolean } {
  switch (d.action) {
    case 'adopt':
      return observeToken(reg, obs, d.how);
    case 'restore-reload': {
      const r = observeToken(reg, obs, d.how);
      return { registry: noteReload(r.registry, obs.tabId, obs.fp), started: r.started };
    }
    case 'clear-unknown':
      return { registry: recordDead(reg, obs, 'stale-at-start'), started: false };
    case 'withhold':
    case 'clear-ended':
      return { registry: reg, started: false };
  }
}

/** Whether a dead token still needs the server logout: not when JOC Guard already invalidated it. */
export function needsServerLogout(s: Session | undefined): boolean {
  if (!s || s.state !== 'ended') return true;
  return s.endReason === 'server-expired' || s.endReason === 'logout' || s.endReason === null;
}
