// Login rules of the simulator, modelled on JS7's SOSServicePermissionIam + SOSAuthHelper.checkCertificate
// (reference §5): the certificate CN fills an empty account, a given account must equal the CN exactly,
// and the certificate must be trusted (socket.authorized) and within its validity period.
import type { PeerCertificate, TLSSocket } from 'node:tls';

export interface Account {
  account: string;
  /** If set, the password is required (with a valid client cert this is "two factor"). If unset the
   * account is certificate-only (identity service type CERTIFICATE): a valid cert with CN = account. */
  password?: string;
  roles?: string[];
}

export const DEFAULT_ACCOUNTS: readonly Account[] = [
  { account: 'apmacwin', password: 'secret', roles: ['administrator'] },
  { account: 'ecuser', password: 'secret', roles: ['application_manager'] },
  { account: 'selfuser', password: 'secret', roles: ['application_manager'] },
  { account: 'APMacWin', password: 'secret', roles: ['business_user'] },
  { account: 'expireduser', password: 'secret', roles: ['business_user'] },
  { account: 'futureuser', password: 'secret', roles: ['business_user'] },
  { account: 'soonuser', password: 'secret', roles: ['business_user'] },
  { account: 'root', password: 'root', roles: ['all'] },
];

export type ClientAuthMode = 'need' | 'want' | 'none';

/** What the TLS layer tells about the client certificate of a connection. */
export interface PeerCertState {
  /** A certificate was presented at all. */
  present: boolean;
  /** CN of the presented certificate (even if unusable), for logs. */
  cn: string | null;
  /** Non-null when the certificate may be used for login. */
  usableCn: string | null;
  /** Why a presented certificate is not usable. */
  problem: string | null;
}

const CLIENT_AUTH_OID = '1.3.6.1.5.5.7.3.2';

function firstCn(c: PeerCertificate): string | null {
  const cn: unknown = c.subject?.CN;
  if (typeof cn === 'string') return cn;
  if (Array.isArray(cn) && typeof cn[0] === 'string') return cn[0];
  return null;
}

export function peerCertState(socket: TLSSocket, now = Date.now()): PeerCertState {
  let c: PeerCertificate;
  try {
    c = socket.getPeerCertificate();
  } catch {
    return { present: false, cn: null, usableCn: null, problem: null };
  }
  if (!c || Object.keys(c).length === 0) return { present: false, cn: null, usableCn: null, problem: null };
  const cn = firstCn(c);
  const bad = (problem: string): PeerCertState => ({ present: true, cn, usableCn: null, problem });
  if (!socket.authorized) return bad(String(socket.authorizationError ?? 'not authorized'));
  const from = Date.parse(c.valid_from);
  const to = Date.parse(c.valid_to);
  if (!(from <= now)) return bad('certificate not yet valid');
  if (!(now < to)) return bad('certificate expired');
  if (Array.isArray(c.ext_key_usage) && !c.ext_key_usage.includes(CLIENT_AUTH_OID)) return bad('no clientAuth EKU');
  if (!cn) return bad('certificate has no CN');
  return { present: true, cn, usableCn: cn, problem: null };
}

export type BasicCredentials =
  | { kind: 'missing' }
  | { kind: 'malformed'; why: string }
  | { kind: 'ok'; account: string; password: string };

/** Parses `Authorization: Basic base64(utf8(account:password))`. A missing header, a bare "Basic"
 * and other schemes count as missing. */
export function parseBasic(value: string | undefined): BasicCredentials {
  const v = (value ?? '').trim();
  const m = /^basic(?:\s+(.*))?$/i.exec(v);
  if (!m) return { kind: 'missing' };
  const b64 = (m[1] ?? '').trim();
  if (b64 === '') return { kind: 'missing' };
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) return { kind: 'malformed', why: 'invalid base64' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(b64, 'base64'));
  } catch {
    return { kind: 'malformed', why: 'credentials are not UTF-8' };
  }
  const i = text.indexOf(':');
  if (i < 0) return { kind: 'malformed', why: 'missing colon between account and password' };
  return { kind: 'ok', account: text.slice(0, i), password: text.slice(i + 1) };
}

export const IDENTITY_SERVICE_PASSWORD = 'JOC:sim';
export const IDENTITY_SERVICE_CERT = 'CERTIFICATE:sim-cert';

export type LoginDecision =
  | { ok: true; account: Account; identityService: string; viaCertificate: boolean }
  | { ok: false; status: 401 | 420; why: string };

export function decideLogin(
  authorization: string | undefined,
  cert: PeerCertState,
  accounts: readonly Account[],
  mode: ClientAuthMode,
): LoginDecision {
  const deny = (why: string): LoginDecision => ({ ok: false, status: 401, why });
  const creds = parseBasic(authorization);
  if (creds.kind === 'malformed') return { ok: false, status: 420, why: creds.why };
  const cn = cert.usableCn;
  let account: string;
  let password: string;
  if (creds.kind === 'missing') {
    // JS7 builds `Basic base64("<CN>:")` when the header is missing; without a cert there is nothing.
    if (cn === null) return deny('no credentials');
    account = cn;
    password = '';
  } else {
    ({ account, password } = creds);
  }
  if (cn !== null) {
    if (account === '') account = cn;
    else if (account !== cn) return deny('Account does not match clientCertCN');
  }
  if (account === '') return deny('empty account');
  const acct = accounts.find((a) => a.account === account);
  if (!acct) return deny('unknown account');
  if (mode === 'need' && cn === null) return deny('client certificate required');
  if (acct.password !== undefined) {
    if (password !== acct.password) return deny(password === '' ? 'password required' : 'wrong password');
    return { ok: true, account: acct, identityService: IDENTITY_SERVICE_PASSWORD, viaCertificate: false };
  }
  if (cn === null) return deny('There is no account with a valid certificate');
  return { ok: true, account: acct, identityService: IDENTITY_SERVICE_CERT, viaCertificate: true };
}
