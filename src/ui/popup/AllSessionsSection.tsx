// Every live JOC session in this browser, on every origin (issue 18): origin,
// account, tabs, idle time and session limit left; End all, and the keyboard
// shortcut that does the same without opening anything.
import { useState } from 'preact/hooks';
import type { PopupState, SessionView } from '../../shared/popup/state.ts';
import { api } from './api.ts';
import { errorText } from '../common/api.ts';
import { countdown, duration } from '../common/format.ts';
import { t } from '../common/i18n.ts';
import { runTask } from '../../shared/run-task.ts';

export function AllSessionsSection(props: { state: PopupState; now: number; refresh: () => Promise<void> }) {
  const { sessions, shortcut } = props.state;
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  if (sessions.length === 0 && result === null) return null;

  const endAll = () => {
    if (busy) return;
    setBusy(true);
    runTask(
      'end all sessions',
      api
        .endAll()
        .then((r) => setResult(t('endAllDone', r.ended)))
        .catch((err: unknown) => setResult(t('endSessionFailed', errorText(err))))
        .finally(() => {
          setBusy(false);
          runTask('popup state', props.refresh());
        }),
    );
  };

  return (
    <section class="card" aria-labelledby="all-sessions-h" data-testid="all-sessions">
      <h2 id="all-sessions-h">{t('allSessionsHeading')}</h2>
      {sessions.length === 0 && <p class="muted">{t('allSessionsNone')}</p>}
      <ul class="session-list">
        {sessions.map((s) => (
          <Item key={s.fp} s={s} now={props.now} />
        ))}
      </ul>
      {sessions.length > 0 && (
        <button type="button" class="danger" data-testid="end-all" onClick={endAll} disabled={busy}>
          {t('endAllButton')}
        </button>
      )}
      <p class="muted small" data-testid="end-all-shortcut">
        {shortcut !== null ? t('endAllShortcut', shortcut) : t('endAllNoShortcut')}
      </p>
      {result !== null && (
        <p role="status" class="result" data-testid="end-all-result">
          {result}
        </p>
      )}
    </section>
  );
}

function Item(props: { s: SessionView; now: number }) {
  const { s, now } = props;
  return (
    <li data-testid="all-sessions-item" data-origin={s.origin}>
      <span class="origin">{s.origin}</span>
      <br />
      {s.account ?? t('sessionAccountUnknown')} · {t('allSessionsTabs', s.tabs)}
      <br />
      <span class="muted">
        {t('allSessionsIdle')} {s.expiresAt !== null ? <time class="countdown" dateTime={new Date(s.expiresAt).toISOString()}>{countdown(s.expiresAt - now)}</time> : t('allSessionsUnknown')}
        {s.capEndsAt !== null && (
          <>
            {' · '}
            {t('allSessionsCap')} <time class="countdown" data-testid="all-sessions-capleft" dateTime={new Date(s.capEndsAt).toISOString()}>{duration(s.capEndsAt - now)}</time>
          </>
        )}
      </span>
    </li>
  );
}
