// One configured JOC origin: GUI generation, Remember Me override, access, remove.
import { useState } from 'preact/hooks';
import { GENERATIONS, REMEMBER_ME_MODES, isInsecureOrigin, isWeakerMode, type OriginSettings, type RememberMeMode } from '../../shared/settings/effective.ts';
import { isLocked, pick } from '../common/format.ts';
import { t } from '../common/i18n.ts';
import { generationLabel, modeLabel } from '../common/labels.ts';
import type { SettingsReply } from './api.ts';

const OVERRIDES = ['default', ...REMEMBER_ME_MODES] as const;

interface Props {
  entry: OriginSettings;
  index: number;
  data: SettingsReply;
  granted: boolean | null;
  onChange: (next: OriginSettings) => void;
  onRemove: () => void;
  onGrant: () => void;
}

export function OriginRow(props: Props) {
  const { entry, index: i, data } = props;
  const locked = isLocked(data.locked, 'origins');
  const modeLocked = isLocked(data.locked, 'rememberMe.mode');
  const globalMode = data.settings.rememberMe.mode;
  const [label, setLabel] = useState(entry.label);
  // A locked global mode cannot be weakened per origin (the background rejects it too).
  const allowed = (m: RememberMeMode) => !modeLocked || !isWeakerMode(m, globalMode);

  return (
    <li class="origin-row" data-testid="origin-row" data-origin={entry.origin}>
      <div class="origin-head">
        <strong class="origin">{entry.origin}</strong>
        {props.granted === true && <span class="badge badge-ok">{t('accessGranted')}</span>}
        {props.granted === false && (
          <>
            <span class="badge badge-warning">{t('accessNotGranted')}</span>
            <button type="button" data-testid="origin-grant" onClick={props.onGrant}>
              {t('grantButton')}
            </button>
          </>
        )}
      </div>
      {isInsecureOrigin(entry.origin) && <p class="msg msg-warning small">{t('originInsecure')}</p>}
      <div class="grid">
        <label for={`origin-label-${i}`}>{t('originLabel')}</label>
        <input
          id={`origin-label-${i}`}
          type="text"
          maxLength={100}
          value={label}
          disabled={locked}
          onInput={(e) => setLabel(e.currentTarget.value)}
          onChange={() => label !== entry.label && props.onChange({ ...entry, label })}
        />
        <label for={`origin-gen-${i}`}>{t('originGeneration')}</label>
        <select
          id={`origin-gen-${i}`}
          data-testid="origin-generation"
          value={entry.generation}
          disabled={locked}
          onChange={(e) => props.onChange({ ...entry, generation: pick(GENERATIONS, e.currentTarget.value, entry.generation) })}
        >
          {GENERATIONS.map((g) => (
            <option key={g} value={g}>
              {generationLabel(g)}
            </option>
          ))}
        </select>
        <label for={`origin-rm-${i}`}>{t('originRememberMe')}</label>
        <select
          id={`origin-rm-${i}`}
          data-testid="origin-remember"
          value={entry.rememberMe}
          disabled={locked}
          onChange={(e) => props.onChange({ ...entry, rememberMe: pick(OVERRIDES, e.currentTarget.value, entry.rememberMe) })}
        >
          <option value="default">{t('originRememberDefault', modeLabel(globalMode))}</option>
          {REMEMBER_ME_MODES.map((m) => (
            <option key={m} value={m} disabled={!allowed(m)}>
              {modeLabel(m)}
            </option>
          ))}
        </select>
      </div>
      <button type="button" class="danger" data-testid="origin-remove" disabled={locked} onClick={props.onRemove} aria-label={t('originRemoveFor', entry.origin)}>
        {t('originRemove')}
      </button>
    </li>
  );
}
