// (a) JOC origins: list, add (with host permission), remove, per-origin settings.
import { useEffect, useState } from 'preact/hooks';
import { normaliseOrigin, type OriginSettings } from '../../shared/settings/effective.ts';
import { api } from './api.ts';
import { hasOriginPermission, requestOriginPermission } from '../common/api.ts';
import { hostPermissionPattern, isLocked, parseAddHash } from '../common/format.ts';
import { t } from '../common/i18n.ts';
import { LockedNote, SaveStatus, Section, WeakeningNote } from './common.tsx';
import { OriginRow } from './OriginRow.tsx';
import type { SaveOutcome, SettingsApi } from './use-settings.ts';
import type { SettingsReply } from './api.ts';
import { runTask } from '../../shared/run-task.ts';

type Note = { kind: 'error' | 'warning' | 'ok'; text: string };

export function OriginsSection(props: { data: SettingsReply; save: SettingsApi['save'] }) {
  const { data, save } = props;
  const origins = data.settings.origins;
  const locked = isLocked(data.locked, 'origins');
  // #add=<origin> from the popup's "Add this site"; not when it is configured already.
  const [input, setInput] = useState(() => {
    const wanted = parseAddHash(location.hash) ?? '';
    const n = normaliseOrigin(wanted);
    return n.ok && origins.some((o) => o.origin === n.origin) ? '' : wanted;
  });
  const [note, setNote] = useState<Note | null>(null);
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [grants, setGrants] = useState<Record<string, boolean>>({});

  const checkGrants = async () => {
    const entries = await Promise.all(origins.map(async (o) => [o.origin, await hasOriginPermission(hostPermissionPattern(o.origin) ?? '')] as const));
    setGrants(Object.fromEntries(entries));
  };
  const originKey = origins.map((o) => o.origin).join(' ');
  useEffect(() => {
    runTask('check host access', checkGrants());
  }, [originKey]);

  const saveOrigins = async (next: OriginSettings[]): Promise<SaveOutcome> => {
    const r = await save({ origins: next });
    setOutcome(r);
    if (r.ok) await api.originsChanged().catch(() => undefined);
    return r;
  };

  const add = (e: Event) => {
    e.preventDefault();
    setOutcome(null);
    const n = normaliseOrigin(input);
    if (!n.ok) return setNote({ kind: 'error', text: t('originInvalid', n.error) });
    if (origins.some((o) => o.origin === n.origin)) return setNote({ kind: 'error', text: t('originDuplicate', n.origin) });
    const pattern = hostPermissionPattern(n.origin);
    if (pattern === null) return setNote({ kind: 'error', text: t('originInvalid', n.origin) });
    // No await before this call: permissions.request needs the click's user gesture.
    const permission = requestOriginPermission(pattern);
    // Saved while the browser's prompt is open: the origin is configured (and
    // shown as "no access") even if the user dismisses the prompt.
    runTask('add origin', async () => {
      const r = await saveOrigins([...origins, { origin: n.origin, label: '', generation: 'auto', rememberMe: 'default' }]);
      if (!r.ok) return setNote(null);
      setInput('');
      setNote({ kind: 'warning', text: t('originAddedWaiting', n.origin) });
      const granted = await permission;
      if (granted) await api.originsChanged().catch(() => undefined);
      setNote(granted ? { kind: 'ok', text: t('originAdded', n.origin) } : { kind: 'warning', text: t('originAddedNotGranted', n.origin) });
      await checkGrants();
    });
  };

  const grant = (origin: string) => {
    const pattern = hostPermissionPattern(origin);
    if (pattern === null) return;
    runTask('grant host access', requestOriginPermission(pattern).then(async (granted) => {
      if (granted) await api.originsChanged().catch(() => undefined);
      setNote(granted ? { kind: 'ok', text: t('grantDone') } : { kind: 'warning', text: t('grantDenied') });
      await checkGrants();
    }));
  };

  return (
    <Section id="origins" title={t('originsHeading')} intro={t('originsIntro')}>
      <LockedNote locked={locked} />
      <WeakeningNote locked={data.locked} paths={['origins']} />
      {origins.length === 0 && (
        <div class="msg msg-info" data-testid="origins-empty">
          <p>{t('originsEmpty')}</p>
          <p>{t('originsEmptyHow')}</p>
        </div>
      )}
      {origins.length > 0 && (
        <ul class="origin-list">
          {origins.map((o, i) => (
            <OriginRow
              key={o.origin}
              entry={o}
              index={i}
              data={data}
              granted={grants[o.origin] ?? null}
              onChange={(next) => void saveOrigins(origins.map((x, j) => (j === i ? next : x)))}
              onRemove={() => void saveOrigins(origins.filter((_, j) => j !== i))}
              onGrant={() => grant(o.origin)}
            />
          ))}
        </ul>
      )}
      <form class="inline-form" onSubmit={add}>
        <label for="origin-input">{t('originAddLabel')}</label>
        <input
          id="origin-input"
          data-testid="origin-input"
          type="text"
          inputMode="url"
          spellcheck={false}
          autocomplete="off"
          placeholder="https://joc.example.com:4443"
          value={input}
          disabled={locked}
          aria-describedby="origin-input-help"
          onInput={(e) => setInput(e.currentTarget.value)}
        />
        <button type="submit" data-testid="origin-add" disabled={locked}>
          {t('originAddButton')}
        </button>
        <p id="origin-input-help" class="muted small">
          {t('originAddHelp')}
        </p>
      </form>
      {note !== null && (
        <p class={`msg msg-${note.kind}`} role={note.kind === 'error' ? 'alert' : 'status'} data-testid="origin-note">
          {note.text}
        </p>
      )}
      <SaveStatus outcome={outcome} />
    </Section>
  );
}
