// Message entry point. The sender is checked first (shared/messaging/sender.ts),
// then the message is narrowed from `unknown` by the request schema its name
// picks and handed to the typed handler of that name. Content-script messages
// other than cs.start must come from a configured JOC origin; test hooks exist
// in E2E builds only.
import { ext, onMessage, type MessageSender } from '../../platform/browser.ts';
import { dispatch, type Handlers } from '../../shared/messaging/channel.ts';
import { contentRequests, e2eRequests, type ContentRequests } from '../../shared/messaging/content-requests.ts';
import type { ContentReplies } from '../../shared/messaging/content-replies.ts';
import { classifySender } from '../../shared/messaging/sender.ts';
import { uiRequests, type UiRequests } from '../../shared/messaging/ui-requests.ts';
import type { UiReplies } from '../../shared/messaging/ui-replies.ts';
import { isConfiguredOrigin } from '../../shared/settings/effective.ts';
import { getEffective } from '../settings-store.ts';

export interface ContentCtx {
  tabId: number;
  origin: string;
}

export interface RouterHandlers {
  content: Handlers<ContentRequests, ContentReplies, ContentCtx>;
  ui: Handlers<UiRequests, UiReplies, undefined>;
  /** E2E builds only. */
  e2e?: (msg: { action: string; payload?: unknown }, ctx: ContentCtx) => Promise<unknown>;
}

async function route(h: RouterHandlers, raw: unknown, sender: MessageSender): Promise<unknown> {
  const who = classifySender(sender, ext.runtime.id, ext.runtime.getURL(''));
  if (who.kind === 'refused') return { error: who.error };
  if (who.kind === 'page') return dispatch(uiRequests, h.ui, raw, undefined);
  const ctx: ContentCtx = { tabId: who.tabId, origin: who.origin };
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (type === 'cs.e2e') {
    const e2e = h.e2e;
    if (!__E2E__ || !e2e) return { error: 'unknown message' };
    return dispatch(e2eRequests(), { 'cs.e2e': (msg, c: ContentCtx) => e2e(msg, c) }, raw, ctx);
  }
  // cs.start is answered for unconfigured origins too (joc:false) so the script stands aside.
  if (type !== 'cs.start' && !isConfiguredOrigin((await getEffective()).settings, who.origin)) return { error: 'not a JOC origin' };
  return dispatch(contentRequests, h.content, raw, ctx);
}

export function registerRouter(h: RouterHandlers): void {
  onMessage((raw, sender) => route(h, raw, sender).catch((err: unknown) => ({ error: err instanceof Error ? err.message.slice(0, 200) : 'failed' })));
}
