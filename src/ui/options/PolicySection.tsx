// (b) Policy: Remember Me, session and certificate rules. Locked fields are
// disabled; the whole form is posted (the background accepts unchanged locked values).
import { useEffect, useState } from 'preact/hooks';
import { BOUNDS, REMEMBER_ME_MODES, type RememberMeMode, type Settings } from '../../shared/settings/effective.ts';
import { isLocked, pick } from '../common/format.ts';
import { t } from '../common/i18n.ts';
import { modeHelp, modeLabel } from '../common/labels.ts';
import type { SettingsReply } from './api.ts';
import { SaveStatus, Section, WeakeningNote } from './common.tsx';
import { CheckboxField, NumberField, SelectField } from './fields.tsx';
import type { SaveOutcome, SettingsApi } from './use-settings.ts';
import { runTask } from '../../shared/run-task.ts';

const NUM_KEYS = ['expireAfterHours', 'idleMaxMinutes', 'closeGraceSeconds', 'systemIdleMinutes', 'maxHours', 'warnDays', 'minRsaBits', 'maxRecords'] as const;
type NumKey = (typeof NUM_KEYS)[number];
type BoolKey = 'logoutOnLastTabClose' | 'endOnLock' | 'pinServerCert';
interface Draft extends Record<NumKey, string>, Record<BoolKey, boolean> {
  mode: RememberMeMode;
}

const PATHS: Record<NumKey | BoolKey | 'mode', string> = {
  mode: 'rememberMe.mode',
  expireAfterHours: 'rememberMe.expireAfterHours',
  idleMaxMinutes: 'session.idleMaxMinutes',
  logoutOnLastTabClose: 'session.logoutOnLastTabClose',
  closeGraceSeconds: 'session.closeGraceSeconds',
  endOnLock: 'session.endOnLock',
  systemIdleMinutes: 'session.systemIdleMinutes',
  maxHours: 'session.maxHours',
  warnDays: 'certificates.warnDays',
  minRsaBits: 'certificates.minRsaBits',
  pinServerCert: 'certificates.pinServerCert',
  maxRecords: 'audit.maxRecords',
};

function draftOf(s: Settings): Draft {
  return {
    mode: s.rememberMe.mode,
    expireAfterHours: String(s.rememberMe.expireAfterHours),
    idleMaxMinutes: String(s.session.idleMaxMinutes),
    logoutOnLastTabClose: s.session.logoutOnLastTabClose,
    closeGraceSeconds: String(s.session.closeGraceSeconds),
    endOnLock: s.session.endOnLock,
    systemIdleMinutes: String(s.session.systemIdleMinutes),
    maxHours: String(s.session.maxHours),
    warnDays: String(s.certificates.warnDays),
    minRsaBits: String(s.certificates.minRsaBits),
    pinServerCert: s.certificates.pinServerCert,
    maxRecords: String(s.audit.maxRecords),
  };
}

function labels(): Record<NumKey | BoolKey, { label: string; help: string }> {
  return {
    logoutOnLastTabClose: { label: t('fieldLogoutOnClose'), help: t('fieldLogoutOnCloseHelp') },
    endOnLock: { label: t('fieldEndOnLock'), help: t('fieldEndOnLockHelp') },
    pinServerCert: { label: t('fieldPinServerCert'), help: t('fieldPinServerCertHelp') },
    expireAfterHours: { label: t('fieldExpireHours'), help: t('fieldExpireHoursHelp') },
    idleMaxMinutes: { label: t('fieldIdleMax'), help: t('fieldIdleMaxHelp') },
    closeGraceSeconds: { label: t('fieldCloseGrace'), help: t('fieldCloseGraceHelp') },
    systemIdleMinutes: { label: t('fieldSystemIdle'), help: t('fieldSystemIdleHelp') },
    maxHours: { label: t('fieldMaxHours'), help: t('fieldMaxHoursHelp') },
    warnDays: { label: t('fieldWarnDays'), help: t('fieldWarnDaysHelp') },
    minRsaBits: { label: t('fieldMinRsaBits'), help: t('fieldMinRsaBitsHelp') },
    maxRecords: { label: t('fieldMaxRecords'), help: t('fieldMaxRecordsHelp') },
  };
}

/** Whole numbers within BOUNDS; errors name the field. */
function parseNumbers(d: Draft): { values: Record<NumKey, number>; errors: string[] } {
  const names = labels();
  const errors: string[] = [];
  const values = {} as Record<NumKey, number>;
  for (const key of NUM_KEYS) {
    const [min, max] = BOUNDS[key];
    const n = /^\s*\d+\s*$/.test(d[key]) ? Number(d[key]) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) errors.push(t('fieldOutOfRange', [names[key].label, min, max]));
    values[key] = n;
  }
  return { values, errors };
}

export function PolicySection(props: { data: SettingsReply; save: SettingsApi['save'] }) {
  const { data } = props;
  const [draft, setDraft] = useState<Draft>(() => draftOf(data.settings));
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  // Reset to what is in force when these values change (not when another section saves).
  const inForce = JSON.stringify(draftOf(data.settings));
  useEffect(() => setDraft(draftOf(data.settings)), [inForce]);

  const lock = (k: keyof typeof PATHS) => isLocked(data.locked, PATHS[k]);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const names = labels();
  const num = (k: NumKey, testid?: string) => (
    <NumberField
      id={`f-${k}`}
      label={names[k].label}
      help={names[k].help}
      locked={lock(k)}
      min={BOUNDS[k][0]}
      max={BOUNDS[k][1]}
      value={draft[k]}
      testid={testid}
      onInput={(v) => set(k, v)}
    />
  );
  const check = (k: BoolKey) => (
    <CheckboxField id={`f-${k}`} label={names[k].label} help={names[k].help} locked={lock(k)} checked={draft[k]} onChange={(v) => set(k, v)} />
  );

  const submit = (e: Event) => {
    e.preventDefault();
    const { values: v, errors } = parseNumbers(draft);
    if (errors.length > 0) return setOutcome({ ok: false, errors });
    setBusy(true);
    runTask('save policy', props
      .save({
        rememberMe: { mode: draft.mode, expireAfterHours: v.expireAfterHours },
        session: {
          idleMaxMinutes: v.idleMaxMinutes,
          logoutOnLastTabClose: draft.logoutOnLastTabClose,
          closeGraceSeconds: v.closeGraceSeconds,
          endOnLock: draft.endOnLock,
          systemIdleMinutes: v.systemIdleMinutes,
          maxHours: v.maxHours,
        },
        certificates: { warnDays: v.warnDays, minRsaBits: v.minRsaBits, pinServerCert: draft.pinServerCert },
        audit: { maxRecords: v.maxRecords },
      })
      .then(setOutcome)
      .finally(() => setBusy(false)));
  };

  return (
    <Section id="policy" title={t('policyHeading')}>
      <WeakeningNote locked={data.locked} paths={Object.values(PATHS)} />
      <form onSubmit={submit} novalidate>
        <fieldset>
          <legend>{t('policyRememberMeGroup')}</legend>
          <SelectField
            id="f-mode"
            testid="remember-mode"
            label={t('fieldRememberMode')}
            help={modeHelp(draft.mode)}
            locked={lock('mode')}
            value={draft.mode}
            options={REMEMBER_ME_MODES.map((m) => ({ value: m, label: modeLabel(m) }))}
            onChange={(v) => set('mode', pick(REMEMBER_ME_MODES, v, draft.mode))}
          />
          {num('expireAfterHours')}
        </fieldset>
        <fieldset>
          <legend>{t('policySessionGroup')}</legend>
          {num('idleMaxMinutes')}
          {check('logoutOnLastTabClose')}
          {num('closeGraceSeconds')}
          {check('endOnLock')}
          {num('systemIdleMinutes')}
          {num('maxHours')}
        </fieldset>
        <fieldset>
          <legend>{t('policyCertGroup')}</legend>
          {num('warnDays')}
          {num('minRsaBits')}
          {check('pinServerCert')}
        </fieldset>
        <fieldset>
          <legend>{t('policyAuditGroup')}</legend>
          {num('maxRecords')}
        </fieldset>
        <button type="submit" data-testid="policy-save" disabled={busy}>
          {t('save')}
        </button>
      </form>
      <SaveStatus outcome={outcome} />
    </Section>
  );
}
