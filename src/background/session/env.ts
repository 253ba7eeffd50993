// What the session controller needs from the browser, as one interface: the
// background passes the real thing (browser-env.ts), unit tests a fake
// (test/unit/session/fake-env.ts). Nothing in src/background/session/ touches
// the extension APIs except browser-env.ts.
import type { AuditInput, SessionEndReason } from '../../shared/audit/types.ts';
import type { Generation } from '../../shared/joc/cockpit.ts';
import type { HeldMap } from '../../shared/session/held-tokens.ts';
import type { Pending } from '../../shared/session/logout-retry.ts';
import type { Registry } from '../../shared/session/registry.ts';
import type { Area } from '../../shared/session/sweep.ts';
import type { Settings } from '../../shared/settings/schema.ts';

export interface Cleared {
  areas: Area[];
  cookies: number;
}

export interface SessionEnv {
  now(): number;
  version: string;
  fingerprint(token: string): Promise<string>;
  settings(): Promise<Settings>;
  /** Never throws (an audit failure must not stop a session end). */
  audit(events: AuditInput | AuditInput[]): Promise<void>;
  registry: {
    /** `fresh`: nothing stored in this browser run yet (new run, or extension reloaded/updated). */
    load(): Promise<{ registry: Registry; repaired: boolean; fresh: boolean }>;
    save(r: Registry): Promise<void>;
    /** When this browser/extension run started (the registry was found empty). */
    freshAt(): Promise<number | undefined>;
    setFreshAt(at: number): Promise<void>;
  };
  held: {
    all(): Promise<HeldMap>;
    keep(fp: string, token: string, origin: string, generation: Generation | null): Promise<void>;
    /** The session's end has begun, for this reason (held-tokens.ts `endedReason`). */
    markEnded(fp: string, reason: SessionEndReason): Promise<void>;
    setPending(fp: string, pending: Pending): Promise<void>;
    release(fp: string): Promise<void>;
  };
  tabs: {
    exists(tabId: number): Promise<boolean>;
    openIds(): Promise<Set<number>>;
    /** Open tabs whose page is on `origin`. */
    ofOrigin(origin: string): Promise<number[]>;
    /** Clears the session keys in the tab (only while it still holds `token`, when given). */
    clear(tabId: number, reason: SessionEndReason, token?: string): Promise<Cleared>;
    /** Tells the tab when its session expires now (idle expiry or cap, whichever is first). */
    expiresAt(tabId: number, at: number | null): Promise<void>;
    /** Shows, in the tab's page, that the session cap ends its session at `endsAt`. */
    capNotice(tabId: number, endsAt: number): Promise<void>;
  };
  timers: {
    /** A wake-up at `when` that survives a sleeping background (an alarm). */
    alarmAt(name: string, when: number): Promise<void>;
    periodic(name: string, minutes: number): Promise<void>;
    clear(name: string): Promise<void>;
    exists(name: string): Promise<boolean>;
    /** A precise in-memory timer while the background runs; replaces the previous one of that name. */
    soon(name: string, when: number, fn: () => void): void;
  };
  /** The GUI's own logout call with the token: ok, already-invalid, http-<n>, timeout, network-error. */
  logout(origin: string, token: string, generation: Generation | null): Promise<string>;
}

/** Alarm names (the background's alarm listener routes them). */
export const ALARM = { deadline: 'deadline', resume: 'resume', watch: 'watch' } as const;
