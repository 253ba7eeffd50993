// Problems with the settings in force (broken policy or stored settings: the
// safest values apply) and the errors of the last failed save.
import { t } from '../common/i18n.ts';

export function SettingsErrors(props: { errors: readonly string[]; saveErrors: readonly string[]; managed: boolean }) {
  const { errors, saveErrors, managed } = props;
  return (
    <>
      {managed && (
        <p class="msg msg-info" data-testid="managed-note">
          <span aria-hidden="true">🔒</span> {t('managedNote')}
        </p>
      )}
      {(errors.length > 0 || saveErrors.length > 0) && (
        <div class="msg msg-warning" role="alert" data-testid="settings-errors">
          {errors.length > 0 && (
            <>
              <p>{t('settingsErrorsIntro')}</p>
              <ul class="errors">
                {errors.map((e, i) => (
                  <li key={`e${i}`}>{e}</li>
                ))}
              </ul>
            </>
          )}
          {saveErrors.length > 0 && (
            <>
              <p>{t('notSaved')}</p>
              <ul class="errors">
                {saveErrors.map((e, i) => (
                  <li key={`s${i}`}>{e}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </>
  );
}
