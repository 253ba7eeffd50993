// (e) Audit forwarding to a collector (https only). The Authorization header
// value is write-only here: after saving, the page only says whether one is set.
import { useEffect, useState } from 'preact/hooks';
import { isHttpsUrl } from '../../shared/settings/origin.ts';
import { BOUNDS } from '../../shared/settings/effective.ts';
import { api, errorText } from '../common/api.ts';
import { isLocked } from '../common/format.ts';
import { t } from '../common/i18n.ts';
import type { ForwardReply, SettingsReply } from '../common/api.ts';
import { LockedNote, SaveStatus, Section, WeakeningNote } from './common.tsx';
import { CheckboxField, NumberField } from './fields.tsx';
import type { SaveOutcome, SettingsApi } from './use-settings.ts';

export function ForwardSection(props: { data: SettingsReply; save: SettingsApi['save'] }) {
  const { data } = props;
  const f = data.settings.audit.forward;
  const lock = (k: string) => isLocked(data.locked, `audit.forward.${k}`);
  const [enabled, setEnabled] = useState(f.enabled);
  const [url, setUrl] = useState(f.url);
  const [batch, setBatch] = useState(String(f.batchSize));
  const [auth, setAuth] = useState('');
  const [clearAuth, setClearAuth] = useState(false);
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [test, setTest] = useState<ForwardReply | { ok: false; status: null; error: string } | null>(null);
  // Reset to what is in force after a save (here or by policy), not on unrelated saves.
  useEffect(() => {
    setEnabled(f.enabled);
    setUrl(f.url);
    setBatch(String(f.batchSize));
  }, [f.enabled, f.url, f.batchSize]);

  const submit = (e: Event) => {
    e.preventDefault();
    const errors: string[] = [];
    const u = url.trim();
    if ((enabled || u !== '') && !isHttpsUrl(u)) errors.push(t('forwardUrlHttps'));
    const [min, max] = BOUNDS.batchSize;
    const n = /^\s*\d+\s*$/.test(batch) ? Number(batch) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) errors.push(t('fieldOutOfRange', [t('forwardBatch'), min, max]));
    if (/[^\x20-\x7e\t]/.test(auth)) errors.push(t('forwardAuthAscii'));
    if (errors.length > 0) return setOutcome({ ok: false, errors });
    const authEdit = auth !== '' ? { authHeader: auth } : clearAuth ? { authHeader: '' } : {};
    void props.save({ audit: { forward: { enabled, url: u, batchSize: n, ...authEdit } } }).then((r) => {
      setOutcome(r);
      if (r.ok) {
        setAuth(''); // never kept in the page once saved
        setClearAuth(false);
      }
    });
  };

  const runTest = () => {
    setTest(null);
    api
      .forwardTest()
      .then(setTest)
      .catch((err: unknown) => setTest({ ok: false, status: null, error: errorText(err) }));
  };

  const authSet = f.authHeader !== '';
  return (
    <Section id="forwarding" title={t('forwardHeading')} intro={t('forwardIntro')}>
      <WeakeningNote locked={data.locked} paths={['audit.forward.enabled', 'audit.forward.url', 'audit.forward.authHeader']} />
      <form onSubmit={submit} novalidate>
        <CheckboxField id="fw-enabled" label={t('forwardEnabled')} locked={lock('enabled')} checked={enabled} onChange={setEnabled} />
        <div class="field">
          <label for="fw-url">{t('forwardUrl')}</label>
          <input id="fw-url" data-testid="forward-url" type="url" placeholder="https://collector.example.com/joc-guard" value={url} disabled={lock('url')} onInput={(e) => setUrl(e.currentTarget.value)} />
          <LockedNote locked={lock('url')} />
        </div>
        <div class="field">
          <label for="fw-auth">{t('forwardAuth')}</label>
          <input
            id="fw-auth"
            data-testid="forward-auth"
            type="password"
            autocomplete="off"
            value={auth}
            disabled={lock('authHeader')}
            aria-describedby="fw-auth-state"
            onInput={(e) => setAuth(e.currentTarget.value)}
          />
          <p id="fw-auth-state" class="muted small" data-testid="forward-auth-state" data-set={String(authSet)}>
            {authSet ? t('forwardAuthSet') : t('forwardAuthNotSet')}
          </p>
          {authSet && !lock('authHeader') && (
            <label class="small">
              <input type="checkbox" checked={clearAuth} onChange={(e) => setClearAuth(e.currentTarget.checked)} /> {t('forwardAuthClear')}
            </label>
          )}
          <LockedNote locked={lock('authHeader')} />
        </div>
        <NumberField id="fw-batch" label={t('forwardBatch')} locked={lock('batchSize')} min={BOUNDS.batchSize[0]} max={BOUNDS.batchSize[1]} value={batch} onInput={setBatch} />
        <button type="submit" data-testid="forward-save">
          {t('save')}
        </button>
      </form>
      <SaveStatus outcome={outcome} />
      <div class="buttons">
        <button type="button" class="secondary" data-testid="forward-test" onClick={runTest}>
          {t('forwardTest')}
        </button>
        <span class="muted small">{t('forwardTestHelp')}</span>
      </div>
      {test !== null && (
        <p class={`msg ${test.ok ? 'msg-ok' : 'msg-error'}`} role="status" data-testid="forward-result" data-ok={String(test.ok)}>
          {test.ok ? t('forwardTestOk', test.status ?? '') : t('forwardTestFailed', [test.status === null ? '—' : String(test.status), test.error ?? ''])}
        </p>
      )}
    </Section>
  );
}
