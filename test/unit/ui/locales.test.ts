// Locale files: same keys in every language, consistent $n substitutions, valid
// names, and every key the sources use (literal t('…') / getMessage('…') calls,
// keys derived from codes, __MSG_…__ in the manifest) present.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allDerivedKeys, derivedSubCounts } from '../../../src/ui/common/message-keys.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const LOCALES_DIR = path.join(root, 'public/_locales');

type Messages = Record<string, { message: string; description?: string; placeholders?: unknown }>;

function load(lang: string): Messages {
  return JSON.parse(readFileSync(path.join(LOCALES_DIR, lang, 'messages.json'), 'utf8')) as Messages;
}

const langs = readdirSync(LOCALES_DIR).filter((d) => statSync(path.join(LOCALES_DIR, d)).isDirectory());
const en = load('en');

/** The $1…$9 substitutions a message uses ("$$" is a literal dollar sign). */
function subs(message: string): number[] {
  const found = new Set<number>();
  for (const m of message.replace(/\$\$/g, '').matchAll(/\$([1-9])/g)) found.add(Number(m[1]));
  return [...found].sort();
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return walk(p);
    return /\.tsx?$/.test(f) ? [p] : [];
  });
}

/** The argument text of a call starting at `open` (just after the '('), up to its ')'. */
function callArgs(src: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = open;
  for (let i = open; i < src.length; i++) {
    const c = src[i] ?? '';
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) {
        args.push(src.slice(start, i));
        return args;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      args.push(src.slice(start, i));
      start = i + 1;
    }
  }
  return args;
}

interface Use {
  key: string;
  file: string;
  withSubs: boolean;
}

/** Literal keys in the first argument of t(…) / getMessage(…), including both arms of a ternary. */
function usedKeys(): Use[] {
  const uses: Use[] = [];
  for (const file of walk(path.join(root, 'src'))) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/\b(?:t|getMessage)\(/g)) {
      const args = callArgs(src, (m.index ?? 0) + m[0].length);
      const first = args[0] ?? '';
      const withSubs = args.length > 1 && (args[1] ?? '').trim() !== '';
      for (const lit of first.matchAll(/'([^'\\]*)'/g)) {
        const key = lit[1] ?? '';
        if (/^[A-Za-z0-9_@]+$/.test(key)) uses.push({ key, file: path.relative(root, file), withSubs });
      }
    }
  }
  return uses;
}

describe('locales', () => {
  it('has en and de', () => {
    expect(langs).toEqual(expect.arrayContaining(['en', 'de']));
  });

  it.each(langs)('%s has exactly the keys of en', (lang) => {
    expect(Object.keys(load(lang)).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(langs)('%s: names are valid, unique ignoring case, messages non-empty', (lang) => {
    const msgs = load(lang);
    const lower = new Set<string>();
    for (const [key, entry] of Object.entries(msgs)) {
      expect(key, key).toMatch(/^[A-Za-z0-9_@]+$/);
      expect(key.startsWith('@@'), key).toBe(false);
      expect(lower.has(key.toLowerCase()), `${key} differs from another key only by case`).toBe(false);
      lower.add(key.toLowerCase());
      expect(typeof entry.message, key).toBe('string');
      expect(entry.message.trim(), key).not.toBe('');
      // Named placeholders ($name$) would need a "placeholders" block; we use $1…$9 only.
      expect(entry.message, key).not.toMatch(/\$[A-Za-z_]\w*\$/);
    }
  });

  it.each(langs.filter((l) => l !== 'en'))('%s uses the same $n substitutions as en', (lang) => {
    const msgs = load(lang);
    for (const [key, entry] of Object.entries(en)) {
      expect(subs(msgs[key]?.message ?? ''), key).toEqual(subs(entry.message));
    }
  });

  it('has every key the sources use', () => {
    const missing = usedKeys().filter((u) => !(u.key in en));
    expect(missing).toEqual([]);
    expect(usedKeys().length).toBeGreaterThan(100);
  });

  it('calls without substitutions use messages without $n', () => {
    const bad = usedKeys().filter((u) => !u.withSubs && en[u.key] && subs(en[u.key]?.message ?? '').length > 0);
    expect(bad).toEqual([]);
  });

  it('has every key derived from codes, with no more $n than the code provides', () => {
    const counts = derivedSubCounts();
    for (const key of allDerivedKeys()) {
      expect(en[key], key).toBeDefined();
      const max = Math.max(0, ...subs(en[key]?.message ?? ''));
      expect(max, key).toBeLessThanOrEqual(counts[key] ?? 0);
    }
  });

  it('has the keys the content script builds dynamically (hints.ts)', () => {
    // hints.ts builds `hintAccount_${kind}`; 'no-cn' must be mapped to 'no_cn' there.
    for (const key of ['hintAccount_case', 'hintAccount_whitespace', 'hintAccount_different', 'hintAccount_no_cn', 'hintCertExpired', 'hintCertExpiring']) {
      expect(en[key], key).toBeDefined();
    }
  });

  it('has every __MSG_…__ key of the manifest', () => {
    const manifest = readFileSync(path.join(root, 'manifest.json'), 'utf8');
    for (const m of manifest.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)) expect(en[m[1] ?? ''], m[1]).toBeDefined();
  });
});

describe('locale hygiene', () => {
  it('has no unused keys', () => {
    const used = new Set([...usedKeys().map((u) => u.key), ...allDerivedKeys()]);
    const manifest = readFileSync(path.join(root, 'manifest.json'), 'utf8');
    for (const m of manifest.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)) used.add(m[1] ?? '');
    expect(Object.keys(en).filter((k) => !used.has(k))).toEqual([]);
  });
});
