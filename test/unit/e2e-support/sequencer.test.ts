import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { weight } from '../../e2e/support/sequencer.ts';

const e2eFiles = readdirSync(path.resolve(import.meta.dirname, '../../e2e'))
  .filter((f) => f.endsWith('.e2e.ts'))
  .map((f) => `test/e2e/${f}`);

describe('end-to-end order: longest file first', () => {
  it('knows a duration for every end-to-end file in both browsers (a new file: add its time to durations.json)', () => {
    const missing = e2eFiles.flatMap((f) => ['chromium', 'firefox'].filter((p) => weight(p, f) === Number.MAX_SAFE_INTEGER).map((p) => `${p}:${f}`));
    expect(missing).toEqual([]);
  });

  it('puts a file it does not know before every known one', () => {
    expect(weight('firefox', 'test/e2e/new.e2e.ts')).toBeGreaterThan(Math.max(...e2eFiles.map((f) => weight('firefox', f))));
  });

  it('orders by the measured time across both browsers', () => {
    expect(weight('firefox', 'test/e2e/order-of-events.e2e.ts')).toBeGreaterThan(weight('chromium', 'test/e2e/smoke.e2e.ts'));
  });
});
