// A record enqueued while a flush is under way must be sent by the flush()
// called after its enqueue, wherever in that run the enqueue lands: the
// background calls flush() after every audit write and schedules nothing else
// when the outbox looks settled, so a record left behind would wait for the
// next audit event (seen in the forwarding E2E: session.end never arrived).
import { describe, expect, it } from 'vitest';
import type { FlushResult } from '../../../src/shared/audit/forwarder.ts';
import { MemoryArea } from '../helpers/memory-area.ts';
import { setup } from './fake-collector.ts';

/** An area that runs `hook` once, on its n-th read after `armed` is set. */
class TriggerArea extends MemoryArea {
  armed = false;
  private reads = 0;
  constructor(
    private readonly n: number,
    private readonly hook: () => void,
  ) {
    super();
  }
  override async get(keys: string[]): Promise<Record<string, unknown>> {
    if (this.armed && ++this.reads === this.n) this.hook();
    return super.get(keys);
  }
}

/** One run of the scenario: the enqueue fires at the run's n-th read (never when n is past its last). */
async function scenario(n: number): Promise<{ fired: boolean; sent: boolean; pending: number }> {
  const box: { later: Promise<FlushResult> | null } = { later: null };
  let fire = (): void => undefined;
  const area = new TriggerArea(n, () => fire());
  const { fwd, collector, record } = setup({ batchSize: 10 }, area);
  const [first] = await record(1);
  const [second] = await record(1);
  if (!first || !second) throw new Error('no records');
  await fwd.enqueue([first]);
  // What audit() does for a new record: write it to the outbox, then flush.
  fire = () => {
    box.later = fwd.enqueue([second]).then(() => fwd.flush());
  };
  area.armed = true;
  await fwd.flush();
  const pending = box.later;
  if (pending) await pending;
  return { fired: pending !== null, sent: collector.stored.has(second.id) && collector.stored.has(first.id), pending: (await fwd.status()).pending };
}

describe('flush while a flush is under way', () => {
  it('an enqueue landing at any read of the run is sent by the flush() called after it', async () => {
    const missed: number[] = [];
    let n = 1;
    for (; n < 100; n++) {
      const r = await scenario(n);
      if (!r.fired) break; // past the run's last read
      if (!r.sent || r.pending !== 0) missed.push(n);
    }
    expect(n).toBeGreaterThan(5); // the run reads the outbox and its state several times
    expect(missed).toEqual([]);
  });
});
