// Origin and label for a parsed certificate, then save (leaf PEM + label only).
import { useState } from 'preact/hooks';
import { LIMITS } from '../../shared/settings/effective.ts';
import type { ParsedCert } from '../../shared/cert/types.ts';
import { t } from '../common/i18n.ts';
import type { SettingsReply } from './api.ts';
import type { SaveOutcome, SettingsApi } from './use-settings.ts';
import { runTask } from '../../shared/run-task.ts';

interface Props {
  data: SettingsReply;
  cert: ParsedCert;
  save: SettingsApi['save'];
  onDone: (o: SaveOutcome) => void;
  onCancel: () => void;
}

/** Labels are shown in the UI and exported: no control characters, bounded length. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what we strip
const cleanLabel = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, LIMITS.label);

export function CertSaveForm(props: Props) {
  const { data, cert } = props;
  const origins = data.settings.origins;
  const [origin, setOrigin] = useState(() => origins[0]?.origin ?? '');
  const [label, setLabel] = useState(() => cleanLabel(cert.subjectCN ?? ''));
  const [busy, setBusy] = useState(false);

  const submit = (e: Event) => {
    e.preventDefault();
    const existing = data.settings.certificates.client;
    if (existing.some((c) => c.origin === origin && c.pem.trim() === cert.pem.trim())) {
      return props.onDone({ ok: false, errors: [t('certAlreadyRegistered', origin)] });
    }
    setBusy(true);
    runTask('save certificate', props
      .save({ certificates: { client: [...existing, { origin, label: cleanLabel(label), pem: cert.pem }] } })
      .then(props.onDone)
      .finally(() => setBusy(false)));
  };

  if (origins.length === 0) return <p class="msg msg-warning">{t('certNeedOrigin')}</p>;
  return (
    <form class="grid" onSubmit={submit}>
      <label for="cert-origin">{t('certOriginLabel')}</label>
      <select id="cert-origin" data-testid="cert-origin" value={origin} onChange={(e) => setOrigin(e.currentTarget.value)}>
        {origins.map((o) => (
          <option key={o.origin} value={o.origin}>
            {o.origin}
          </option>
        ))}
      </select>
      <label for="cert-label">{t('certLabelLabel')}</label>
      <input id="cert-label" data-testid="cert-label" type="text" maxLength={LIMITS.label} value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
      <div class="buttons">
        <button type="submit" data-testid="cert-save" disabled={busy || origin === ''}>
          {t('certSaveButton')}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
