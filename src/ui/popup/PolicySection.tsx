// The Remember Me policy in force for this origin, its lock and policy errors.
import type { PopupState } from '../../shared/popup/state.ts';
import { t } from '../common/i18n.ts';
import { modeHelp, modeLabel } from '../common/labels.ts';


export function PolicySection(props: { policy: PopupState['policy'] }) {
  const { policy } = props;
  const mode: string = policy.mode;
  return (
    <section class="card" aria-labelledby="policy-h">
      <h2 id="policy-h">{t('policyHeading')}</h2>
      <p>
        {t('policyRememberMe')}{' '}
        <strong data-testid="policy-mode" data-mode={mode}>
          {modeLabel(mode)}
        </strong>
        {policy.locked && (
          <span class="locked" data-testid="policy-locked">
            {' '}
            <span aria-hidden="true">🔒</span> {t('policyLocked')}
          </span>
        )}
      </p>
      <p class="muted">{modeHelp(mode)}</p>
      {policy.errors.length > 0 && (
        <div class="msg msg-warning" role="alert" data-testid="policy-errors">
          <p>{t('policyErrorsIntro')}</p>
          <ul class="errors">
            {policy.errors.slice(0, 5).map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
          {policy.errors.length > 5 && <p class="muted">{t('moreErrors', policy.errors.length - 5)}</p>}
        </div>
      )}
    </section>
  );
}
