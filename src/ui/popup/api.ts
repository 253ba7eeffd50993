// The popup's typed requests to the background; every reply is validated on
// arrival against the popup's own schemas (shared/messaging/popup-replies.ts).
import { ext } from '../../platform/browser.ts';
import { makeSender } from '../../shared/messaging/channel.ts';
import { popupReplies, type PopupReplies } from '../../shared/messaging/popup-replies.ts';
import type { UiRequests } from '../../shared/messaging/ui-requests.ts';
import type { PopupState } from '../../shared/popup/state.ts';

const send = makeSender<Pick<UiRequests, keyof PopupReplies>, PopupReplies>(popupReplies, (m) => ext.runtime.sendMessage(m));

export const api = {
  state: (tabId: number | null): Promise<PopupState> => send('ui.state', { tabId }),
  endSession: (tabId: number): Promise<{ ended: number }> => send('ui.endSession', { tabId }),
  endAll: (): Promise<{ ended: number }> => send('ui.endAll', {}),
  originsChanged: async (): Promise<void> => {
    await send('ui.origins.changed', {});
  },
};
