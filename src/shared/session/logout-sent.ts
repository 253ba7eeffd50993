// The GUI's own logout call, seen as it leaves: a tab closed while that call is
// in flight (or just after it) ended its session by the logout, not by the
// close, and the audit says so. Kept in memory by fingerprint, briefly: the
// browser may cut the call when the tab goes, so no answer may ever be heard.
import type { SessionEndReason } from '../audit/types.ts';

/** How long after the call left a close still counts as part of the logout. */
export const LOGOUT_SENT_TTL_MS = 10_000;
/** At most this many remembered calls (a page may send logout calls with any token). */
export const LOGOUT_SENT_MAX = 32;

/** Fingerprint → when the GUI's logout call with that token left. */
export type LogoutsSent = Readonly<Record<string, number>>;

const recent = (at: number, now: number): boolean => now - at < LOGOUT_SENT_TTL_MS;

/** Remembers a logout call; forgets calls older than the TTL and the oldest beyond the cap. */
export function noteLogoutSent(sent: LogoutsSent, fp: string, now: number): LogoutsSent {
  const kept = Object.entries(sent)
    .filter(([k, at]) => k !== fp && recent(at, now))
    .sort((a, b) => a[1] - b[1])
    .slice(-(LOGOUT_SENT_MAX - 1));
  return Object.fromEntries([...kept, [fp, now]]);
}

/** Whether the GUI sent a logout call with this session's token a moment ago. */
export function logoutSentFor(sent: LogoutsSent, fp: string, now: number): boolean {
  const at = Object.hasOwn(sent, fp) ? sent[fp] : undefined;
  return at !== undefined && recent(at, now);
}

/** Detail of a session end that was the GUI's logout although its tab closed first. */
export const LOGOUT_CLOSED_DETAIL = 'logout call by the GUI; its tab closed before the answer';

/**
 * The reason a session end is audited with, decided when the record is written.
 * A tab close may be handled before the webRequest event of the GUI's logout call
 * that caused it (as Firefox did in CI under load): a close whose
 * logout call is reported before the end is audited was that logout. Any other
 * end keeps its reason. The end itself (pages cleared, token invalidated) never
 * waits for this.
 */
export function auditedEnd(reason: SessionEndReason, detail: string | undefined, sent: LogoutsSent, fp: string, now: number): { reason: SessionEndReason; detail: string | undefined } {
  if (reason === 'tab-closed' && logoutSentFor(sent, fp, now)) return { reason: 'logout', detail: LOGOUT_CLOSED_DETAIL };
  return { reason, detail };
}
