// An in-memory browser for the session controller (src/background/session):
// tabs with storages, a JOC server with a token registry that can be down,
// alarms and timers driven by hand, the audit trail as a list.
import type { AuditInput } from '../../../src/shared/audit/types.ts';
import type { Cleared, SessionEnv } from '../../../src/background/session/env.ts';
import type { HeldMap } from '../../../src/shared/session/held-tokens.ts';
import { emptyRegistry, type Registry } from '../../../src/shared/session/registry.ts';
import { defaultSettings } from '../../../src/shared/settings/defaults.ts';
import type { Settings } from '../../../src/shared/settings/schema.ts';

export const O = 'https://joc.example:4443';

export class FakeEnv implements SessionEnv {
  t = 1_000_000;
  version = '1.0.0';
  settingsValue: Settings = (() => {
    const s = defaultSettings();
    s.origins = [{ origin: O, label: '', generation: 'auto', rememberMe: 'default' }];
    return s;
  })();
  audits: AuditInput[] = [];
  stored: { registry: Registry | undefined; freshAt: number | undefined } = { registry: undefined, freshAt: undefined };
  heldMap: HeldMap = {};
  /** Open tabs: the token each page holds (null: none). */
  pages = new Map<number, { origin: string; token: string | null }>();
  /** Tokens valid on the server. */
  valid = new Set<string>();
  serverDown = false;
  logoutCalls: string[] = [];
  /** Cap notices shown: tab and the end time it names. */
  capNotices: { tabId: number; endsAt: number }[] = [];
  alarms = new Map<string, number>();
  scheduled = new Map<string, { when: number; fn: () => void }>();

  now = (): number => this.t;
  fingerprint = (token: string): Promise<string> => Promise.resolve(Buffer.from(token).toString('hex').padEnd(12, '0').slice(0, 12));
  settings = (): Promise<Settings> => Promise.resolve(this.settingsValue);
  audit = (events: AuditInput | AuditInput[]): Promise<void> => {
    this.audits.push(...(Array.isArray(events) ? events : [events]));
    return Promise.resolve();
  };
  /** While set, registry saves wait for it (a browser slow to store, or a background killed before the save lands). */
  saveGate: Promise<void> | null = null;
  registry = {
    load: () => Promise.resolve({ registry: this.stored.registry ?? emptyRegistry(), repaired: false, fresh: this.stored.registry === undefined }),
    save: async (r: Registry) => {
      const copy = JSON.parse(JSON.stringify(r)) as Registry;
      if (this.saveGate) await this.saveGate;
      this.stored.registry = copy;
    },
    freshAt: () => Promise.resolve(this.stored.freshAt),
    setFreshAt: (at: number) => {
      this.stored.freshAt = at;
      return Promise.resolve();
    },
  };
  held = {
    all: () => Promise.resolve(structuredClone(this.heldMap)),
    keep: (fp: string, token: string, origin: string, generation: 'js7' | '1.x' | null) => {
      const prev = this.heldMap[fp];
      this.heldMap[fp] = { ...prev, token, origin, generation: generation ?? prev?.generation ?? null, version: this.version, since: prev?.since ?? this.t };
      return Promise.resolve();
    },
    markEnded: (fp: string, reason: NonNullable<HeldMap[string]['endedReason']>) => {
      const prev = this.heldMap[fp];
      if (prev) this.heldMap[fp] = { ...prev, endedReason: reason };
      return Promise.resolve();
    },
    setPending: (fp: string, pending: NonNullable<HeldMap[string]['pending']>) => {
      const prev = this.heldMap[fp];
      if (prev) this.heldMap[fp] = { ...prev, pending };
      return Promise.resolve();
    },
    release: (fp: string) => {
      delete this.heldMap[fp];
      return Promise.resolve();
    },
  };
  tabs = {
    exists: (id: number) => Promise.resolve(this.pages.has(id)),
    openIds: () => Promise.resolve(new Set(this.pages.keys())),
    ofOrigin: (origin: string) => Promise.resolve([...this.pages].filter(([, p]) => p.origin === origin).map(([id]) => id)),
    clear: (tabId: number, _reason: string, token?: string): Promise<Cleared> => {
      const p = this.pages.get(tabId);
      if (!p || p.token === null || (token !== undefined && p.token !== token)) return Promise.resolve({ areas: [], cookies: 0 });
      p.token = null;
      return Promise.resolve({ areas: ['sessionStorage'], cookies: 0 });
    },
    expiresAt: () => Promise.resolve(),
    capNotice: (tabId: number, endsAt: number) => {
      if (this.pages.has(tabId)) this.capNotices.push({ tabId, endsAt });
      return Promise.resolve();
    },
  };
  timers = {
    alarmAt: (name: string, when: number) => {
      const cur = this.alarms.get(name);
      if (cur === undefined || cur <= this.t || when < cur) this.alarms.set(name, when);
      return Promise.resolve();
    },
    periodic: (name: string) => {
      this.alarms.set(name, Infinity);
      return Promise.resolve();
    },
    clear: (name: string) => {
      this.alarms.delete(name);
      return Promise.resolve();
    },
    exists: (name: string) => Promise.resolve(this.alarms.has(name)),
    soon: (name: string, when: number, fn: () => void) => {
      this.scheduled.set(name, { when, fn });
    },
  };
  logout = (_origin: string, token: string): Promise<string> => {
    this.logoutCalls.push(token);
    if (this.serverDown) return Promise.resolve('network-error');
    const was = this.valid.delete(token);
    return Promise.resolve(was ? 'ok' : 'already-invalid');
  };

  types(): string[] {
    return this.audits.map((a) => a.type);
  }
}
