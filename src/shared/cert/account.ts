// JOC requires the login account to equal the certificate CN exactly (Java String.equals), or to be
// empty (the server then uses the CN). This explains near misses; `detail` is technical, not UI text.

export type AccountMatchKind = 'exact' | 'empty-account' | 'case' | 'whitespace' | 'different' | 'no-cn';

export interface AccountMatch {
  match: boolean;
  kind: AccountMatchKind;
  detail?: string;
}

/** Whitespace and invisible format characters (NBSP, zero-width space/joiners, BOM, ideographic space …). */
const INVISIBLE = /[\s\u00a0\u180e\u200b-\u200d\u2060\ufeff]/gu;

function codePoint(ch: string | undefined): string {
  if (ch === undefined) return 'end of string';
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function firstDifference(a: string, b: string): string {
  const ca = [...a];
  const cb = [...b];
  let i = 0;
  while (i < ca.length && i < cb.length && ca[i] === cb[i]) i++;
  return `first difference at character ${i + 1}: account has ${codePoint(ca[i])}, CN has ${codePoint(cb[i])}`;
}

function describeInvisible(s: string, who: string): string[] {
  const out: string[] = [];
  const chars = [...s];
  for (const [i, ch] of chars.entries()) {
    if (!/^[\s\u00a0\u180e\u200b-\u200d\u2060\ufeff]$/u.test(ch)) continue;
    const where = i === 0 ? 'leading' : i === chars.length - 1 ? 'trailing' : 'inner';
    out.push(`${who} has ${where} ${codePoint(ch)} at character ${i + 1}`);
  }
  return out;
}

export function compareAccountToCN(account: string, cn: string | null): AccountMatch {
  if (cn === null) return { match: false, kind: 'no-cn', detail: 'the certificate subject has no CN attribute' };
  if (account === '') return { match: true, kind: 'empty-account', detail: 'empty account: the server uses the CN' };
  if (account === cn) return { match: true, kind: 'exact' };

  const strip = (s: string): string => s.replace(INVISIBLE, '');
  const lower = (s: string): string => s.toLowerCase();
  if (strip(account) === strip(cn)) {
    const notes = [...describeInvisible(account, 'account'), ...describeInvisible(cn, 'CN')];
    return { match: false, kind: 'whitespace', detail: notes.join('; ') || firstDifference(account, cn) };
  }
  if (lower(account) === lower(cn)) {
    return { match: false, kind: 'case', detail: firstDifference(account, cn) };
  }
  if (lower(strip(account)) === lower(strip(cn))) {
    return { match: false, kind: 'case', detail: `${firstDifference(account, cn)}; whitespace differs as well` };
  }
  if (account.normalize('NFC') === cn.normalize('NFC')) {
    return { match: false, kind: 'different', detail: `same text in a different Unicode normalization form; ${firstDifference(account, cn)}` };
  }
  if (strip(account) === '') return { match: false, kind: 'different', detail: 'the account consists only of whitespace' };
  return { match: false, kind: 'different', detail: firstDifference(account, cn) };
}
