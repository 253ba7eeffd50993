// Popup entry (popup.html). Also opened as a tab by the E2E tests with ?tabId=N.
// first-state.ts must stay the first import: it sends the state request.
import { firstState, tabId } from './first-state.ts';
import { render } from 'preact';
import { initDocument, t } from '../common/i18n.ts';
import { Popup } from './Popup.tsx';

initDocument(t('popupTitle'));
const root = document.getElementById('app');
if (root) render(<Popup tabId={tabId} first={firstState} />, root);
