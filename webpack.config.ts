// Webpack configuration for both browser targets. tools/build.ts drives it;
// `createConfig` is pure so the manifest/bundle test can call it too.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';
import CopyPlugin from 'copy-webpack-plugin';
import { EsbuildPlugin } from 'esbuild-loader';
import TerserPlugin from 'terser-webpack-plugin';
import type { MinifyOptions } from 'terser';
import { browserManifest, type Target } from './build/manifest.ts';
import { terserOnce } from './build/terser-once.ts';

const root = path.dirname(fileURLToPath(import.meta.url));

export interface BuildOptions {
  target: Target;
  /** E2E builds add test-only hooks and pre-grant the simulator origins. */
  e2e: boolean;
  outDir: string;
  version: string;
  /** Match patterns granted at install (an organisation's JOC origins, `npm run package -- --hosts`). */
  hosts?: string[];
  /**
   * Formatted, unmangled bundles for reading next to the sources (`npm run build:readable`).
   * Shipped bundles are minified: the content script runs in every JOC page at
   * document_start, the background at every wake-up. Both builds come from the same code.
   */
  readable?: boolean;
  /**
   * The minifier. Release builds always use terser (the smallest bundles, see SHIPPED).
   * E2E builds use esbuild's unless terser is asked for: the E2E build then takes 5 s of
   * CPU instead of 34 s (/usr/bin/time, 2-core machine), most of which was terser's. Its
   * bundles are larger (content script 94 KiB against 19.5 KiB: esbuild keeps the unused
   * code inside webpack's module scope) and do the same. The end-to-end tests also run the
   * release packages themselves (test/e2e/packaged.e2e.ts), and the bench asks for
   * terser, so that it measures the bundles as they ship.
   */
  minifier?: 'terser' | 'esbuild';
}

/** Unused code dropped, nothing mangled, formatted: reads next to src/. */
const READABLE: MinifyOptions = {
  compress: { defaults: false, unused: true, dead_code: true, side_effects: true, conditionals: true, evaluate: true, toplevel: true },
  mangle: false,
  format: { beautify: true, comments: false },
};
/**
 * The popup and the options page carry preact from its sources, whose internal
 * fields (`_children`, `_dom`, …) preact's own build shortens; so do we, in
 * these two bundles only (no object with such a key leaves them; the
 * background's Elasticsearch `_index`/`_id` keys are in another bundle).
 */
const PREACT_PAGES = /^(?:popup|options)\.js$/;
/**
 * `ascii_only`: a script with one character beyond Latin-1 (…, ✓) is held by
 * Chromium as UTF-16, twice its size, for as long as its code lives; escaped,
 * the background's process holds about 0.3 MiB less at rest (`npm run bench`,
 * anonymous memory; `tools/mem-probe.ts source`: 0.37 MiB for the text alone).
 * Not in the two pages: the popup's bundle is within a few hundred bytes of its budget.
 */
const SHIPPED: MinifyOptions = { ecma: 2020, compress: { passes: 3, toplevel: true, pure_getters: true }, mangle: { toplevel: true }, format: { comments: false, ascii_only: true } };
const SHIPPED_PAGES: MinifyOptions = { ...SHIPPED, mangle: { toplevel: true, properties: { regex: /^_[a-z]/ } }, format: { comments: false } };
/** One memo for every build of this process: the second target reuses the first one's results (build/terser-once.ts). */
const terser = terserOnce();

export function createConfig(opts: BuildOptions): webpack.Configuration {
  return {
    mode: 'production',
    context: root,
    devtool: false,
    entry: {
      background: './src/background/index.ts',
      content: './src/content/index.ts',
      popup: './src/ui/popup/index.tsx',
      options: './src/ui/options/index.tsx',
      // The certificate parser, started by the options page as a Worker only while a file is read.
      'cert-worker': './src/cert-worker/index.ts',
      // Chromium only: the background's certificate reader document (src/background/cert-reader.ts).
      ...(opts.target === 'chromium' ? { offscreen: './src/offscreen/index.ts' } : {}),
      // Test-only bridge (page events → background hooks); never in release builds.
      ...(opts.e2e ? { 'e2e-bridge': './test/e2e/bridge/index.ts' } : {}),
    },
    output: {
      path: opts.outDir,
      filename: '[name].js',
      clean: true,
      // No eval, no remote chunks: every entry is a self-contained file.
      chunkFormat: 'array-push',
      environment: { dynamicImport: false },
    },
    target: ['web', 'es2022'],
    resolve: {
      extensions: ['.ts', '.tsx', '.js'],
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
      // preact's sources instead of its minified dist: one code path for the readable and the shipped build.
      alias: {
        preact$: path.join(root, 'node_modules/preact/src/index.js'),
        'preact/hooks$': path.join(root, 'node_modules/preact/hooks/src/index.js'),
        'preact/jsx-runtime$': path.join(root, 'node_modules/preact/jsx-runtime/src/index.js'),
      },
    },
    module: {
      rules: [
        { test: /preact[\\/]src[\\/]diff[\\/]index\.js$/, loader: path.join(root, 'build/no-html-loader.cjs') },
        {
          test: /\.tsx?$/,
          loader: 'esbuild-loader',
          options: { target: 'es2022', jsx: 'automatic', jsxImportSource: 'preact' },
        },
      ],
    },
    optimization: {
      splitChunks: false,
      minimize: true,
      minimizer: opts.readable
        ? [new TerserPlugin({ extractComments: false, terserOptions: READABLE })]
        : opts.e2e && opts.minifier !== 'terser'
          ? [new EsbuildPlugin({ target: 'es2022', minify: true, legalComments: 'none', charset: 'ascii' })]
          : [
              new TerserPlugin({ minify: terser, extractComments: false, exclude: PREACT_PAGES, terserOptions: SHIPPED }),
              new TerserPlugin({ minify: terser, extractComments: false, include: PREACT_PAGES, terserOptions: SHIPPED_PAGES }),
            ],
      moduleIds: 'deterministic',
      chunkIds: 'deterministic',
    },
    performance: { hints: false },
    plugins: [
      new webpack.DefinePlugin({
        __FIREFOX__: JSON.stringify(opts.target === 'firefox'),
        __CHROMIUM__: JSON.stringify(opts.target === 'chromium'),
        __E2E__: JSON.stringify(opts.e2e),
        __VERSION__: JSON.stringify(opts.version),
      }),
      new CopyPlugin({
        patterns: [
          { from: 'public', to: '.', globOptions: { ignore: ['**/.gitkeep', ...(opts.target === 'chromium' ? [] : ['**/offscreen.html'])] } },
          {
            from: 'manifest.json',
            to: 'manifest.json',
            transform: (content: Buffer) =>
              JSON.stringify(
                browserManifest(JSON.parse(content.toString('utf8')) as Record<string, unknown>, opts.target, {
                  e2e: opts.e2e,
                  version: opts.version,
                  hosts: opts.hosts ?? [],
                }),
                null,
                2,
              ) + '\n',
          },
        ],
      }),
    ],
  };
}

export default createConfig;
