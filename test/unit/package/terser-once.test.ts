// build/terser-once.ts: each (input, options) is minified once per process, and
// what comes back is what terser gives.
import TerserPlugin from 'terser-webpack-plugin';
import { describe, expect, it, vi } from 'vitest';
import { minifyKey, terserOnce } from '../../../build/terser-once.ts';

const INPUT = { 'a.js': 'function hello(name) { const greeting = "hello " + name; return greeting; } hello("x");' };
const OPTS = { compress: { passes: 2 }, mangle: { toplevel: true } };
const PAGES = (regex: RegExp): unknown => ({ mangle: { properties: { regex } } });

describe('minifyKey', () => {
  it.each([
    ['another file name', [{ 'b.js': INPUT['a.js'] }, OPTS, false], OPTS],
    ['another text', [{ 'a.js': `${INPUT['a.js']};` }, OPTS, false], OPTS],
    ['other options', [INPUT, { ...OPTS, compress: { passes: 3 } }, false], OPTS],
    ['another RegExp (JSON alone writes every RegExp as {})', [INPUT, PAGES(/^_[b-z]/), false], PAGES(/^_[a-z]/)],
    ['comments extracted', [INPUT, OPTS, true], OPTS],
  ] as const)('differs for %s', (_what, [input, options, comments], baseOptions) => {
    expect(minifyKey(input, options, comments)).not.toBe(minifyKey(INPUT, baseOptions, false));
  });

  it('is the same for the same input, options and setting', () => {
    expect(minifyKey({ ...INPUT }, structuredClone(OPTS), false)).toBe(minifyKey(INPUT, OPTS, false));
  });
});

describe('terserOnce', () => {
  it("gives terser's own result, computing it once per input and options", async () => {
    const spy = vi.spyOn(TerserPlugin, 'terserMinify');
    try {
      const once = terserOnce();
      const first = await once(INPUT, undefined, OPTS, false);
      const second = await once({ ...INPUT }, undefined, structuredClone(OPTS), false);
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();
      const direct = await TerserPlugin.terserMinify(INPUT, undefined, OPTS, false);
      expect(first.code).toBe(direct.code);
      expect(second.code).toBe(direct.code);
      expect(second).not.toBe(first); // a copy each time: the plugin rewrites what it gets
    } finally {
      spy.mockRestore();
    }
  });

  it('does not keep a failure', async () => {
    const once = terserOnce();
    const broken = { 'a.js': 'function (' };
    await expect(once(broken, undefined, OPTS, false)).rejects.toBeDefined();
    const spy = vi.spyOn(TerserPlugin, 'terserMinify');
    try {
      await expect(once(broken, undefined, OPTS, false)).rejects.toBeDefined();
      expect(spy).toHaveBeenCalledTimes(1); // tried again, not answered from the memo
    } finally {
      spy.mockRestore();
    }
  });
});
