// The one place that touches the WebExtension namespace. Both browsers offer
// the promise-based API — Firefox on `browser` (and `chrome`), Chromium MV3 on
// `chrome` (and, since 144, `browser`) — so no polyfill is shipped; every
// other module imports `ext` from here.
type Api = typeof chrome;
const g = globalThis as { browser?: Api; chrome?: Api };

/** The extension API (types: @types/chrome; every call used here returns a promise in both browsers). */
export const ext = (g.browser ?? g.chrome) as Api;
export type Tab = chrome.tabs.Tab;
export type MessageSender = chrome.runtime.MessageSender;

/** True in the Firefox build (build-time constant; never sniff `typeof browser`). */
export const isFirefox: boolean = __FIREFOX__;

/**
 * Answers runtime messages with what `handle` resolves to. The reply goes
 * through sendResponse (the listener returns true), which every version of
 * both browsers honours; a returned promise is honoured only by newer Chromium.
 *
 * runtime.sendMessage reaches every extension page at once (in Chromium also
 * the offscreen document) and the first answer wins, so a listener that is not
 * the background passes `addressedHere` and stays silent (returns false, never
 * replies) for anything else.
 */
export function onMessage(handle: (message: unknown, sender: MessageSender) => Promise<unknown>, addressedHere: (message: unknown) => boolean = () => true): void {
  ext.runtime.onMessage.addListener((message: unknown, sender: MessageSender, reply: (r: unknown) => void) => {
    if (!addressedHere(message)) return false;
    handle(message, sender).then(reply, () => reply({ error: 'failed' }));
    return true;
  });
}
