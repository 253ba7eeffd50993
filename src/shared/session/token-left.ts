// The token a running JOC page holds has left its storage: is that the end of
// the session, or did another page of the origin take it away? Pure; the
// token watch (content/features/token-watch.ts) carries out the answer.
//
// Only JobScheduler 1.x before 1.11 (Remember Me ticked) keeps a live token in
// localStorage, which every page of the origin shares. Every other JOC page
// opened or restored on the origin takes such a token out of localStorage at
// its document_start (sweep.ts), before its scripts run, and gets it back in
// its own sessionStorage when the session is live (decide.ts, restore-reload).
// The pages that held it in localStorage must not read that as a logout.
//
// The GUI ends a session by emptying the keys, not removing them: its logout
// and expiry write '' into both storages (1.x clearStorage(); JS7 keeps the
// keys with empty values), and JOC Guard sees the logout call and the 440 on
// the wire anyway. JOC Guard's own clearing removes keys, but it clears every
// tab of the session (bg.clear, and each tab's own expiry timer), so a copy
// this rule kept a moment earlier goes with it. Any other removed key is
// another page's sweep, or a script; either way the token is kept only where
// it is safer.
//
// | token was held in | localStorage key now | this tab's sessionStorage | verdict     |
// |-------------------|----------------------|---------------------------|-------------|
// | localStorage      | removed (null)       | no token                  | keep-in-tab |
// | localStorage      | removed (null)       | a token                   | ended       |
// | localStorage      | emptied ('', 'null') | –                         | ended       |
// | localStorage      | another token        | –                         | ended       |
// | sessionStorage    | –                    | –                         | ended       |
// | unknown           | –                    | –                         | ended       |
//
// "keep-in-tab" (true): the page writes the session keys it last saw in localStorage
// into its own sessionStorage and keeps watching the same token (so the tab
// keeps its session, and the token no longer outlives the browser).
// "ended" (false): the watch reports the token gone, as before.
import { isTokenValue } from '../joc/cockpit.ts';
import type { Area } from './sweep.ts';

/**
 * Whether the tab keeps the token that left (true), or its session ended (false).
 * A boolean, not a name: this runs in the content script, which has a size budget.
 * @param heldIn where the page's token was at the previous check (null: not known yet)
 * @param localNow raw value of the token key in localStorage now (null: no such key)
 * @param sessionNow raw value of the token key in this tab's sessionStorage now
 */
export function keepsInTab(heldIn: Area | null, localNow: string | null, sessionNow: string | null): boolean {
  return heldIn === 'localStorage' && localNow === null && !isTokenValue(sessionNow);
}
