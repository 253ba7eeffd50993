// What every part of the session controller shares: the browser (env), the
// registry, and the two deadline hooks (deadlines.ts), passed in by
// createSessions (index.ts) so that no part reaches for another's module state.
import type { LogoutsSent } from '../../shared/session/logout-sent.ts';
import type { Buckets } from '../../shared/session/rate-limit.ts';
import type { SessionEnv } from './env.ts';
import type { RegistryAccess } from './registry-access.ts';

export interface Core {
  env: SessionEnv;
  reg: RegistryAccess;
  /** Sessions this background is ending right now: resume must not end them twice. */
  finishing: Set<string>;
  /** Sessions whose tabs show the notice that the session cap is near (memory: a restarted background shows it again). */
  capWarned: Set<string>;
  /** Rate-limit buckets of page-caused work (rate-limit.ts), in memory. */
  buckets: { value: Buckets };
  /** The GUI's logout calls of the last seconds, by fingerprint (logout-sent.ts), in memory. */
  logoutsSent: { value: LogoutsSent };
  /** Logout calls still being noted (their fingerprint is computed): a tab close waits for them. */
  notingLogouts: Set<Promise<void>>;
  /** Lets a webRequest event that trails what the controller is handling arrive first (index.ts SETTLE_MS). */
  settle(): Promise<void>;
  /** Re-arms the deadline timers after a change. */
  schedule(): Promise<void>;
  /** Ends what is due now (expiry, closed tabs), then re-arms. */
  runDue(): Promise<void>;
  /** Finishes what was left undone and retries pending logouts (resume.ts). */
  resume(): Promise<void>;
}
