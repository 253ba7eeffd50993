// The options page's side of the certificate worker: answers are passed on, a reading that takes
// too long is stopped (the worker is terminated) with a clear error, and a broken worker never
// leaves the page waiting.
import { describe, expect, it } from 'vitest';
import { readFileInWorker, readPemsInWorker, type WorkerLike } from '../../../src/shared/cert/reader-run.ts';

class FakeWorker implements WorkerLike {
  onmessage: ((e: MessageEvent<unknown>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  posted: unknown[] = [];
  terminated = false;
  constructor(private readonly behaviour: (w: FakeWorker, msg: unknown) => void) {}
  postMessage(msg: unknown): void {
    this.posted.push(msg);
    this.behaviour(this, msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(data: unknown): void {
    setTimeout(() => this.onmessage?.({ data } as MessageEvent<unknown>), 1);
  }
}

const file = { kind: 'file' as const, bytes: new Uint8Array([1, 2, 3]), name: 'x.p12', password: 'pw' };

describe('readFileInWorker', () => {
  it.each<[string, (w: FakeWorker) => void, unknown]>([
    ['answer passed on', (w) => w.reply({ ok: false, error: 'p12-too-costly', detail: 'd' }), { ok: false, error: 'p12-too-costly', detail: 'd' }],
    ['no answer before the deadline → read-timeout', () => undefined, { ok: false, error: 'read-timeout', detail: 'reading stopped after 0.03 s' }],
    ['worker error', (w) => setTimeout(() => w.onerror?.({} as ErrorEvent), 1), { ok: false, error: 'not-a-certificate', detail: 'the certificate reader failed' }],
    ['malformed answer', (w) => w.reply('nonsense'), { ok: false, error: 'not-a-certificate', detail: 'malformed answer' }],
  ])('%s; the worker is always terminated', async (_label, behaviour, expected) => {
    let made: FakeWorker | null = null;
    const r = await readFileInWorker(file, { deadlineMs: 30, create: () => (made = new FakeWorker((w) => behaviour(w))) });
    expect(r).toEqual(expected);
    expect(made!.terminated).toBe(true);
    expect(made!.posted).toEqual([file]);
  });

  it('a worker that cannot start', async () => {
    const r = await readFileInWorker(file, {
      create: () => {
        throw new Error('CSP');
      },
    });
    expect(r).toEqual({ ok: false, error: 'not-a-certificate', detail: 'the certificate reader did not start: CSP' });
  });
});

describe('readPemsInWorker', () => {
  it('answers per PEM; a failed or odd answer reads as "none readable"', async () => {
    const certs = [{ sha256: 'AA' }];
    expect(await readPemsInWorker(['a', 'b'], { create: () => new FakeWorker((w) => w.reply([certs, null])) })).toEqual([certs, null]);
    expect(await readPemsInWorker(['a', 'b'], { create: () => new FakeWorker((w) => w.reply([certs])) })).toEqual([null, null]);
    expect(await readPemsInWorker(['a'], { deadlineMs: 10, create: () => new FakeWorker(() => undefined) })).toEqual([null]);
    expect(await readPemsInWorker([], { create: () => new FakeWorker(() => undefined) })).toEqual([]);
  });
});
