// The popup's first ui.state request, sent while the bundle is still being
// evaluated (index.tsx imports this module first): the round trip to the
// background overlaps with preact's start-up and first render instead of
// waiting for an effect after the first paint. Marks feed `npm run bench`.
import type { PopupState } from '../../shared/popup/state.ts';
import { api } from './api.ts';
import { parseTabId } from '../common/format.ts';

performance.mark('jocguard-request');
export const tabId: number | null = parseTabId(location.search);
export const firstState: Promise<PopupState> = api.state(tabId);
// Handled by usePopupState; this keeps an early rejection from being reported as unhandled.
firstState.then(
  () => performance.mark('jocguard-reply'),
  () => undefined,
);
