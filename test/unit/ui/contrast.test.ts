// WCAG AA: every text colour of public/ui.css on each background it is used on
// reaches 4.5:1, in the light and in the dark theme.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const css = readFileSync(path.join(root, 'public/ui.css'), 'utf8');

function vars(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

const lightBlock = /:root\s*{([^}]*)}/.exec(css)?.[1] ?? '';
const darkBlock = /prefers-color-scheme:\s*dark\)\s*{\s*:root\s*{([^}]*)}/.exec(css)?.[1] ?? '';
const light = vars(lightBlock);
const dark = { ...light, ...vars(darkBlock) };

function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (c[0] ?? 0) + 0.7152 * (c[1] ?? 0) + 0.0722 * (c[2] ?? 0);
}
function ratio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

/** [text, background] pairs as ui.css, popup.css and options.css combine them. */
const PAIRS: Array<[string, string]> = [
  ['--fg', '--bg'],
  ['--fg', '--card'],
  ['--muted', '--bg'],
  ['--muted', '--card'],
  ['--accent', '--bg'],
  ['--accent', '--card'],
  ['--accent-fg', '--accent'],
  ['--danger-fg', '--danger'],
  ['--ok-fg', '--ok-bg'],
  ['--warn-fg', '--warn-bg'],
  ['--err-fg', '--err-bg'],
  ['--info-fg', '--info-bg'],
  ['--ok-fg', '--card'],
  ['--warn-fg', '--card'],
  ['--err-fg', '--card'],
  ['--warn-fg', '--bg'],
  ['--err-fg', '--bg'],
];

describe('ui.css contrast', () => {
  it('defines both themes', () => {
    expect(Object.keys(light).length).toBeGreaterThan(15);
    expect(Object.keys(vars(darkBlock)).length).toBeGreaterThan(15);
  });
  for (const [name, theme] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    it.each(PAIRS)(`${name}: %s on %s ≥ 4.5:1`, (fg, bg) => {
      const a = theme[fg];
      const b = theme[bg];
      expect(a, fg).toBeDefined();
      expect(b, bg).toBeDefined();
      expect(ratio(a ?? '', b ?? '')).toBeGreaterThanOrEqual(4.5);
    });
  }
});
