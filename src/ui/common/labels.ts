// Texts for small closed sets of values. Written as literal t('…') calls so the
// locale test finds every key by scanning the sources.
import type { Level } from '../../shared/cert/types.ts';
import { daysKey } from './message-keys.ts';
import { t, tk } from './i18n.ts';

export function modeLabel(mode: string): string {
  switch (mode) {
    case 'forbid':
      return t('modeForbid');
    case 'expire':
      return t('modeExpire');
    case 'allow':
      return t('modeAllow');
    default:
      return t('modeUnknown');
  }
}

export function modeHelp(mode: string): string {
  switch (mode) {
    case 'forbid':
      return t('modeForbidHelp');
    case 'expire':
      return t('modeExpireHelp');
    case 'allow':
      return t('modeAllowHelp');
    default:
      return t('modeUnknown');
  }
}

export function levelLabel(level: Level | 'none'): string {
  switch (level) {
    case 'ok':
      return t('levelOk');
    case 'warning':
      return t('levelWarning');
    case 'error':
      return t('levelError');
    default:
      return t('levelNone');
  }
}

export function generationLabel(gen: string | null): string {
  switch (gen) {
    case 'js7':
      return t('generationJs7');
    case '1.x':
      return t('generation1x');
    case 'auto':
      return t('generationAuto');
    default:
      return t('generationUnknown');
  }
}

export function yesNo(value: boolean): string {
  return value ? t('yes') : t('no');
}

/** "12 days left", "expires today", "expired 3 days ago" (see daysKey). */
export function daysText(days: number): string {
  return tk(daysKey(days));
}
