// A failed message from a content script: a background away for a moment (Firefox suspending
// its event page answers "Receiving end does not exist") is not an extension gone for good
// (src/shared/messaging/unreachable.ts).
import { describe, expect, it } from 'vitest';
import { contextGone, startRetryDelay } from '../../../src/shared/messaging/unreachable.ts';

describe('contextGone', () => {
  it.each([
    { name: 'Firefox suspending its event page', err: new Error('Could not establish connection. Receiving end does not exist.'), alive: true, gone: false },
    { name: 'the same after the extension was removed', err: new Error('Could not establish connection. Receiving end does not exist.'), alive: false, gone: true },
    { name: 'Chromium after a reload', err: new Error('Extension context invalidated.'), alive: false, gone: true },
    { name: 'context invalidated while the id still reads', err: new Error('Extension context invalidated.'), alive: true, gone: true },
    { name: 'Firefox message manager closing with the extension alive', err: new Error('Message manager disconnected'), alive: true, gone: false },
    { name: 'a reply that failed its schema', err: new Error('reply to cs.token: invalid'), alive: true, gone: false },
    { name: 'a thrown string', err: 'Receiving end does not exist', alive: true, gone: false },
    { name: 'nothing thrown at all', err: undefined, alive: true, gone: false },
  ])('$name', ({ err, alive, gone }) => {
    expect(contextGone(err, alive)).toBe(gone);
  });
});

describe('startRetryDelay', () => {
  it('grows, then stops after about a minute in all', () => {
    const delays: number[] = [];
    for (let i = 0; ; i++) {
      const d = startRetryDelay(i);
      if (d === null) break;
      delays.push(d);
    }
    expect(delays.length).toBeGreaterThan(3);
    expect(delays.every((d, i) => i === 0 || d >= (delays[i - 1] ?? 0))).toBe(true);
    const total = delays.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(30_000);
    expect(total).toBeLessThanOrEqual(120_000);
  });

  it.each([-1, 1.5, Number.NaN, 1000])('attempt %s: no more asking', (attempt) => {
    expect(startRetryDelay(attempt)).toBeNull();
  });
});
