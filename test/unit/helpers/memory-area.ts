// An in-memory KeyValueArea that behaves like browser.storage.local where it
// matters: values are structured-cloned on the way in and out (a caller can
// never mutate stored state through a reference), calls are asynchronous, and
// a set() of several keys is applied all at once.
import type { KeyValueArea } from '../../../src/shared/audit/kv-area.ts';

export interface AreaCall {
  op: 'get' | 'set' | 'remove';
  keys: string[];
}

export class MemoryArea implements KeyValueArea {
  readonly data = new Map<string, unknown>();
  readonly calls: AreaCall[] = [];
  /** Makes the next matching call reject (simulates a storage error or a crash mid-way). */
  failNext: AreaCall['op'] | null = null;

  async get(keys: string[]): Promise<Record<string, unknown>> {
    await yieldTurn();
    this.record('get', keys);
    const out: Record<string, unknown> = {};
    for (const k of keys) if (this.data.has(k)) out[k] = structuredClone(this.data.get(k));
    return out;
  }

  async set(items: Record<string, unknown>): Promise<void> {
    await yieldTurn();
    this.record('set', Object.keys(items));
    const cloned = structuredClone(items);
    for (const [k, v] of Object.entries(cloned)) this.data.set(k, v);
  }

  async remove(keys: string[]): Promise<void> {
    await yieldTurn();
    this.record('remove', keys);
    for (const k of keys) this.data.delete(k);
  }

  /** Test access without going through the async API. */
  put(key: string, value: unknown): void {
    this.data.set(key, structuredClone(value));
  }

  peek(key: string): unknown {
    return structuredClone(this.data.get(key));
  }

  keys(): string[] {
    return [...this.data.keys()].sort();
  }

  /** A second handle on the same data, as a restarted background would get. */
  reopen(): MemoryArea {
    const other = new MemoryArea();
    for (const [k, v] of this.data) other.data.set(k, structuredClone(v));
    return other;
  }

  private record(op: AreaCall['op'], keys: string[]): void {
    this.calls.push({ op, keys });
    if (this.failNext === op) {
      this.failNext = null;
      throw new Error(`simulated ${op} failure`);
    }
  }
}

/** A macrotask-free yield that still lets other pending promise chains run in between. */
async function yieldTurn(): Promise<void> {
  for (let i = 0; i < 3; i++) await Promise.resolve();
}
