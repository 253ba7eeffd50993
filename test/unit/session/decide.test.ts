// The decision table of shared/session/decide.ts, row by row, and the
// property that no sequence of events adopts a token without evidence or
// reloads a tab twice for one token.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDecision, decideAppearedToken, decideStartToken, needsServerLogout, pageVerdict, type PageFacts, type TokenAction, type TokenFacts } from '../../../src/shared/session/decide.ts';
import * as s from '../../../src/shared/session/registry.ts';

const O = 'https://joc.example:4443';
const OTHER = 'https://joc.example:5443';
const FP = 'aaaaaaaaaaaa';
const TAB = 7;

const live = (origin = O): s.Registry => s.observeToken(s.emptyRegistry(), { fp: FP, origin, tabId: 1, now: 0 }, 'login').registry;
const ended = (reason: 'logout' | 'tab-closed' = 'tab-closed'): s.Registry => s.endSession(live(), FP, reason, 5).registry;
const unknown = s.emptyRegistry();
const reloaded = (r: s.Registry): s.Registry => s.noteReload(r, TAB, FP);

const page = (p: Partial<PageFacts> = {}): PageFacts => ({ origin: O, tabId: TAB, late: false, continuing: false, ...p });
const tok = (t: Partial<TokenFacts> = {}): TokenFacts => ({ fp: FP, area: 'sessionStorage', leftInPlace: false, held: false, ...t });
const kind = (d: TokenAction): string => (d.action === 'adopt' || d.action === 'restore-reload' ? `${d.action}:${d.how}` : d.action);

describe('decideStartToken: the table', () => {
  const rows: [string, s.Registry, Partial<PageFacts>, Partial<TokenFacts>, string][] = [
    ['left in place, live here', live(), { continuing: true }, { leftInPlace: true }, 'adopt:sighting'],
    ['left in place, live here, late page', live(), { late: true }, { leftInPlace: true }, 'adopt:sighting'],
    ['left in place, ended', ended(), { continuing: true }, { leftInPlace: true }, 'clear-ended'],
    ['left in place, ended, late page', ended(), { late: true }, { leftInPlace: true }, 'clear-ended'],
    ['left in place, unknown, late page, sessionStorage', unknown, { late: true }, { leftInPlace: true }, 'adopt:late-page'],
    ['left in place, unknown, late page, localStorage', unknown, { late: true }, { leftInPlace: true, area: 'localStorage' }, 'clear-unknown'],
    ['left in place, unknown, continuing, held', unknown, { continuing: true }, { leftInPlace: true, held: true }, 'adopt:held'],
    ['left in place, unknown, continuing, not held', unknown, { continuing: true }, { leftInPlace: true }, 'clear-unknown'],
    ['left in place, live on another origin', live(OTHER), { continuing: true }, { leftInPlace: true }, 'clear-unknown'],
    ['left in place, live on another origin, late', live(OTHER), { late: true }, { leftInPlace: true }, 'clear-unknown'],
    ['quarantined, live here, first time', live(), {}, {}, 'restore-reload:sighting'],
    ['quarantined, live here, reloaded before', reloaded(live()), {}, {}, 'withhold'],
    ['quarantined, unknown, held', unknown, {}, { held: true }, 'restore-reload:held'],
    ['quarantined, unknown, held, reloaded before', reloaded(unknown), {}, { held: true }, 'clear-unknown'],
    ['quarantined, ended', ended(), {}, {}, 'clear-ended'],
    ['quarantined, ended, held', ended(), {}, { held: true }, 'clear-ended'],
    ['quarantined, unknown', unknown, {}, {}, 'clear-unknown'],
    ['quarantined, localStorage, live here', live(), { continuing: true }, { area: 'localStorage' }, 'restore-reload:sighting'],
    ['quarantined, live on another origin', live(OTHER), {}, {}, 'clear-unknown'],
  ];
  it.each(rows)('%s', (_name, reg, p, t, want) => {
    expect(kind(decideStartToken(reg, page(p), tok(t)))).toBe(want);
  });
});

describe('decideAppearedToken: a token that appears in a running page', () => {
  it.each([
    ['live here', live(), O, 'adopt:sighting'],
    ['live on another origin', live(OTHER), O, 'clear-unknown'],
    ['ended', ended(), O, 'clear-ended'],
    ['unknown (no login seen)', unknown, O, 'clear-unknown'],
  ] as const)('%s', (_n, reg, origin, want) => {
    expect(kind(decideAppearedToken(reg, origin, FP))).toBe(want);
  });
});

describe('pageVerdict', () => {
  const item = (leftInPlace: boolean, decision: TokenAction, area: 'localStorage' | 'sessionStorage' = 'sessionStorage') => ({ facts: tok({ leftInPlace, area }), decision });
  it('restore wins and names only the restored storages', () => {
    expect(pageVerdict([item(false, { action: 'restore-reload', how: 'sighting' }), item(false, { action: 'clear-unknown' }, 'localStorage')])).toEqual({ verdict: 'restore', restoreAreas: ['sessionStorage'] });
  });
  it('clear only when a token left in place must go', () => {
    expect(pageVerdict([item(true, { action: 'clear-unknown' })]).verdict).toBe('clear');
    expect(pageVerdict([item(true, { action: 'clear-ended', session: ended().sessions[FP]! })]).verdict).toBe('clear');
    expect(pageVerdict([item(false, { action: 'clear-unknown' })]).verdict).toBe('none');
    expect(pageVerdict([item(false, { action: 'withhold' })]).verdict).toBe('none');
    expect(pageVerdict([item(true, { action: 'adopt', how: 'sighting' })]).verdict).toBe('none');
    expect(pageVerdict([])).toEqual({ verdict: 'none', restoreAreas: [] });
  });
});

describe('applyDecision and needsServerLogout', () => {
  const obs = { fp: FP, origin: O, now: 10, tabId: TAB };
  it('adopting adds the tab; restoring also notes the one reload; an unknown token is recorded dead', () => {
    expect(applyDecision(live(), { action: 'adopt', how: 'sighting' }, obs).registry.sessions[FP]?.tabs).toEqual([1, TAB]);
    const r = applyDecision(live(), { action: 'restore-reload', how: 'sighting' }, obs).registry;
    expect(s.reloadedBefore(r, TAB, FP)).toBe(true);
    expect(applyDecision(unknown, { action: 'clear-unknown' }, obs).registry.sessions[FP]?.state).toBe('ended');
    expect(applyDecision(live(), { action: 'withhold' }, obs).registry).toEqual(live());
  });
  it('logs out again only what JOC Guard did not invalidate itself', () => {
    expect(needsServerLogout(undefined)).toBe(true);
    expect(needsServerLogout(live().sessions[FP])).toBe(true);
    expect(needsServerLogout(ended('logout').sessions[FP])).toBe(true);
    expect(needsServerLogout(ended('tab-closed').sessions[FP])).toBe(false);
    expect(needsServerLogout(s.recordDead(unknown, { fp: FP, origin: O, now: 1 }, 'stale-at-start').sessions[FP])).toBe(false);
  });
});

// ---- properties over sequences of events --------------------------------------------------
type Ev =
  | { k: 'login'; fp: number; tab: number }
  | { k: 'start'; fp: number; tab: number; late: boolean; continuing: boolean; leftInPlace: boolean; area: 'localStorage' | 'sessionStorage'; held: boolean }
  | { k: 'appear'; fp: number; tab: number }
  | { k: 'close'; tab: number }
  | { k: 'end'; fp: number };

const fpOf = (n: number): string => `f${String(n).padStart(11, '0')}`;
const ev: fc.Arbitrary<Ev> = fc.oneof(
  fc.record({ k: fc.constant('login' as const), fp: fc.nat(4), tab: fc.nat(3) }),
  fc.record({ k: fc.constant('start' as const), fp: fc.nat(4), tab: fc.nat(3), late: fc.boolean(), continuing: fc.boolean(), leftInPlace: fc.boolean(), area: fc.constantFrom('localStorage' as const, 'sessionStorage' as const), held: fc.boolean() }),
  fc.record({ k: fc.constant('appear' as const), fp: fc.nat(4), tab: fc.nat(3) }),
  fc.record({ k: fc.constant('close' as const), tab: fc.nat(3) }),
  fc.record({ k: fc.constant('end' as const), fp: fc.nat(4) }),
);

describe('properties', () => {
  it('no session without evidence: a login seen, a late page, or a token held from before', () => {
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 40 }), (events) => {
        let reg = s.emptyRegistry();
        const logins = new Set<string>();
        const lateSeen = new Set<string>();
        const held = new Set<string>();
        let now = 0;
        for (const e of events) {
          now += 1;
          if (e.k === 'login') {
            logins.add(fpOf(e.fp));
            reg = s.observeToken(reg, { fp: fpOf(e.fp), origin: O, tabId: e.tab, now }, 'login').registry;
          } else if (e.k === 'start') {
            // The page is late only if it really held the token when the guard started (left in place).
            const late = e.late && e.leftInPlace;
            if (late && e.area === 'sessionStorage') lateSeen.add(fpOf(e.fp));
            if (e.held) held.add(fpOf(e.fp));
            const d = decideStartToken(reg, { origin: O, tabId: e.tab, late, continuing: e.continuing }, { fp: fpOf(e.fp), area: e.area, leftInPlace: e.leftInPlace, held: e.held });
            reg = applyDecision(reg, d, { fp: fpOf(e.fp), origin: O, now, tabId: e.tab }).registry;
          } else if (e.k === 'appear') {
            const d = decideAppearedToken(reg, O, fpOf(e.fp));
            reg = applyDecision(reg, d, { fp: fpOf(e.fp), origin: O, now, tabId: e.tab }).registry;
          } else if (e.k === 'close') {
            reg = s.dropTab(reg, e.tab, now, { closed: true }).registry;
          } else {
            reg = s.endSession(reg, fpOf(e.fp), 'logout', now).registry;
          }
          for (const sess of s.liveSessions(reg)) {
            const evidenced = logins.has(sess.fp) || lateSeen.has(sess.fp) || held.has(sess.fp);
            expect(evidenced).toBe(true);
            expect(sess.evidence === 'login' ? logins.has(sess.fp) : sess.evidence === 'late-page' ? lateSeen.has(sess.fp) : held.has(sess.fp)).toBe(true);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a tab is told to reload at most once per token, however often it starts', () => {
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 40 }), (events) => {
        let reg = s.emptyRegistry();
        const reloads = new Map<string, number>();
        let now = 0;
        for (const e of events) {
          now += 1;
          if (e.k === 'login') reg = s.observeToken(reg, { fp: fpOf(e.fp), origin: O, tabId: e.tab, now }, 'login').registry;
          else if (e.k === 'end') reg = s.endSession(reg, fpOf(e.fp), 'logout', now).registry;
          else if (e.k === 'start') {
            const d = decideStartToken(reg, { origin: O, tabId: e.tab, late: e.late, continuing: e.continuing }, { fp: fpOf(e.fp), area: e.area, leftInPlace: e.leftInPlace, held: e.held });
            if (d.action === 'restore-reload') {
              const key = `${e.tab}/${e.fp}`;
              reloads.set(key, (reloads.get(key) ?? 0) + 1);
              expect(reloads.get(key)).toBe(1);
            }
            reg = applyDecision(reg, d, { fp: fpOf(e.fp), origin: O, now, tabId: e.tab }).registry;
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
