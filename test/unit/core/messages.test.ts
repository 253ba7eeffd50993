import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBackgroundMessage, parseContentMessage, parseUiMessage } from '../../../src/shared/messages.ts';

const start = {
  type: 'cs.start', href: 'https://j/joc/#/login', generation: 'js7', late: false, continuation: false,
  live: [], quarantined: [{ area: 'sessionStorage', value: 'tok' }], rememberPresent: false, rememberRemoved: false,
  timeoutMs: null, account: null, identityService: null,
};

describe('message validation', () => {
  it('accepts well-formed messages', () => {
    expect(parseContentMessage(start).ok).toBe(true);
    expect(parseUiMessage({ type: 'ui.state', tabId: 3 }).ok).toBe(true);
    expect(parseBackgroundMessage({ type: 'bg.clear', reason: 'logout' }).ok).toBe(true);
    expect(parseBackgroundMessage({ type: 'bg.forbid' }).ok).toBe(true);
    // Only tightening is pushed to open pages: no mode to choose, no extra field.
    expect(parseBackgroundMessage({ type: 'bg.forbid', mode: 'allow' }).ok).toBe(false);
    expect(parseBackgroundMessage({ type: 'bg.allow' }).ok).toBe(false);
  });

  it('rejects unknown types, extra fields, wrong types and oversize values with a reason', () => {
    const bad = [
      { type: 'cs.nope' },
      { ...start, extra: 1 },
      { ...start, late: 'no' },
      { ...start, quarantined: [{ area: 'cookieStore', value: 'x' }] },
      { ...start, quarantined: [{ area: 'sessionStorage', value: 'x'.repeat(5000) }] },
      { ...start, quarantined: [1, 2, 3] },
      { type: 'ui.endSession', tabId: -1 },
      { type: 'ui.state', tabId: 1.5 },
      null,
      'ui.state',
    ];
    for (const m of bad) {
      const r = parseContentMessage(m);
      const u = parseUiMessage(m);
      expect(r.ok || u.ok).toBe(false);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
    }
  });

  it('a UI message is never a content message and vice versa', () => {
    expect(parseContentMessage({ type: 'ui.endSession', tabId: 1 }).ok).toBe(false);
    expect(parseUiMessage(start).ok).toBe(false);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        parseContentMessage(x);
        parseUiMessage(x);
        parseBackgroundMessage(x);
      }),
      { numRuns: 3000 },
    );
  });
});
