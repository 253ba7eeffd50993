// Optional CA certificates (PEM list → certificates.caPem) used to check client certificate chains.
import { useState } from 'preact/hooks';
import type { ParsedCert } from '../../shared/cert/types.ts';
import { certErrorKey } from '../common/message-keys.ts';
import { Fingerprint } from '../common/components.tsx';
import { isLocked } from '../common/format.ts';
import { t } from '../common/i18n.ts';
import type { SettingsReply } from './api.ts';
import { loadFile, parseLoaded } from './cert-file.ts';
import { LockedNote, SaveStatus, WeakeningNote } from './common.tsx';
import { useParsedPems } from './use-parsed-pems.ts';
import type { SaveOutcome, SettingsApi } from './use-settings.ts';
import { runTask } from '../../shared/run-task.ts';

export function CaSection(props: { data: SettingsReply; save: SettingsApi['save'] }) {
  const { data } = props;
  const caPem = data.settings.certificates.caPem;
  const locked = isLocked(data.locked, 'certificates.caPem');
  const parsed = useParsedPems(caPem);
  const [pending, setPending] = useState<ParsedCert[] | null>(null);
  const [error, setError] = useState<{ code: string; detail: string } | null>(null);
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);

  const onFile = (file: File | undefined) => {
    setOutcome(null);
    setPending(null);
    setError(null);
    if (file === undefined) return;
    runTask('read CA file', async () => {
      const loaded = await loadFile(file);
      if ('error' in loaded) return setError({ code: loaded.error, detail: loaded.detail });
      const r = await parseLoaded(loaded);
      if (!r.ok) return setError({ code: r.error, detail: r.detail });
      const known = new Set([...parsed.values()].map((c) => c?.sha256));
      setPending(r.all.filter((c) => !known.has(c.sha256)));
    });
  };

  const store = (next: string[]) => void props.save({ certificates: { caPem: next } }).then(setOutcome);

  return (
    <div class="ca-section">
      <h3>{t('caHeading')}</h3>
      <p class="muted">{t('caIntro')}</p>
      <LockedNote locked={locked} />
      <WeakeningNote locked={data.locked} paths={['certificates.caPem']} />
      {caPem.length > 0 && (
        <ul class="plain-list">
          {caPem.map((pem, i) => {
            const c = parsed.get(pem);
            return (
              <li key={i} data-testid="ca-row">
                {c ? c.subject : parsed.has(pem) ? t('certUnreadable') : t('loading')} {c && <Fingerprint value={c.sha256} />}{' '}
                <button type="button" class="danger" disabled={locked} onClick={() => store(caPem.filter((_, j) => j !== i))}>
                  {t('remove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {!locked && (
        <div class="field">
          <label for="ca-file">{t('caFileLabel')}</label>
          <input id="ca-file" data-testid="ca-file" type="file" accept=".pem,.crt,.cer,.der,.p7b,.txt" onChange={(e) => onFile(e.currentTarget.files?.[0])} />
        </div>
      )}
      {error && (
        <div class="msg msg-error" role="alert" data-testid="ca-error" data-code={error.code}>
          <p>{t(certErrorKey(error.code))}</p>
          <p class="muted small">{t('technicalDetail', error.detail)}</p>
        </div>
      )}
      {pending && pending.length === 0 && <p class="msg msg-info">{t('caNothingNew')}</p>}
      {pending && pending.length > 0 && (
        <div class="preview" data-testid="ca-preview">
          <ul class="plain-list">
            {pending.map((c) => (
              <li key={c.sha256}>
                {c.subject} {!c.isCA && <span class="badge badge-warning">{t('caNotCa')}</span>}
              </li>
            ))}
          </ul>
          <button
            type="button"
            data-testid="ca-save"
            onClick={() => {
              store([...caPem, ...pending.map((c) => c.pem)]);
              setPending(null);
            }}
          >
            {t('caSaveButton')}
          </button>
        </div>
      )}
      <SaveStatus outcome={outcome} />
    </div>
  );
}
