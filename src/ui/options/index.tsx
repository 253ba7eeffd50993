// Options page entry (options.html).
import { render } from 'preact';
import { initDocument, t } from '../common/i18n.ts';
import { Options } from './Options.tsx';

initDocument(t('optionsTitle'));
const root = document.getElementById('app');
if (root) render(<Options />, root);
