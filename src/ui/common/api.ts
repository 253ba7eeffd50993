// Typed requests from the extension pages to the background (ui.* messages);
// every reply is validated on arrival (shared/messaging/ui-replies.ts).
import { ext } from '../../platform/browser.ts';
import { makeSender } from '../../shared/messaging/channel.ts';
import type { AuditFilter, UiRequests } from '../../shared/messaging/ui-requests.ts';
import { uiReplies, type AuditQueryReplyT, type ForwardReplyT, type SaveReplyT, type SettingsReplyT, type UiReplies } from '../../shared/messaging/ui-replies.ts';
import type { PopupState } from '../../shared/popup/state.ts';
import type { DeepPartial, Settings } from '../../shared/settings/effective.ts';

export type { AuditFilter } from '../../shared/messaging/ui-requests.ts';
export type SettingsReply = SettingsReplyT;
export type SaveReply = SaveReplyT;
export type AuditQueryReply = AuditQueryReplyT;
export type ForwardReply = ForwardReplyT;

const send = makeSender<UiRequests, UiReplies>(uiReplies, (m) => ext.runtime.sendMessage(m));

export const api = {
  state: (tabId: number | null): Promise<PopupState> => send('ui.state', { tabId }),
  endSession: (tabId: number): Promise<{ ended: number }> => send('ui.endSession', { tabId }),
  endAll: (): Promise<{ ended: number }> => send('ui.endAll', {}),
  settings: (): Promise<SettingsReply> => send('ui.settings.get', {}),
  save: (edit: DeepPartial<Settings>): Promise<SaveReply> => send('ui.settings.save', { edit }),
  auditQuery: (filter: AuditFilter): Promise<AuditQueryReply> => send('ui.audit.query', { filter }),
  auditExport: (format: 'jsonl' | 'csv') => send('ui.audit.export', { format }),
  forwardTest: (): Promise<ForwardReply> => send('ui.forward.test', {}),
  originsChanged: async (): Promise<void> => {
    await send('ui.origins.changed', {});
  },
};

/**
 * Asks for the host permission of a JOC origin. Must run synchronously inside
 * a click handler (user gesture): no await may come before this call.
 */
export function requestOriginPermission(pattern: string): Promise<boolean> {
  return ext.permissions.request({ origins: [pattern] }).catch(() => false);
}

export async function hasOriginPermission(pattern: string): Promise<boolean> {
  try {
    return await ext.permissions.contains({ origins: [pattern] });
  } catch {
    return false;
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
