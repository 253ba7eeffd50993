// The background's replies to the popup's ui.* requests (the popup validates
// them on arrival; it imports nothing of the options page's replies). Pure.
import * as v from 'valibot';
import { PopupStateSchema } from '../popup/state.ts';

const count = v.number();

export const popupReplies = {
  'ui.state': PopupStateSchema,
  'ui.endSession': v.object({ ended: count }),
  'ui.endAll': v.object({ ended: count }),
  'ui.origins.changed': v.object({ registered: count }),
};
export type PopupReplies = typeof popupReplies;
