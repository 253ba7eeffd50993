// The UI's only way to text: every visible string comes from _locales.
import { ext } from '../../platform/browser.ts';
import type { KeyedText } from './message-keys.ts';

type Sub = string | number;

/** The message for `key` with $1…$9 substituted; the key itself if missing (visible in tests). */
export function t(key: string, subs?: Sub | readonly Sub[]): string {
  const list = subs === undefined ? undefined : (Array.isArray(subs) ? subs : [subs]).map((s: Sub) => String(s));
  return ext.i18n.getMessage(key, list) || key;
}

/** For keys derived from codes: null instead of the key when there is no such message. */
export function tMaybe(key: string | null, subs?: readonly Sub[]): string | null {
  if (key === null) return null;
  const text = ext.i18n.getMessage(key, subs?.map(String));
  return text === '' ? null : text;
}

export function tk(k: KeyedText): string {
  return t(k.key, k.subs);
}

export function uiLocale(): string {
  try {
    return ext.i18n.getUILanguage();
  } catch {
    return 'en';
  }
}

/** Sets <html lang> and the document title of an extension page. */
export function initDocument(title: string): void {
  document.documentElement.lang = uiLocale();
  document.title = title;
}
