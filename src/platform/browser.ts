// The one place that touches the WebExtension namespace. Everything else
// imports `ext` from here, so the polyfill and browser quirks stay in one file.
import browser from 'webextension-polyfill';

export const ext = browser;
export type Tab = browser.Tabs.Tab;
export type MessageSender = browser.Runtime.MessageSender;

/** True in the Firefox build (build-time constant; never sniff `typeof browser`). */
export const isFirefox: boolean = __FIREFOX__;

/** "Extension context invalidated": the extension was reloaded under this page. */
export function isContextGone(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : String(err);
  return /context invalidated|Receiving end does not exist|message manager disconnected/i.test(msg);
}
