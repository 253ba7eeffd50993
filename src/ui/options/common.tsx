// Pieces shared by the options page sections.
import type { ComponentChildren } from 'preact';
import { securityManaged } from '../../shared/settings/effective.ts';
import type { SaveOutcome } from './use-settings.ts';
import { isLocked } from '../common/format.ts';
import { t } from '../common/i18n.ts';

export function LockedNote(props: { locked: boolean }) {
  if (!props.locked) return null;
  return (
    <span class="locked" data-testid="locked-note">
      <span aria-hidden="true">🔒</span> {t('lockedByAdmin')}
    </span>
  );
}

/**
 * Under a managed policy that sets a security field: weakening the fields of
 * `paths` that are still changeable is recorded for the administrator.
 */
export function WeakeningNote(props: { locked: readonly string[]; paths: readonly string[] }) {
  const { locked } = props;
  if (!securityManaged(locked) || props.paths.every((p) => isLocked(locked, p))) return null;
  return (
    <p class="msg msg-info small" data-testid="weakening-note">
      {t('weakeningNote')}
    </p>
  );
}

/** The outcome of a save, next to the button that caused it. */
export function SaveStatus(props: { outcome: SaveOutcome | null; okText?: string }) {
  const o = props.outcome;
  if (o === null) return null;
  if (o.ok && o.weakened !== undefined && o.weakened.length > 0) {
    return (
      <div class="msg msg-warning" role="status" data-testid="save-status" data-ok="true" data-weakened={o.weakened.join(' ')}>
        <p>{props.okText ?? t('saved')}</p>
        <p data-testid="weakened-recorded">{t('weakenedRecorded', o.weakened.join(', '))}</p>
      </div>
    );
  }
  if (o.ok) {
    return (
      <p class="msg msg-ok" role="status" data-testid="save-status" data-ok="true">
        {props.okText ?? t('saved')}
      </p>
    );
  }
  return (
    <div class="msg msg-error" role="alert" data-testid="save-status" data-ok="false">
      <p>{t('notSaved')}</p>
      <ul class="errors">
        {o.errors.map((e, i) => (
          <li key={i}>{e}</li>
        ))}
      </ul>
    </div>
  );
}

export function Section(props: { id: string; title: string; intro?: string; children: ComponentChildren }) {
  return (
    <section id={props.id} class="card" aria-labelledby={`${props.id}-h`}>
      <h2 id={`${props.id}-h`}>{props.title}</h2>
      {props.intro !== undefined && <p class="muted">{props.intro}</p>}
      {props.children}
    </section>
  );
}
