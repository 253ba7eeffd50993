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

const strip = (s: string): string => s.replace(INVISIBLE, '');
const lower = (s: string): string => s.toLowerCase();

/** The kind of match alone (the login page's hints need no more, and stay small). */
export function accountMatchKind(account: string, cn: string | null): AccountMatchKind {
  if (cn === null) return 'no-cn';
  if (account === '') return 'empty-account';
  if (account === cn) return 'exact';
  if (strip(account) === strip(cn)) return 'whitespace';
  if (lower(strip(account)) === lower(strip(cn))) return 'case';
  return 'different';
}

export function compareAccountToCN(account: string, cn: string | null): AccountMatch {
  const kind = accountMatchKind(account, cn);
  const match = kind === 'exact' || kind === 'empty-account';
  if (cn === null) return { match, kind, detail: 'the certificate subject has no CN attribute' };
  if (kind === 'empty-account') return { match, kind, detail: 'empty account: the server uses the CN' };
  if (kind === 'exact') return { match, kind };
  if (kind === 'whitespace') {
    const notes = [...describeInvisible(account, 'account'), ...describeInvisible(cn, 'CN')];
    return { match, kind, detail: notes.join('; ') || firstDifference(account, cn) };
  }
  if (kind === 'case') {
    const alsoSpace = lower(account) !== lower(cn);
    return { match, kind, detail: `${firstDifference(account, cn)}${alsoSpace ? '; whitespace differs as well' : ''}` };
  }
  if (account.normalize('NFC') === cn.normalize('NFC')) {
    return { match, kind, detail: `same text in a different Unicode normalization form; ${firstDifference(account, cn)}` };
  }
  if (strip(account) === '') return { match, kind, detail: 'the account consists only of whitespace' };
  return { match, kind, detail: firstDifference(account, cn) };
}
