// The popup's view of the active tab, from the facts the background gathers:
// which origin, whether it is a configured JOC origin with host access, its
// live session (and where the account name comes from), the Remember Me mode
// and whether a policy locks it, the certificate status and the last events.
// Pure; the background only reads the facts (src/background/handlers/popup.ts).
import type { AuditRecord } from '../audit/types.ts';
import { compareAccountToCN } from '../cert/account.ts';
import type { Finding, Level } from '../cert/types.ts';
import { expiresAt } from '../session/deadlines.ts';
import { capEndsAt } from '../session/operator-safety.ts';
import { liveSessions, liveSessionsForTab, type Registry, type Session } from '../session/registry.ts';
import { isConfiguredOrigin, modeForOrigin, type Settings } from '../settings/effective.ts';
import type { ClientCertSummary, PopupState, SessionView } from './state.ts';

export interface CertView {
  label: string;
  cert: {
    subjectCN: string | null;
    issuer: string;
    notAfter: string;
    sha256: string;
    keyAlgorithm: string;
    keySize: number | null;
    curve: string | null;
    ekuClientAuth: boolean;
  };
  status: { daysLeft: number; level: Level; findings: Finding[] };
}

export interface PopupFacts {
  version: string;
  browser: 'firefox' | 'chromium';
  tab: { id: number | null; url: string | null };
  effective: { settings: Settings; locked: string[]; errors: string[]; managed: boolean };
  /** Host access for the tab's origin is granted. */
  granted: boolean;
  registry: Registry | null;
  certs: CertView[];
  tabLevel: Level | null;
  failure: PopupState['certs']['failure'];
  server: PopupState['certs']['server'];
  audit: AuditRecord[];
  /** The End-all command's current key (commands.getAll), '' or null when none is set. */
  shortcut: string | null;
}

export function originOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const o = new URL(url).origin;
    return o === 'null' ? null : o;
  } catch {
    return null;
  }
}

export function sessionView(s: Session, rules: Pick<Settings['session'], 'idleMaxMinutes' | 'maxHours'>): SessionView {
  return {
    origin: s.origin,
    account: s.account,
    accountSource: s.accountSource ?? 'unknown',
    identityService: s.identityService,
    byCertificate: s.identityService === null ? null : s.identityService.toUpperCase().startsWith('CERTIFICATE'),
    startedAt: s.startedAt,
    expiresAt: expiresAt(s, rules.idleMaxMinutes),
    capEndsAt: capEndsAt(s, rules.maxHours),
    tabs: s.tabs.length,
    fp: s.fp,
  };
}

function certSummary(v: CertView): ClientCertSummary {
  const c = v.cert;
  return { label: v.label, cn: c.subjectCN, issuer: c.issuer, notAfter: c.notAfter, daysLeft: v.status.daysLeft, level: v.status.level, findings: v.status.findings, sha256: c.sha256, keyAlgorithm: c.keyAlgorithm, keySize: c.keySize, curve: c.curve, ekuClientAuth: c.ekuClientAuth };
}

/** A policy locks the Remember Me mode of this page when it sets the mode or the origin list. */
const MODE_PATHS = new Set(['rememberMe.mode', 'rememberMe', 'origins']);

export function popupView(f: PopupFacts): PopupState {
  const { settings } = f.effective;
  const origin = originOf(f.tab.url);
  const configured = origin !== null && isConfiguredOrigin(settings, origin);
  const live = f.registry !== null && f.tab.id !== null ? liveSessionsForTab(f.registry, f.tab.id) : [];
  const all = f.registry === null ? [] : liveSessions(f.registry).sort((a, b) => a.origin.localeCompare(b.origin) || a.startedAt - b.startedAt);
  const s = live[0] ?? null;
  const firstCN = f.certs[0]?.cert.subjectCN ?? null;
  const cmp = s?.account && firstCN !== null ? compareAccountToCN(s.account, firstCN) : null;
  return {
    version: f.version,
    browser: f.browser,
    tab: { id: f.tab.id, url: f.tab.url, origin },
    joc: { configured, granted: configured && f.granted, generation: s?.generation ?? null },
    session: s ? sessionView(s, settings.session) : null,
    sessions: all.map((x) => sessionView(x, settings.session)),
    shortcut: f.shortcut === null || f.shortcut === '' ? null : f.shortcut,
    policy: {
      mode: origin ? modeForOrigin(settings, origin) : settings.rememberMe.mode,
      locked: f.effective.locked.some((p) => MODE_PATHS.has(p)),
      managed: f.effective.managed,
      errors: f.effective.errors,
    },
    certs: {
      level: configured ? (f.tabLevel ?? 'none') : 'none',
      client: configured ? f.certs.map(certSummary) : [],
      serverSupported: f.browser === 'firefox',
      server: origin ? f.server : null,
      failure: f.failure,
      accountMismatch: cmp && !cmp.match && s?.account && firstCN !== null ? { account: s.account, cn: firstCN, kind: cmp.kind } : null,
    },
    audit: origin ? f.audit : [],
    configuredOrigins: settings.origins.map((o) => o.origin),
  };
}
