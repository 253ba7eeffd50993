// Extension pages (popup, options) → background: request schemas (the
// background validates them; the pages import this file as a type only). Pure.
import * as v from 'valibot';
import { message } from './channel.ts';
import { isPlainObject } from '../json.ts';
import { str } from './fields.ts';

const tabId = v.pipe(v.number(), v.integer(), v.minValue(0));

export const uiRequests = {
  'ui.state': message('ui.state', { tabId: v.nullable(tabId) }),
  'ui.endSession': message('ui.endSession', { tabId }),
  /** Every live JOC session in this browser (the popup's End all). */
  'ui.endAll': message('ui.endAll', {}),
  'ui.settings.get': message('ui.settings.get', {}),
  /** A partial settings object; every leaf is validated by applyUserEdit before anything is stored. */
  'ui.settings.save': message('ui.settings.save', { edit: v.custom<Record<string, unknown>>(isPlainObject, 'a settings object') }),
  'ui.audit.query': message('ui.audit.query', {
    filter: v.strictObject({
      origin: v.optional(str(512)),
      type: v.optional(str(64)),
      text: v.optional(str(200)),
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100000))),
    }),
  }),
  'ui.audit.export': message('ui.audit.export', { format: v.picklist(['jsonl', 'csv']) }),
  'ui.forward.test': message('ui.forward.test', {}),
  'ui.origins.changed': message('ui.origins.changed', {}),
};
export type UiRequests = typeof uiRequests;
export type AuditFilter = v.InferOutput<(typeof uiRequests)['ui.audit.query']>['filter'];
