// Small presentational pieces shared by the popup and the options page.
import type { ComponentChildren } from 'preact';
import type { Finding, Level } from '../../shared/cert/types.ts';
import { chainReasonKey, findingText, shortFingerprint } from './message-keys.ts';
import { tk, tMaybe } from './i18n.ts';
import { levelLabel } from './labels.ts';

const LEVEL_ICONS: Record<Level | 'none', string> = { ok: '✓', warning: '!', error: '✕', none: '–' };

/** Level as icon + word (never colour alone). */
export function LevelBadge(props: { level: Level | 'none'; testid?: string }) {
  return (
    <span class={`badge badge-${props.level}`} data-testid={props.testid} data-level={props.level}>
      <span aria-hidden="true">{LEVEL_ICONS[props.level]}</span> {levelLabel(props.level)}
    </span>
  );
}

export function translateReason(reason: string): string {
  return tMaybe(chainReasonKey(reason)) ?? reason;
}

export function findingMessage(f: Finding): string {
  return tk(findingText(f, translateReason));
}

export function Findings(props: { findings: readonly Finding[] }) {
  if (props.findings.length === 0) return null;
  return (
    <ul class="findings">
      {props.findings.map((f, i) => (
        <li key={`${f.code}-${i}`} class={`finding finding-${f.level}`} data-code={f.code} data-level={f.level}>
          <span class="visually-hidden">{levelLabel(f.level)}: </span>
          {findingMessage(f)}
        </li>
      ))}
    </ul>
  );
}

/** Shortened fingerprint with the full value in the title and for copy. */
export function Fingerprint(props: { value: string }) {
  return (
    <code class="fp" title={props.value}>
      {shortFingerprint(props.value)}
    </code>
  );
}

/** A definition-list row. */
export function Row(props: { label: string; children: ComponentChildren; testid?: string }) {
  return (
    <div class="row">
      <dt>{props.label}</dt>
      <dd data-testid={props.testid}>{props.children}</dd>
    </div>
  );
}
