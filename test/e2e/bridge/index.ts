// E2E builds only: lets a test page drive JOC Guard's test hooks.
//   document.dispatchEvent(new CustomEvent('jocguard-e2e', { detail: { action, payload } }))
// The answer lands in <html data-jocguard-e2e="…JSON…"> with a sequence number.
// Action 'content-storage' is answered here, by the content script itself: all it
// can read of storage.local, .session and .managed (what a compromised renderer
// of a JOC page could read through JOC Guard's content script).
import { ext } from '../../../src/platform/browser.ts';

let seq = 0;
/** JOC Guard's content script shares this (isolated) world and names itself here while it runs. */
const guard = (): boolean => {
  const g = globalThis as { __jocGuard?: { alive(): boolean } };
  return g.__jocGuard?.alive() === true;
};

document.addEventListener('jocguard-e2e', (ev) => {
  const detail = (ev as CustomEvent<unknown>).detail as { action?: unknown; payload?: unknown; id?: unknown } | null;
  const id = typeof detail?.id === 'number' ? detail.id : ++seq;
  if (detail?.action === 'guarded') {
    document.documentElement.setAttribute('data-jocguard-e2e', JSON.stringify({ id, reply: { guarded: guard() } }));
    return;
  }
  if (detail?.action === 'content-storage') {
    void readableStorage().then((r) => document.documentElement.setAttribute('data-jocguard-e2e', JSON.stringify({ id, reply: r })));
    return;
  }
  void ext.runtime
    .sendMessage({ type: 'cs.e2e', action: detail?.action, ...(detail?.payload !== undefined ? { payload: detail.payload } : {}) })
    .then(
      (r: unknown) => document.documentElement.setAttribute('data-jocguard-e2e', JSON.stringify({ id, reply: r ?? null })),
      (err: unknown) => document.documentElement.setAttribute('data-jocguard-e2e', JSON.stringify({ id, error: String(err) })),
    );
});

async function readableStorage(): Promise<Record<string, { items: Record<string, unknown> } | { error: string }>> {
  const out: Record<string, { items: Record<string, unknown> } | { error: string }> = {};
  for (const name of ['local', 'session', 'managed'] as const) {
    try {
      const area = (ext.storage as unknown as Record<string, { get(k: null): Promise<Record<string, unknown>> } | undefined>)[name];
      if (area === undefined) throw new Error(`storage.${name} is not available here`);
      out[name] = { items: await area.get(null) };
    } catch (err) {
      out[name] = { error: err instanceof Error ? err.message : String(err) };
    }
  }
  return out;
}
