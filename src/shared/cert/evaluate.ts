// Policy evaluation of a client certificate. Pure and synchronous (verifyChain is re-exported).
import { daysUntil, sortFindings, worst } from './level-math.ts';
import type { CertFacts, ChainResult, Finding, Level } from './types.ts';

export { verifyChain } from './chain.ts';
export { daysUntil, sortFindings, worst } from './level-math.ts';
export type { ChainResult, Finding, Level } from './types.ts';

export interface CertStatus {
  level: Level;
  /** Worst first. */
  findings: Finding[];
  /** Whole days until notAfter (floor); negative once expired. */
  daysLeft: number;
}

/** Below this, browsers and Java refuse the key whatever the policy says. */
const RSA_HARD_MIN = 1024;

const day = (iso: string): string => iso.slice(0, 10);

function chainFinding(chain: ChainResult): Finding {
  if (chain.ok) return { level: 'ok', code: 'cert.chain-ok' };
  if (chain.reason === 'no-ca-configured') return { level: 'ok', code: 'cert.chain-unchecked' };
  return { level: 'error', code: 'cert.chain-untrusted', params: { reason: chain.reason ?? 'unknown' } };
}

/**
 * Findings (codes = i18n keys):
 * - error:   cert.expired {date}, cert.not-yet-valid {date}, cert.no-cn, cert.rsa-weak {bits,min} (< 1024),
 *            cert.chain-untrusted {reason}, cert.no-client-auth-eku
 * - warning: cert.expires-soon {days,date}, cert.rsa-weak {bits,min}, cert.is-ca,
 *            cert.key-algorithm {alg}
 * - ok:      cert.self-signed, cert.chain-ok, cert.chain-unchecked (no CA configured)
 */
export function evaluateClientCert(cert: CertFacts, opts: { now: number; warnDays: number; minRsaBits: number; chain?: ChainResult }): CertStatus {
  const f: Finding[] = [];
  const { now } = opts;
  const daysLeft = daysUntil(cert.notAfter, now);
  if (now > Date.parse(cert.notAfter)) {
    f.push({ level: 'error', code: 'cert.expired', params: { date: day(cert.notAfter) } });
  } else if (now < Date.parse(cert.notBefore)) {
    f.push({ level: 'error', code: 'cert.not-yet-valid', params: { date: day(cert.notBefore) } });
  }
  if (now <= Date.parse(cert.notAfter) && daysLeft <= opts.warnDays) {
    f.push({ level: 'warning', code: 'cert.expires-soon', params: { days: daysLeft, date: day(cert.notAfter) } });
  }
  if (cert.subjectCN === null) f.push({ level: 'error', code: 'cert.no-cn' });
  if (cert.keyAlgorithm === 'RSA' && cert.keySize !== null && cert.keySize < opts.minRsaBits) {
    const level: Level = cert.keySize < RSA_HARD_MIN ? 'error' : 'warning';
    f.push({ level, code: 'cert.rsa-weak', params: { bits: cert.keySize, min: opts.minRsaBits } });
  }
  if (cert.keyAlgorithm !== 'RSA' && cert.keyAlgorithm !== 'EC') {
    f.push({ level: 'warning', code: 'cert.key-algorithm', params: { alg: cert.keyAlgorithm } });
  }
  // Java's TLS stack (JOC Cockpit runs on Jetty) refuses a client certificate at the handshake when
  // it has an EKU extension without clientAuth or anyExtendedKeyUsage; without EKU it accepts it.
  if (cert.ekuPresent && !cert.ekuClientAuth) f.push({ level: 'error', code: 'cert.no-client-auth-eku' });
  // `openssl req -x509` marks self-signed certificates as CA by default: not worth a warning there.
  if (cert.isCA && !cert.selfSigned) f.push({ level: 'warning', code: 'cert.is-ca' });
  if (cert.selfSigned) f.push({ level: 'ok', code: 'cert.self-signed' });
  if (opts.chain) f.push(chainFinding(opts.chain));
  const findings = sortFindings(f);
  return { level: worst(findings.map((x) => x.level)), findings, daysLeft };
}
