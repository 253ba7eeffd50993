// Last connection/login failure and the account-vs-CN mismatch, each with what to do.
import type { PopupState } from '../../shared/popup/state.ts';
import { failureKeys, mismatchKey } from '../common/message-keys.ts';
import { LevelBadge } from '../common/components.tsx';
import { dateTime } from '../common/format.ts';
import { t, uiLocale } from '../common/i18n.ts';

type Failure = NonNullable<PopupState['certs']['failure']>;
type Mismatch = NonNullable<PopupState['certs']['accountMismatch']>;

export function FailureSection(props: { failure: Failure }) {
  const f = props.failure;
  const keys = failureKeys(f.code);
  return (
    <section class={`card problem level-${f.level}`} aria-labelledby="failure-h" data-testid="failure" data-code={f.code}>
      <h2 id="failure-h">
        <LevelBadge level={f.level} /> {t('failureHeading')}
      </h2>
      <p class="cause">{keys.known ? t(keys.cause) : t(keys.cause, f.code)}</p>
      <p class="action">
        <strong>{t('whatToDo')}</strong> {t(keys.action)}
      </p>
      <p class="muted small">
        {dateTime(f.at, uiLocale())}
        {f.detail !== '' && ` · ${f.detail}`}
      </p>
    </section>
  );
}

export function MismatchSection(props: { mismatch: Mismatch }) {
  const m = props.mismatch;
  return (
    <section class="card problem level-error" aria-labelledby="mismatch-h" data-testid="account-mismatch" data-kind={m.kind}>
      <h2 id="mismatch-h">
        <LevelBadge level="error" /> {t('mismatchHeading')}
      </h2>
      <p>{t('mismatchSummary', [m.account, m.cn])}</p>
      <p class="action">{t(mismatchKey(m.kind), m.cn)}</p>
    </section>
  );
}
