// Every request map refuses what is not exactly one of its messages.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch, type Handlers, type SchemaMap } from '../../../src/shared/messaging/channel.ts';
import { contentRequests } from '../../../src/shared/messaging/content-requests.ts';
import { tabRequests } from '../../../src/shared/messaging/tab-requests.ts';
import { uiRequests } from '../../../src/shared/messaging/ui-requests.ts';

const start = {
  type: 'cs.start', href: 'https://j/joc/#/login', generation: 'js7', late: false, continuing: false,
  live: [], quarantined: [{ area: 'sessionStorage', value: 'tok' }], rememberHeld: false,
  timeoutMs: null, account: null, identityService: null,
};

/** Runs `raw` through the map with handlers that only record that they ran. */
async function accepts(map: SchemaMap, raw: unknown): Promise<boolean> {
  let ran = false;
  const handlers = Object.fromEntries(Object.keys(map).map((k) => [k, () => ((ran = true), Promise.resolve({}))])) as unknown as Handlers<SchemaMap, SchemaMap, undefined>;
  const reply = await dispatch(map, handlers, raw, undefined);
  if (!ran) expect(reply).toMatchObject({ error: expect.any(String) as unknown });
  return ran;
}

describe('request maps', () => {
  it('accept well-formed messages', async () => {
    expect(await accepts(contentRequests, start)).toBe(true);
    expect(await accepts(uiRequests, { type: 'ui.state', tabId: 3 })).toBe(true);
    expect(await accepts(tabRequests, { type: 'bg.clear', reason: 'logout' })).toBe(true);
    expect(await accepts(tabRequests, { type: 'bg.forbid' })).toBe(true);
  });

  it.each([
    { type: 'cs.nope' },
    { ...start, extra: 1 },
    { ...start, late: 'no' },
    { ...start, quarantined: [{ area: 'cookieStore', value: 'x' }] },
    { ...start, quarantined: [{ area: 'sessionStorage', value: 'x'.repeat(5000) }] },
    { ...start, quarantined: [{ area: 'sessionStorage', value: '' }] },
    { ...start, quarantined: [1, 2, 3] },
    { ...start, live: [{ area: 'sessionStorage', value: 'a' }, { area: 'sessionStorage', value: 'b' }, { area: 'sessionStorage', value: 'c' }] },
    { type: 'ui.endSession', tabId: -1 },
    { type: 'ui.state', tabId: 1.5 },
    { type: 'ui.settings.save', edit: [] },
    { type: 'bg.forbid', mode: 'allow' }, // only tightening is pushed to open pages
    { type: 'cs.e2e', action: 'configure' }, // test hooks are not part of the maps
    null,
    'ui.state',
  ])('refuse %j in every map', async (m) => {
    for (const map of [contentRequests, uiRequests, tabRequests]) expect(await accepts(map, m)).toBe(false);
  });

  it('a UI message is never a content message and vice versa', async () => {
    expect(await accepts(contentRequests, { type: 'ui.endSession', tabId: 1 })).toBe(false);
    expect(await accepts(uiRequests, start)).toBe(false);
    expect(await accepts(tabRequests, start)).toBe(false);
  });

  it('arbitrary input is answered with an error and runs no handler, unless it is a valid message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.record({ type: fc.constantFrom(...Object.keys(contentRequests), ...Object.keys(uiRequests), 'x') }, { requiredKeys: [] })), async (x) => {
        for (const map of [contentRequests, uiRequests, tabRequests]) await accepts(map, x);
      }),
      { numRuns: 2000 },
    );
  });
});
