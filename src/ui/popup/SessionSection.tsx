// Session state of the tab: account, identity service, idle countdown, End session now.
import { useState } from 'preact/hooks';
import type { PopupState } from '../../shared/popup/state.ts';
import { api } from './api.ts';
import { errorText } from '../common/api.ts';
import { countdown, duration } from '../common/format.ts';
import { t } from '../common/i18n.ts';
import { runTask } from '../../shared/run-task.ts';

type Session = NonNullable<PopupState['session']>;

export function SessionSection(props: { state: PopupState; now: number; refresh: () => Promise<void> }) {
  const { state, now } = props;
  const s = state.session;
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const tabId = state.tab.id;

  const end = () => {
    if (tabId === null || busy) return;
    setBusy(true);
    runTask('end session', api
      .endSession(tabId)
      .then((r) => setResult(r.ended > 0 ? t('endSessionDone', r.ended) : t('endSessionNothing')))
      .catch((err: unknown) => setResult(t('endSessionFailed', errorText(err))))
      .finally(() => {
        setBusy(false);
        runTask('popup state', props.refresh());
      }));
  };

  return (
    <section class="card" aria-labelledby="session-h">
      <h2 id="session-h">{t('sessionHeading')}</h2>
      {s === null ? (
        <p data-testid="session-state" data-session="none">
          {t('sessionNone')}
        </p>
      ) : (
        <Live session={s} now={now} />
      )}
      {s !== null && tabId !== null && (
        <button type="button" class="danger" data-testid="end-session" onClick={end} disabled={busy}>
          {t('endSessionButton')}
        </button>
      )}
      {result !== null && (
        <p role="status" class="result" data-testid="end-session-result">
          {result}
        </p>
      )}
    </section>
  );
}

function identityText(s: Session): string {
  if (s.byCertificate === true) return t('sessionByCertificate', s.identityService ?? '');
  if (s.byCertificate === false) return t('sessionByPassword', s.identityService ?? '');
  return t('sessionIdentityUnknown');
}

function Live(props: { session: Session; now: number }) {
  const { session: s, now } = props;
  return (
    <div data-testid="session-state" data-session="live">
      <p>
        {t('sessionLoggedInAs')}{' '}
        <strong data-testid="session-account">{s.account ?? t('sessionAccountUnknown')}</strong>
      </p>
      <p class="muted">{identityText(s)}</p>
      {s.expiresAt !== null ? (
        <p>
          {t('sessionTimeLeft')}{' '}
          <time data-testid="session-timeleft" class="countdown" dateTime={new Date(s.expiresAt).toISOString()}>
            {countdown(s.expiresAt - now)}
          </time>
        </p>
      ) : (
        <p class="muted">{t('sessionNoTimeout')}</p>
      )}
      {s.capEndsAt !== null && (
        <p>
          {t('sessionCapLeft')}{' '}
          <time data-testid="session-capleft" class="countdown" dateTime={new Date(s.capEndsAt).toISOString()}>
            {duration(s.capEndsAt - now)}
          </time>
        </p>
      )}
    </div>
  );
}
