// The content script's whole use of the extension API: send a typed request to
// the background, hear typed requests from it, read a locale string. Both
// browsers offer these promise-based on `browser` (Firefox, newer Chromium) or
// `chrome` (Chromium MV3), so the content script carries no polyfill.
import { dispatch, makeSender, type Handlers } from '../shared/messaging/channel.ts';
import { contentReplies, type ContentReplies } from '../shared/messaging/content-replies.ts';
import { contextGone } from '../shared/messaging/unreachable.ts';
import type { ContentRequests } from '../shared/messaging/content-requests.ts';
import type { TabReplies } from '../shared/messaging/tab-replies.ts';
import { tabRequests, type TabRequests } from '../shared/messaging/tab-requests.ts';

type Api = typeof chrome;
const g = globalThis as { browser?: Api; chrome?: Api };
// A content script always has one of the two.
const api = (g.browser ?? g.chrome) as Api;

/** False once the extension was reloaded, updated or disabled under this page. */
export function extensionAlive(): boolean {
  try {
    return api.runtime.id !== undefined;
  } catch {
    return false;
  }
}

/** Whether a failed message means this script's extension is gone for good (shared/messaging/unreachable.ts), not just its background away for a moment. */
export function isContextGone(err: unknown): boolean {
  return contextGone(err, extensionAlive());
}

export const toBackground = makeSender<ContentRequests, ContentReplies>(contentReplies, (m) => api.runtime.sendMessage(m));

export type BackgroundHandlers = Handlers<TabRequests, TabReplies, undefined>;

/** Hears bg.* requests from our own background only (not from another tab's script), until `signal` aborts. */
export function listen(handlers: BackgroundHandlers, signal: AbortSignal): void {
  const listener = (raw: unknown, sender: chrome.runtime.MessageSender, reply: (r: unknown) => void): boolean | undefined => {
    if (signal.aborted || sender.id !== api.runtime.id || sender.tab) return undefined;
    dispatch(tabRequests, handlers, raw, undefined).then(reply, () => reply({ error: 'failed' }));
    return true; // the reply comes asynchronously
  };
  api.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => api.runtime.onMessage.removeListener(listener), { once: true });
}

export function t(key: string, subs?: string | string[]): string {
  try {
    return api.i18n.getMessage(key, subs) || key;
  } catch {
    return key;
  }
}
