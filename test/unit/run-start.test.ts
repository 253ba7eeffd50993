// The first start of an extension run is marked done only after its work (src/shared/run-start.ts):
// a background stopped mid-way leaves the work to the next wake-up instead of skipping it all run.
import { describe, expect, it } from 'vitest';
import { RUN_STARTED_KEY, runStart } from '../../src/shared/run-start.ts';
import { MemoryArea } from './helpers/memory-area.ts';

describe('runStart', () => {
  it.each([
    { name: 'nothing stored: the first start', stored: undefined, fresh: true },
    { name: 'marked: a later wake-up', stored: true, fresh: false },
    { name: 'a stored value of another type: the first start', stored: 'yes', fresh: true },
  ])('$name', async ({ stored, fresh }) => {
    const area = new MemoryArea();
    if (stored !== undefined) area.put(RUN_STARTED_KEY, stored);
    expect((await runStart(area)).fresh).toBe(fresh);
  });

  it('is not marked until done() is called after the work', async () => {
    const area = new MemoryArea();
    const first = await runStart(area);
    expect(first.fresh).toBe(true);
    expect(area.data.has(RUN_STARTED_KEY)).toBe(false);
    // The background stops here, before its work is done: the next wake-up does it again.
    expect((await runStart(area)).fresh).toBe(true);
    const second = await runStart(area);
    await second.done();
    expect((await runStart(area)).fresh).toBe(false);
  });

  it('unreadable storage counts as the first start (the work is redone, never skipped)', async () => {
    const area = new MemoryArea();
    area.put(RUN_STARTED_KEY, true);
    area.failNext = 'get';
    expect((await runStart(area)).fresh).toBe(true);
  });

  it('a failing mark does not reject (the next wake-up then does the work again)', async () => {
    const area = new MemoryArea();
    const start = await runStart(area);
    area.failNext = 'set';
    await expect(start.done()).resolves.toBeUndefined();
    expect((await runStart(area)).fresh).toBe(true);
  });
});
