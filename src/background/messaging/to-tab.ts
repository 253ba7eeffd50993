// Typed requests from the background to JOC Guard's content script in a tab
// (top frame). Replies are validated on arrival; a tab without our script, or
// one that is gone, answers nothing (undefined).
import { ext } from '../../platform/browser.ts';
import { makeSender, type Payload, type Reply } from '../../shared/messaging/channel.ts';
import type { TabRequests } from '../../shared/messaging/tab-requests.ts';
import { tabReplies, type TabReplies } from '../../shared/messaging/tab-replies.ts';

export async function toTab<K extends keyof TabRequests>(tabId: number, type: K, payload: Payload<TabRequests, K>): Promise<Reply<TabReplies, K> | undefined> {
  const send = makeSender<TabRequests, TabReplies>(tabReplies, (m) => ext.tabs.sendMessage(tabId, m, { frameId: 0 }));
  try {
    return await send(type, payload);
  } catch {
    return undefined; // tab gone, no content script, or a reply off-schema
  }
}
