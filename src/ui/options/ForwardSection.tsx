// (e) Audit forwarding to a collector (https only). The Authorization header
// value is write-only here: after saving, the page only says whether one is set.
import { useEffect, useState } from 'preact/hooks';
import { isHttpsUrl } from '../../shared/settings/origin.ts';
import { BOUNDS, FORWARD_FORMATS, INDEX_RE, LIMITS, type ForwardFormat } from '../../shared/settings/effective.ts';
import { api } from './api.ts';
import { errorText } from '../common/api.ts';
import { isLocked, pick } from '../common/format.ts';
import { t } from '../common/i18n.ts';
import type { ForwardReply, SettingsReply } from './api.ts';
import { LockedNote, SaveStatus, Section, WeakeningNote } from './common.tsx';
import { CheckboxField, NumberField, SelectField } from './fields.tsx';
import type { SaveOutcome, SettingsApi } from './use-settings.ts';
import { runTask } from '../../shared/run-task.ts';

export function ForwardSection(props: { data: SettingsReply; save: SettingsApi['save'] }) {
  const { data } = props;
  const f = data.settings.audit.forward;
  const lock = (k: string) => isLocked(data.locked, `audit.forward.${k}`);
  const [enabled, setEnabled] = useState(f.enabled);
  const [url, setUrl] = useState(f.url);
  const [batch, setBatch] = useState(String(f.batchSize));
  const [format, setFormat] = useState(f.format);
  const [index, setIndex] = useState(f.index);
  const [auth, setAuth] = useState('');
  const [clearAuth, setClearAuth] = useState(false);
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [test, setTest] = useState<ForwardReply | { ok: false; status: null; error: string } | null>(null);
  // Reset to what is in force after a save (here or by policy), not on unrelated saves.
  useEffect(() => {
    setEnabled(f.enabled);
    setUrl(f.url);
    setBatch(String(f.batchSize));
    setFormat(f.format);
    setIndex(f.index);
  }, [f.enabled, f.url, f.batchSize, f.format, f.index]);

  const submit = (e: Event) => {
    e.preventDefault();
    const errors: string[] = [];
    const u = url.trim();
    if ((enabled || u !== '') && !isHttpsUrl(u)) errors.push(t('forwardUrlHttps'));
    const [min, max] = BOUNDS.batchSize;
    const n = /^\s*\d+\s*$/.test(batch) ? Number(batch) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) errors.push(t('fieldOutOfRange', [t('forwardBatch'), min, max]));
    if (/[^\x20-\x7e\t]/.test(auth)) errors.push(t('forwardAuthAscii'));
    const idx = index.trim();
    if (idx.length > LIMITS.index || !INDEX_RE.test(idx)) errors.push(t('forwardIndexInvalid'));
    if (errors.length > 0) return setOutcome({ ok: false, errors });
    const authEdit = auth !== '' ? { authHeader: auth } : clearAuth ? { authHeader: '' } : {};
    runTask('save forwarding', props.save({ audit: { forward: { enabled, url: u, batchSize: n, format, index: idx, ...authEdit } } }).then((r) => {
      setOutcome(r);
      if (r.ok) {
        setAuth(''); // never kept in the page once saved
        setClearAuth(false);
      }
    }));
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
        <SelectField
          id="fw-format"
          testid="forward-format"
          label={t('forwardFormat')}
          help={t('forwardFormatHelp')}
          locked={lock('format')}
          value={format}
          options={FORWARD_FORMATS.map((v) => ({ value: v, label: formatLabel(v) }))}
          onChange={(v) => setFormat(pick(FORWARD_FORMATS, v, format))}
        />
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
        {format === 'elastic-bulk' && (
          <div class="field">
            <label for="fw-index">{t('forwardIndex')}</label>
            <input id="fw-index" data-testid="forward-index" type="text" value={index} disabled={lock('index')} onInput={(e) => setIndex(e.currentTarget.value)} />
            <LockedNote locked={lock('index')} />
          </div>
        )}
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

function formatLabel(v: ForwardFormat): string {
  return t(v === 'elastic-bulk' ? 'forwardFormat_elastic_bulk' : v === 'splunk-hec' ? 'forwardFormat_splunk_hec' : v === 'otlp-http' ? 'forwardFormat_otlp_http' : 'forwardFormat_joc_guard');
}
