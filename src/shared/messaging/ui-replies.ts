// The background's replies to ui.* requests: the options page's here, the
// popup's in popup-replies.ts (each page validates its replies on arrival and
// bundles only its own schemas). Pure.
import * as v from 'valibot';
import type { AuditRecord } from '../audit/types.ts';
import { parseAuditRecord } from '../audit/record.ts';
import { popupReplies } from './popup-replies.ts';
import type { Settings } from '../settings/schema.ts';
import { isPlainObject } from '../json.ts';

const isObj = (x: unknown, ...keys: string[]): boolean => isPlainObject(x) && keys.every((k) => isPlainObject(x[k]));
/** The settings as the background shows them (forwarding credential masked): checked for shape, every group present. */
const SettingsShape = v.custom<Settings>(
  (x) => isObj(x, 'rememberMe', 'session', 'certificates', 'audit') && isPlainObject(x) && Array.isArray(x['origins']) && isObj(x['audit'], 'forward'),
  'not a settings object',
);
const strings = v.array(v.string());
const SettingsView = { settings: SettingsShape, locked: strings, errors: strings };
const AuditRecordSchema = v.custom<AuditRecord>((x) => parseAuditRecord(x) !== null, 'not an audit record');

export const SettingsReply = v.object({ ...SettingsView, managed: v.boolean() });
export const SaveReply = v.variant('ok', [
  /** `weakened`: the security fields this save weakened, recorded as `policy.weakened` (empty when none). */
  v.object({ ok: v.literal(true), ...SettingsView, weakened: strings }),
  v.object({ ok: v.literal(false), errors: strings }),
]);
export const AuditQueryReply = v.object({ records: v.array(AuditRecordSchema), total: v.number(), dropped: v.number() });
export const ForwardReply = v.object({ ok: v.boolean(), status: v.nullable(v.number()), error: v.nullable(v.string()) });

export const optionsReplies = {
  'ui.settings.get': SettingsReply,
  'ui.settings.save': SaveReply,
  'ui.audit.query': AuditQueryReply,
  'ui.audit.export': v.object({ format: v.picklist(['jsonl', 'csv']), text: v.string() }),
  'ui.forward.test': ForwardReply,
  'ui.origins.changed': popupReplies['ui.origins.changed'],
};
export type OptionsReplies = typeof optionsReplies;

/** Every ui.* reply: what the background's handlers must answer. */
export const uiReplies = { ...popupReplies, ...optionsReplies };
export type UiReplies = typeof uiReplies;
export type SettingsReplyT = v.InferOutput<typeof SettingsReply>;
export type SaveReplyT = v.InferOutput<typeof SaveReply>;
export type AuditQueryReplyT = v.InferOutput<typeof AuditQueryReply>;
export type ForwardReplyT = v.InferOutput<typeof ForwardReply>;
