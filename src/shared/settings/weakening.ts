// Which user changes weaken protection, under a managed policy (issue 15.4).
// A user may still change every field the policy leaves unlocked; when the
// administrator manages any security field, such a change is not refused but
// recorded as one `policy.weakened` audit record (forwarded like every record),
// so the administrator sees it. Pure; names fields and origins, never values.
import type { AuditInput } from '../audit/types.ts';
import { hostPermissionPattern } from './origin.ts';
import type { RememberMeMode, Settings } from './schema.ts';

/**
 * The security fields. "Any security field is managed" means: the managed
 * policy in force sets (and so locks) at least one of these paths. Not here:
 * `version`, `certificates.client` (registered certificates are shown, not
 * enforced) and `audit.forward.batchSize`.
 */
export const SECURITY_PATHS = [
  'origins',
  'rememberMe.mode',
  'rememberMe.expireAfterHours',
  'session.idleMaxMinutes',
  'session.logoutOnLastTabClose',
  'session.closeGraceSeconds',
  'session.endOnLock',
  'session.systemIdleMinutes',
  'session.maxHours',
  'certificates.caPem',
  'certificates.warnDays',
  'certificates.minRsaBits',
  'certificates.pinServerCert',
  'audit.maxRecords',
  'audit.forward.enabled',
  'audit.forward.url',
  'audit.forward.authHeader',
] as const;

export function securityManaged(locked: readonly string[]): boolean {
  return SECURITY_PATHS.some((p) => locked.includes(p));
}

export type Change = 'removed' | 'loosened' | 'raised' | 'lowered' | 'off' | 'added' | 'changed' | 'revoked';
export interface Weakening {
  /** A settings path, `origins[].rememberMe` for a per-origin override, or `host-access`. */
  path: string;
  change: Change;
  origin?: string;
}

const STRENGTH: Record<RememberMeMode, number> = { allow: 0, expire: 1, forbid: 2 };

function modeFor(s: Settings, origin: string): RememberMeMode {
  const o = s.origins.find((x) => x.origin === origin)?.rememberMe ?? 'default';
  return o === 'default' ? s.rememberMe.mode : o;
}

/** 0 means "no limit of ours" (the server's idle timeout, system idle off, no cap): the longest. */
const limit = (m: number): number => (m === 0 ? Infinity : m);

/**
 * The weakenings between the settings in force before a user's save and
 * after it. Empty unless a security field is managed. Locked fields cannot
 * differ (applyUserEdit refuses), so every change found here is the user's.
 */
export function weakenings(before: { settings: Settings; locked: readonly string[] }, after: Settings): Weakening[] {
  if (!securityManaged(before.locked)) return [];
  const b = before.settings;
  const out: Weakening[] = [];
  const kept = new Set(after.origins.map((o) => o.origin));
  for (const o of b.origins) if (!kept.has(o.origin)) out.push({ path: 'origins', change: 'removed', origin: o.origin });
  if (STRENGTH[after.rememberMe.mode] < STRENGTH[b.rememberMe.mode]) out.push({ path: 'rememberMe.mode', change: 'loosened' });
  for (const o of after.origins) {
    const prev = b.origins.find((x) => x.origin === o.origin);
    if (prev !== undefined && prev.rememberMe !== o.rememberMe && STRENGTH[modeFor(after, o.origin)] < STRENGTH[modeFor(b, o.origin)]) {
      out.push({ path: 'origins[].rememberMe', change: 'loosened', origin: o.origin });
    }
  }
  const usesExpire = after.rememberMe.mode === 'expire' || after.origins.some((o) => modeFor(after, o.origin) === 'expire');
  if (usesExpire && after.rememberMe.expireAfterHours > b.rememberMe.expireAfterHours) out.push({ path: 'rememberMe.expireAfterHours', change: 'raised' });
  out.push(...sessionWeakenings(b.session, after.session));
  if (after.certificates.caPem.some((p) => !b.certificates.caPem.includes(p))) out.push({ path: 'certificates.caPem', change: 'added' });
  if (after.certificates.warnDays < b.certificates.warnDays) out.push({ path: 'certificates.warnDays', change: 'lowered' });
  if (after.certificates.minRsaBits < b.certificates.minRsaBits) out.push({ path: 'certificates.minRsaBits', change: 'lowered' });
  if (b.certificates.pinServerCert && !after.certificates.pinServerCert) out.push({ path: 'certificates.pinServerCert', change: 'off' });
  if (after.audit.maxRecords < b.audit.maxRecords) out.push({ path: 'audit.maxRecords', change: 'lowered' });
  out.push(...forwardingWeakenings(b.audit.forward, after.audit.forward));
  return out;
}

type SessionRules = Settings['session'];

function sessionWeakenings(b: SessionRules, a: SessionRules): Weakening[] {
  const out: Weakening[] = [];
  const raised = (path: string, before: number, after: number): void => {
    if (limit(after) > limit(before)) out.push({ path, change: 'raised' });
  };
  const off = (path: string, before: boolean, after: boolean): void => {
    if (before && !after) out.push({ path, change: 'off' });
  };
  raised('session.idleMaxMinutes', b.idleMaxMinutes, a.idleMaxMinutes);
  off('session.logoutOnLastTabClose', b.logoutOnLastTabClose, a.logoutOnLastTabClose);
  if (a.closeGraceSeconds > b.closeGraceSeconds) out.push({ path: 'session.closeGraceSeconds', change: 'raised' });
  off('session.endOnLock', b.endOnLock, a.endOnLock);
  raised('session.systemIdleMinutes', b.systemIdleMinutes, a.systemIdleMinutes);
  raised('session.maxHours', b.maxHours, a.maxHours);
  return out;
}

type Forward = Settings['audit']['forward'];

/** Records stop reaching the collector they reached before (values never named). */
function forwardingWeakenings(b: Forward, a: Forward): Weakening[] {
  if (!b.enabled) return [];
  const out: Weakening[] = [];
  if (!a.enabled) out.push({ path: 'audit.forward.enabled', change: 'off' });
  if (a.url !== b.url) out.push({ path: 'audit.forward.url', change: 'changed' });
  if (a.authHeader !== b.authHeader) out.push({ path: 'audit.forward.authHeader', change: 'changed' });
  return out;
}

/**
 * Configured origins that lose host access when the browser removes these
 * host permissions (permissions.onRemoved). Always a weakening when a
 * security field is managed: no policy can lock a host permission.
 */
export function revokedAccess(eff: { settings: Settings; locked: readonly string[] }, removed: readonly string[]): Weakening[] {
  if (!securityManaged(eff.locked)) return [];
  return eff.settings.origins
    .filter((o) => removed.some((p) => patternCovers(p, o.origin)))
    .map((o) => ({ path: 'host-access', change: 'revoked' as const, origin: o.origin }));
}

/** Whether a removed match pattern (scheme://host/path, or <all_urls>) covers an origin's host. */
export function patternCovers(pattern: string, origin: string): boolean {
  if (pattern === '<all_urls>') return true;
  const own = hostPermissionPattern(origin);
  if (own === null) return false;
  if (pattern === own) return true;
  const m = /^(\*|https?):\/\/(\*|\*\.[^/*]+|[^/*]+)\//.exec(pattern);
  const o = /^(https?):\/\/([^/]+)\//.exec(own);
  if (m === null || o === null) return false;
  const [, scheme, host] = m;
  const [, oScheme, oHost] = o;
  if (scheme !== '*' && scheme !== oScheme) return false;
  if (host === '*') return true;
  if (host?.startsWith('*.')) return oHost === host.slice(2) || (oHost?.endsWith(host.slice(1)) ?? false);
  return host === oHost;
}

/** The one audit record for a set of weakenings, or null when there is none. */
export function weakenedRecord(ws: readonly Weakening[], reason: 'user' | 'host-access'): AuditInput | null {
  if (ws.length === 0) return null;
  const origins = [...new Set(ws.flatMap((w) => (w.origin === undefined ? [] : [w.origin])))];
  const detail = ws.map((w) => [w.path, w.origin, w.change].filter((x) => x !== undefined).join(' ')).join('; ');
  return { type: 'policy.weakened', origin: origins.length === 1 ? (origins[0] ?? '') : '', reason, detail: detail.length > 200 ? `${detail.slice(0, 199)}…` : detail };
}

/** The fields named, for the options page's confirmation. */
export function weakenedPaths(ws: readonly Weakening[]): string[] {
  return [...new Set(ws.map((w) => w.path))];
}
