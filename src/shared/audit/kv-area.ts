// The storage the audit store and the forwarder run on: the shape of
// browser.storage.local, injected so both run in Node under vitest.
export interface KeyValueArea {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}
