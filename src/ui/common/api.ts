// Typed requests from the extension pages to the background (ui.* messages).
import { ext } from '../../platform/browser.ts';
import type { UiMessage } from '../../shared/messages.ts';
import type { PopupState } from '../../shared/popup/state.ts';
import type { DeepPartial, Settings } from '../../shared/settings/effective.ts';
import {
  asAuditQueryReply,
  asEndReply,
  asExportReply,
  asForwardReply,
  asPopupState,
  asSaveReply,
  asSettingsReply,
  unwrap,
  type AuditQueryReply,
  type ForwardReply,
  type SaveReply,
  type SettingsReply,
} from './replies.ts';

async function send(msg: UiMessage): Promise<unknown> {
  const reply: unknown = await ext.runtime.sendMessage(msg);
  return unwrap(reply);
}

export type AuditFilter = Extract<UiMessage, { type: 'ui.audit.query' }>['filter'];

export const api = {
  state: async (tabId: number | null): Promise<PopupState> => asPopupState(await send({ type: 'ui.state', tabId })),
  endSession: async (tabId: number): Promise<{ ended: number }> => asEndReply(await send({ type: 'ui.endSession', tabId })),
  settings: async (): Promise<SettingsReply> => asSettingsReply(await send({ type: 'ui.settings.get' })),
  save: async (edit: DeepPartial<Settings>): Promise<SaveReply> => asSaveReply(await send({ type: 'ui.settings.save', edit })),
  auditQuery: async (filter: AuditFilter): Promise<AuditQueryReply> => asAuditQueryReply(await send({ type: 'ui.audit.query', filter })),
  auditExport: async (format: 'jsonl' | 'csv') => asExportReply(await send({ type: 'ui.audit.export', format })),
  forwardTest: async (): Promise<ForwardReply> => asForwardReply(await send({ type: 'ui.forward.test' })),
  originsChanged: async (): Promise<void> => {
    await send({ type: 'ui.origins.changed' });
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
