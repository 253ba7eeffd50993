import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

// Issue 16: a file a reader takes in at once. Over 200 lines, split it by concern.
const SRC = path.resolve(import.meta.dirname, '../../src');
const MAX_LINES = 200;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

it(`no source file under src/ is longer than ${MAX_LINES} lines`, () => {
  const sources = files(SRC).filter((f) => /\.(ts|tsx|css|html)$/.test(f));
  expect(sources.length).toBeGreaterThan(50);
  const long = sources
    .map((f) => ({ file: path.relative(SRC, f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
    .filter((f) => f.lines > MAX_LINES)
    .map((f) => `${f.file}: ${f.lines}`);
  expect(long).toEqual([]);
});
