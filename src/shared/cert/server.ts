// Evaluates Firefox's webRequest.getSecurityInfo() result for a JOC Cockpit request (Firefox only:
// Chromium exposes no TLS information to extensions). `info` is untrusted input and validated here.
import { normalizeFingerprint } from './bytes.ts';
import { daysUntil, sortFindings, worst } from './level-math.ts';
import type { Finding, Level } from './types.ts';

export interface SecurityInfoLike {
  state: string;
  protocolVersion?: string;
  cipherSuite?: string;
  certificates?: Array<{ subject: string; issuer: string; validity: { start: number; end: number }; fingerprint: { sha256: string; sha1?: string }; serialNumber?: string; isBuiltInRoot?: boolean }>;
  isUntrusted?: boolean;
  isNotValidAtThisTime?: boolean;
  isDomainMismatch?: boolean;
  errorMessage?: string;
  weaknessReasons?: string;
}

export interface ServerStatus {
  level: Level;
  findings: Finding[];
  protocol: string | null;
  cipher: string | null;
  leaf: { subject: string; issuer: string; notAfter: string; sha256: string; daysLeft: number } | null;
  chain: Array<{ subject: string; issuer: string; sha256: string; builtInRoot: boolean }>;
  /** True when the chain ends in a root that is not built into the browser; null when unknown. */
  privateRoot: boolean | null;
}

interface CertLike {
  subject: string;
  issuer: string;
  start: number;
  end: number;
  sha256: string;
  builtInRoot: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const MAX_CERTS = 16;
const OLD_PROTOCOLS = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.0', 'TLSv1.1']);

function readCert(v: unknown): CertLike | null {
  if (!isRecord(v) || !isRecord(v['validity']) || !isRecord(v['fingerprint'])) return null;
  const subject = str(v['subject']);
  const issuer = str(v['issuer']);
  const start = num(v['validity']['start']);
  const end = num(v['validity']['end']);
  const sha256 = normalizeFingerprint(str(v['fingerprint']['sha256']) ?? '');
  if (subject === null || issuer === null || start === null || end === null || sha256 === null) return null;
  return { subject, issuer, start, end, sha256, builtInRoot: v['isBuiltInRoot'] === true };
}

function isoOrNull(ms: number): string | null {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * Findings: server.plain-http, server.insecure-state {state,error?}, server.weak {reasons},
 * server.weak-protocol {protocol}, server.untrusted, server.domain-mismatch, server.expired {date},
 * server.not-yet-valid {date}, server.expires-soon {days,date}, server.pin-changed {old,new},
 * server.private-ca (level ok), server.info-invalid (warning: `info` was not a SecurityInfo).
 */
export function evaluateServerSecurity(info: unknown, opts: { now: number; warnDays: number; pinnedSha256?: string | null; url: string }): ServerStatus {
  const f: Finding[] = [];
  const status = (leaf: ServerStatus['leaf'], chain: ServerStatus['chain'], protocol: string | null, cipher: string | null, privateRoot: boolean | null): ServerStatus => {
    const findings = sortFindings(f);
    return { level: worst(findings.map((x) => x.level)), findings, protocol, cipher, leaf, chain, privateRoot };
  };
  const plainHttp = typeof opts.url === 'string' && /^http:/i.test(opts.url.trim());
  if (plainHttp) f.push({ level: 'error', code: 'server.plain-http' });
  if (!isRecord(info) || str(info['state']) === null) {
    if (!plainHttp) f.push({ level: 'warning', code: 'server.info-invalid' });
    return status(null, [], null, null, null);
  }
  const state = str(info['state']) ?? '';
  const protocol = str(info['protocolVersion']);
  const cipher = str(info['cipherSuite']);
  const errorMessage = str(info['errorMessage']);
  if (state === 'weak') {
    f.push({ level: 'warning', code: 'server.weak', params: { reasons: str(info['weaknessReasons']) ?? 'unknown' } });
  } else if (state !== 'secure' && !(plainHttp && state === 'insecure')) {
    f.push({ level: 'error', code: 'server.insecure-state', params: errorMessage ? { state, error: errorMessage } : { state } });
  }
  if (protocol !== null && OLD_PROTOCOLS.has(protocol)) f.push({ level: 'error', code: 'server.weak-protocol', params: { protocol } });
  if (info['isUntrusted'] === true) f.push({ level: 'error', code: 'server.untrusted' });
  if (info['isDomainMismatch'] === true) f.push({ level: 'error', code: 'server.domain-mismatch' });

  const rawCerts = Array.isArray(info['certificates']) ? (info['certificates'] as unknown[]).slice(0, MAX_CERTS) : [];
  const certs = rawCerts.map(readCert);
  const valid = certs.filter((c): c is CertLike => c !== null);
  if (certs.length !== valid.length) f.push({ level: 'warning', code: 'server.info-invalid' });
  const chain = valid.map((c) => ({ subject: c.subject, issuer: c.issuer, sha256: c.sha256, builtInRoot: c.builtInRoot }));

  let leaf: ServerStatus['leaf'] = null;
  const first = certs[0];
  const notAfter = first ? isoOrNull(first.end) : null;
  if (first && notAfter !== null) {
    const daysLeft = daysUntil(notAfter, opts.now);
    leaf = { subject: first.subject, issuer: first.issuer, notAfter, sha256: first.sha256, daysLeft };
    if (opts.now > first.end) f.push({ level: 'error', code: 'server.expired', params: { date: notAfter.slice(0, 10) } });
    else if (opts.now < first.start) f.push({ level: 'error', code: 'server.not-yet-valid', params: { date: (isoOrNull(first.start) ?? '').slice(0, 10) } });
    else if (daysLeft <= opts.warnDays) f.push({ level: 'warning', code: 'server.expires-soon', params: { days: daysLeft, date: notAfter.slice(0, 10) } });
    const pinned = opts.pinnedSha256 ? normalizeFingerprint(opts.pinnedSha256) : null;
    if (opts.pinnedSha256 && pinned !== first.sha256) f.push({ level: 'error', code: 'server.pin-changed', params: { old: pinned ?? opts.pinnedSha256, new: first.sha256 } });
  }
  if (info['isNotValidAtThisTime'] === true && !f.some((x) => x.code === 'server.expired' || x.code === 'server.not-yet-valid')) {
    f.push({ level: 'error', code: 'server.expired', params: { date: notAfter?.slice(0, 10) ?? 'unknown' } });
  }

  // The last certificate is the root when Firefox returned the chain (certificateChain: true).
  const root = valid.length > 0 ? valid[valid.length - 1] : undefined;
  let privateRoot: boolean | null = null;
  if (root && (valid.length > 1 || root.subject === root.issuer)) privateRoot = !root.builtInRoot;
  if (privateRoot === true) f.push({ level: 'ok', code: 'server.private-ca', params: { root: root?.subject ?? '' } });
  return status(leaf, chain, protocol, cipher, privateRoot);
}
