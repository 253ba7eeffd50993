// The active tab's origin, the GUI generation and, where needed, the buttons
// that make it a protected JOC origin (add to settings / grant access).
import { useState } from 'preact/hooks';
import { ext } from '../../platform/browser.ts';
import { isInsecureOrigin } from '../../shared/settings/origin.ts';
import type { PopupState } from '../../shared/popup/state.ts';
import { api } from './api.ts';
import { errorText, requestOriginPermission } from '../common/api.ts';
import { hostPermissionPattern, webOrigin } from '../common/format.ts';
import { t } from '../common/i18n.ts';
import { generationLabel } from '../common/labels.ts';
import { runTask } from '../../shared/run-task.ts';

export function OriginSection(props: { state: PopupState; refresh: () => Promise<void> }) {
  const { state } = props;
  const origin = webOrigin(state.tab.url);
  const gen = state.joc.generation;
  return (
    <section class="card" aria-labelledby="origin-h">
      <h2 id="origin-h" class="visually-hidden">
        {t('originHeading')}
      </h2>
      <p class="origin-line">
        <span data-testid="origin" class="origin">
          {origin ?? t('originNone')}
        </span>
        {state.joc.configured && (
          <span class="generation" data-testid="generation" data-generation={gen ?? 'unknown'}>
            {generationLabel(gen)}
          </span>
        )}
      </p>
      {origin !== null && state.joc.configured && isInsecureOrigin(origin) && <p class="msg msg-warning">{t('originInsecure')}</p>}
      {!state.joc.configured && <NotJoc origin={origin} />}
      {state.joc.configured && !state.joc.granted && origin !== null && <Grant origin={origin} refresh={props.refresh} />}
    </section>
  );
}

function NotJoc(props: { origin: string | null }) {
  const { origin } = props;
  const add = () => {
    if (origin === null) return;
    runTask('open options', ext.tabs.create({ url: ext.runtime.getURL('options.html#add=' + encodeURIComponent(origin)) }));
  };
  return (
    <div data-testid="not-joc" class="msg msg-info">
      <p>{t(origin === null ? 'notJocNoWebPage' : 'notJoc')}</p>
      {origin !== null && (
        <button type="button" data-testid="add-origin" onClick={add}>
          {t('addOriginButton')}
        </button>
      )}
    </div>
  );
}

function Grant(props: { origin: string; refresh: () => Promise<void> }) {
  const [result, setResult] = useState<string | null>(null);
  const grant = () => {
    const pattern = hostPermissionPattern(props.origin);
    if (pattern === null) return;
    // Called synchronously in the click handler: permissions.request needs the user gesture.
    runTask('grant host access', requestOriginPermission(pattern).then(async (granted) => {
      if (!granted) {
        setResult(t('grantDenied'));
        return;
      }
      try {
        await api.originsChanged();
        setResult(t('grantDone'));
      } catch (err) {
        setResult(t('grantFailed', errorText(err)));
      }
      await props.refresh();
    }));
  };
  return (
    <div class="msg msg-warning">
      <p>{t('notGranted')}</p>
      <button type="button" data-testid="grant-origin" onClick={grant}>
        {t('grantButton')}
      </button>
      {result !== null && (
        <p role="status" data-testid="grant-result">
          {result}
        </p>
      )}
    </div>
  );
}
