// The options page's typed requests to the background; every reply is
// validated on arrival (shared/messaging/ui-replies.ts).
import { ext } from '../../platform/browser.ts';
import { makeSender } from '../../shared/messaging/channel.ts';
import type { AuditFilter, UiRequests } from '../../shared/messaging/ui-requests.ts';
import { optionsReplies, type AuditQueryReplyT, type ForwardReplyT, type OptionsReplies, type SaveReplyT, type SettingsReplyT } from '../../shared/messaging/ui-replies.ts';
import type { DeepPartial, Settings } from '../../shared/settings/effective.ts';

export type { AuditFilter } from '../../shared/messaging/ui-requests.ts';
export type SettingsReply = SettingsReplyT;
export type SaveReply = SaveReplyT;
export type AuditQueryReply = AuditQueryReplyT;
export type ForwardReply = ForwardReplyT;

const send = makeSender<Pick<UiRequests, keyof OptionsReplies>, OptionsReplies>(optionsReplies, (m) => ext.runtime.sendMessage(m));

export const api = {
  settings: (): Promise<SettingsReply> => send('ui.settings.get', {}),
  save: (edit: DeepPartial<Settings>): Promise<SaveReply> => send('ui.settings.save', { edit }),
  auditQuery: (filter: AuditFilter): Promise<AuditQueryReply> => send('ui.audit.query', { filter }),
  auditExport: (format: 'jsonl' | 'csv') => send('ui.audit.export', { format }),
  forwardTest: (): Promise<ForwardReply> => send('ui.forward.test', {}),
  originsChanged: async (): Promise<void> => {
    await send('ui.origins.changed', {});
  },
};
