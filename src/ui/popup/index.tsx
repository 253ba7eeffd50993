// Popup entry (popup.html). Also opened as a tab by the E2E tests with ?tabId=N.
import { render } from 'preact';
import { initDocument, t } from '../common/i18n.ts';
import { parseTabId } from '../common/format.ts';
import { Popup } from './Popup.tsx';

initDocument(t('popupTitle'));
const root = document.getElementById('app');
if (root) render(<Popup tabId={parseTabId(location.search)} />, root);
