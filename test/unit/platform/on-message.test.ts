// runtime.sendMessage reaches every extension page at once (in Chromium the
// offscreen document too), and the first listener to answer wins. A listener
// must answer only what is addressed to it and stay silent otherwise.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

type Listener = (message: unknown, sender: unknown, reply: (r: unknown) => void) => boolean | undefined;
const listeners: Listener[] = [];

beforeAll(() => {
  vi.stubGlobal('__FIREFOX__', false);
  vi.stubGlobal('chrome', { runtime: { onMessage: { addListener: (l: Listener) => listeners.push(l) } } });
});
afterAll(() => vi.unstubAllGlobals());

async function deliver(message: unknown): Promise<{ kept: boolean | undefined; replies: unknown[] }> {
  const replies: unknown[] = [];
  const kept = listeners.at(-1)?.(message, {}, (r) => replies.push(r));
  await new Promise((r) => setTimeout(r, 0));
  return { kept, replies };
}

describe('onMessage', () => {
  it('answers what is addressed to it, through sendResponse', async () => {
    const { onMessage } = await import('../../../src/platform/browser.ts');
    onMessage(() => Promise.resolve({ ok: true }), (m) => (m as { type?: unknown }).type === 'off.summary');
    expect(await deliver({ type: 'off.summary', der: '' })).toEqual({ kept: true, replies: [{ ok: true }] });
  });

  it.each([
    ['a popup request', { type: 'ui.popup.state', tabId: 1 }],
    ['a content request', { type: 'cs.token' }],
    ['no type', {}],
    ['not an object', 'off.summary'],
    ['null', null],
  ])('stays silent for %s, so the background can answer it', async (_name, message) => {
    const { onMessage } = await import('../../../src/platform/browser.ts');
    const handle = vi.fn(() => Promise.resolve({ error: 'refused' }));
    onMessage(handle, (m) => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'off.summary');
    const got = await deliver(message);
    expect(got.replies).toEqual([]);
    expect(got.kept).toBe(false);
    expect(handle).not.toHaveBeenCalled();
  });

  it('a failing handler still answers (with an error, no detail)', async () => {
    const { onMessage } = await import('../../../src/platform/browser.ts');
    onMessage(() => Promise.reject(new Error('secret detail')));
    expect(await deliver({ type: 'x' })).toEqual({ kept: true, replies: [{ error: 'failed' }] });
  });
});
