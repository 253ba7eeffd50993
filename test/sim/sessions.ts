// Token registry of the simulator. Like JOC Cockpit (SOSInternAuthSession), a session expires at
// lastTouch + timeout, and only login and ./touch move lastTouch. Expiry is checked lazily on every
// lookup, plus a periodic sweep so activeTokens() stays truthful.
import { createHash, randomBytes } from 'node:crypto';

export interface Session {
  token: string;
  account: string;
  roles: readonly string[];
  identityService: string;
  createdAt: number;
  lastTouch: number;
  timeoutMs: number;
}

/** 24 random bytes, URL-safe Base64 (32 chars), reshaped 8-4-4-rest like SOSAuthHelper.createAccessToken. */
export function newAccessToken(): string {
  const s = randomBytes(24).toString('base64url');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16)}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What logs show instead of a token: the first 8 hex chars of its SHA-256. */
export function tokenFp(token: string): string {
  return sha256Hex(token).slice(0, 8);
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), 1000);
    this.sweeper.unref();
  }

  /** Timeout for sessions created from now on (existing sessions keep theirs, as in JOC). */
  setTimeoutMs(ms: number): void {
    this.timeoutMs = ms;
  }

  get currentTimeoutMs(): number {
    return this.timeoutMs;
  }

  create(account: string, roles: readonly string[], identityService: string): Session {
    const t = this.now();
    const s: Session = { token: newAccessToken(), account, roles, identityService, createdAt: t, lastTouch: t, timeoutMs: this.timeoutMs };
    this.sessions.set(s.token, s);
    return s;
  }

  private expired(s: Session, t: number): boolean {
    return s.timeoutMs > 0 && t >= s.lastTouch + s.timeoutMs;
  }

  /** The live session for `token`, or null (an expired one is removed on the way). */
  get(token: string): Session | null {
    const s = this.sessions.get(token);
    if (!s) return null;
    if (this.expired(s, this.now())) {
      this.sessions.delete(token);
      return null;
    }
    return s;
  }

  /** Remaining idle time in ms (timeout - (now - lastTouch)); -1 for a session that never expires. */
  remainingMs(s: Session): number {
    return s.timeoutMs > 0 ? Math.max(0, s.lastTouch + s.timeoutMs - this.now()) : -1;
  }

  touch(token: string): Session | null {
    const s = this.get(token);
    if (s) s.lastTouch = this.now();
    return s;
  }

  remove(token: string): boolean {
    return this.sessions.delete(token);
  }

  isValid(token: string): boolean {
    return this.get(token) !== null;
  }

  /** Valid-token check by SHA-256 hex of the token (for the test-only inspection endpoint). */
  isValidFingerprint(fpHex: string): boolean {
    const want = fpHex.toLowerCase();
    for (const token of [...this.sessions.keys()]) {
      if (sha256Hex(token) === want) return this.isValid(token);
    }
    return false;
  }

  sweep(): void {
    const t = this.now();
    for (const [token, s] of this.sessions) if (this.expired(s, t)) this.sessions.delete(token);
  }

  count(): number {
    this.sweep();
    return this.sessions.size;
  }

  close(): void {
    clearInterval(this.sweeper);
    this.sessions.clear();
  }
}
