// One queue for every read-modify-write of the session registry (events arrive
// concurrently: two tabs closing at once), a cache for this background's life,
// and the first load of a browser run, which marks the previous run's held
// tokens dead before any page can report them.
import { markPreviousRun } from '../../shared/session/held-tokens.ts';
import type { Registry } from '../../shared/session/registry.ts';
import { SerialQueue } from '../../shared/serial-queue.ts';
import type { SessionEnv } from './env.ts';

type Transaction<T> = (r: Registry) => Promise<{ registry: Registry; result: T }> | { registry: Registry; result: T };

export class RegistryAccess {
  private readonly queue = new SerialQueue();
  private cache: Registry | null = null;

  constructor(private readonly env: SessionEnv) {}

  private async current(): Promise<Registry> {
    if (this.cache) return this.cache;
    const loaded = await this.env.registry.load();
    let registry = loaded.registry;
    if (loaded.repaired) await this.env.audit({ type: 'storage.recovered', origin: '', detail: 'session registry was unreadable and was reset' });
    if (loaded.fresh) {
      // First load in this browser run: tokens still held from the previous run
      // are dead now (resume logs them out and audits).
      const now = this.env.now();
      registry = markPreviousRun(registry, await this.env.held.all(), this.env.version, now).registry;
      await this.env.registry.setFreshAt(now);
      await this.env.registry.save(registry);
    }
    this.cache = registry;
    return registry;
  }

  /** Runs one transaction and answers once it is stored; side effects belong after it, outside the queue. */
  async mutate<T>(fn: Transaction<T>): Promise<T> {
    const { result, saved } = await this.change(fn);
    await saved;
    return result;
  }

  /**
   * Like mutate, but answers as soon as the new registry is in effect here,
   * with `saved` settling once it is stored: work that need not wait for the
   * store (a logout call) starts at once. Later transactions still wait for
   * the save. A caller must await `saved` before it lets go of anything the
   * stored state would still need after a restart (a held token).
   */
  change<T>(fn: Transaction<T>): Promise<{ result: T; saved: Promise<void> }> {
    return new Promise((resolve, reject) => {
      this.queue
        .run(async () => {
          const before = await this.current();
          const { registry, result } = await fn(before);
          if (registry === before) return resolve({ result, saved: Promise.resolve() });
          this.cache = registry;
          const saved = this.env.registry.save(registry);
          resolve({ result, saved });
          await saved.catch(() => undefined); // the caller hears of a failed save through `saved`
        })
        .catch(reject);
    });
  }

  snapshot(): Promise<Registry> {
    return this.queue.run(() => this.current());
  }
}
