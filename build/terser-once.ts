// Terser, once per input. The content script, the popup, the options page and
// the certificate parser are the same bytes in both targets (only the background
// and Chromium's offscreen document differ), and tools/build.ts builds the two
// targets one after the other in one process: their second minification gives
// back the first one's result instead of computing it again: a release build
// took 33 s of CPU and takes 22 s (/usr/bin/time, 2 cores), and its output is
// byte for byte the same (compared with diff -r; the packaging tests compare two
// builds made in separate processes, each with its own memo).
import { createHash } from 'node:crypto';
import TerserPlugin, { type MinimizerImplementation } from 'terser-webpack-plugin';
import type { MinifyOptions } from 'terser';

type Minify = (...args: Parameters<typeof TerserPlugin.terserMinify>) => ReturnType<typeof TerserPlugin.terserMinify>;
type Result = Awaited<ReturnType<Minify>>;

/** The key: every input file with its name, the options (a RegExp by its source) and the comment setting. */
export function minifyKey(input: Record<string, string>, options: unknown, extractComments: unknown): string {
  const text = JSON.stringify([input, options, extractComments ?? null], (_k, v: unknown) => (v instanceof RegExp ? `RegExp(${String(v)})` : v));
  return createHash('sha256').update(text).digest('hex');
}

/** A terser implementation for TerserPlugin that computes each (input, options) once per process. */
export function terserOnce(): MinimizerImplementation<MinifyOptions> {
  const done = new Map<string, Promise<Result>>();
  const once: Minify = (input, sourceMap, options, extractComments) => {
    // With a source map the result depends on it too: not kept (release builds have none).
    if (sourceMap) return TerserPlugin.terserMinify(input, sourceMap, options, extractComments);
    const key = minifyKey(input, options, extractComments);
    let result = done.get(key);
    if (!result) {
      result = TerserPlugin.terserMinify(input, undefined, options, extractComments);
      done.set(key, result);
      result.catch(() => done.delete(key)); // a failure is not kept
    }
    // A copy: the plugin rewrites the warnings and errors of the object it gets.
    return result.then((r) => ({ ...r }));
  };
  return Object.assign(once, {
    getMinimizerVersion: TerserPlugin.terserMinify.getMinimizerVersion,
    // In this process: a worker would have its own, empty memo.
    supportsWorker: () => false,
  });
}
