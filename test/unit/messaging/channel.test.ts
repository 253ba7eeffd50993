// The typed message map: senders validate replies on arrival, receivers
// narrow requests by the schema their name picks; senders are checked first.
import { describe, expect, it } from 'vitest';
import { addressedTo, checkReply, dispatch, makeSender, MessageError, type Handlers } from '../../../src/shared/messaging/channel.ts';
import { contentReplies } from '../../../src/shared/messaging/content-replies.ts';
import { contentRequests, type ContentRequests } from '../../../src/shared/messaging/content-requests.ts';
import { classifySender } from '../../../src/shared/messaging/sender.ts';
import { defaultSettings } from '../../../src/shared/settings/defaults.ts';
import { tabReplies } from '../../../src/shared/messaging/tab-replies.ts';
import { tabRequests, type TabRequests } from '../../../src/shared/messaging/tab-requests.ts';
import { uiReplies } from '../../../src/shared/messaging/ui-replies.ts';
import { uiRequests } from '../../../src/shared/messaging/ui-requests.ts';
import type { ContentReplies } from '../../../src/shared/messaging/content-replies.ts';

const start = { href: 'https://j/joc/#/login', generation: 'js7' as const, timeoutMs: null, account: null, identityService: null, late: false, continuing: false, live: [], quarantined: [], rememberHeld: false };
const okStart = { joc: true, verdict: 'none', restoreAreas: [], remember: 'none', mode: 'forbid', expiresAt: null, certCN: null, certLevel: 'none', certDaysLeft: null };

describe('sending: replies are validated where they arrive', () => {
  it('a good reply comes back typed; a refusal, nothing, or an off-schema reply throws', async () => {
    const replies: unknown[] = [okStart, { error: 'not a JOC origin' }, undefined, { ...okStart, verdict: 'maybe' }, { ...okStart, extra: 1 }];
    const send = makeSender<ContentRequests, ContentReplies>(contentReplies, () => Promise.resolve(replies.shift()));
    await expect(send('cs.start', start)).resolves.toMatchObject({ joc: true, verdict: 'none' });
    await expect(send('cs.start', start)).rejects.toThrow('cs.start: not a JOC origin');
    await expect(send('cs.start', start)).rejects.toThrow('no reply');
    await expect(send('cs.start', start)).rejects.toThrow(/unexpected reply \(verdict/);
    await expect(send('cs.start', start)).rejects.toBeInstanceOf(MessageError); // strict: no unknown keys
  });
  it('the message on the wire carries its name, and the name wins over the payload', async () => {
    let sent: unknown;
    const send = makeSender<TabRequests, typeof tabReplies>(tabReplies, (m) => {
      sent = m;
      return Promise.resolve({ ok: true });
    });
    // @ts-expect-error -- a wrong payload for the name is a type error
    await send('bg.session', { expiresAt: 'soon' }).catch(() => undefined);
    await send('bg.session', { expiresAt: 5 });
    expect(sent).toEqual({ type: 'bg.session', expiresAt: 5 });
  });
  it('a save reply names the fields the save weakened; a malformed one is refused', () => {
    const settings = defaultSettings();
    const save = uiReplies['ui.settings.save'];
    expect(checkReply(save, { ok: true, settings, locked: ['origins'], errors: [], weakened: ['audit.maxRecords'] }, 'ui.settings.save')).toMatchObject({ ok: true, weakened: ['audit.maxRecords'] });
    expect(() => checkReply(save, { ok: true, settings, locked: [], errors: [], weakened: ['x', 7] }, 'ui.settings.save')).toThrow(MessageError);
    expect(() => checkReply(save, { ok: true, settings: { origins: 'x' }, locked: [], errors: [], weakened: [] }, 'ui.settings.save')).toThrow(MessageError);
    expect(checkReply(save, { ok: false, errors: ['a'] }, 'ui.settings.save')).toEqual({ ok: false, errors: ['a'] });
  });

  it('checkReply never echoes a value in its error', () => {
    expect(() => checkReply(tabReplies['bg.clear'], { cleared: 'secret-token-value' }, 'bg.clear')).toThrow(/^bg\.clear: unexpected reply \(cleared: /);
    expect(() => checkReply(tabReplies['bg.clear'], { cleared: 'secret-token-value' }, 'bg.clear')).not.toThrow(/secret-token-value/);
  });
});

describe('addressedTo: whether a listener that is not the background may answer', () => {
  it.each<[string, unknown, boolean]>([
    ['a name in the map', { type: 'bg.clear' }, true],
    ['a name in the map, bad shape (dispatch refuses it later)', { type: 'bg.clear', extra: 1 }, true],
    ['another map\'s name', { type: 'ui.popup.state' }, false],
    ['an inherited property name', { type: 'constructor' }, false],
    ['type not a string', { type: 1 }, false],
    ['no type', {}, false],
    ['a string', 'bg.clear', false],
    ['null', null, false],
    ['undefined', undefined, false],
  ])('%s', (_name, raw, expected) => {
    expect(addressedTo(tabRequests, raw)).toBe(expected);
  });
});

describe('receiving: every request is narrowed from unknown', () => {
  const calls: string[] = [];
  const handlers: Handlers<TabRequests, typeof tabReplies, undefined> = {
    'bg.clear': () => (calls.push('clear'), Promise.resolve({ cleared: true, areas: [], cookies: 0 })),
    'bg.session': () => (calls.push('session'), Promise.resolve({ ok: true as const })),
    'bg.forbid': () => (calls.push('forbid'), Promise.resolve({ ok: true as const })),
  };
  it.each([
    [null, 'unknown message'],
    ['bg.clear', 'unknown message'],
    [{ type: 'bg.nope' }, 'unknown message'],
    [{ type: 'toString' }, 'unknown message'],
    [{ type: '__proto__' }, 'unknown message'],
    [{ type: 'bg.clear' }, 'bad message: reason'],
    [{ type: 'bg.clear', reason: 'x', extra: 1 }, 'bad message'],
    [{ type: 'bg.session', expiresAt: '5' }, 'bad message: expiresAt'],
    [{ type: 'bg.clear', reason: 'x'.repeat(65) }, 'bad message: reason'],
  ])('%j is refused without running a handler', async (raw, err) => {
    calls.length = 0;
    const r = (await dispatch(tabRequests, handlers, raw, undefined)) as { error: string };
    expect(r.error).toContain(err);
    expect(calls).toEqual([]);
  });
  it('a good request runs exactly its handler', async () => {
    calls.length = 0;
    expect(await dispatch(tabRequests, handlers, { type: 'bg.forbid' }, undefined)).toEqual({ ok: true });
    expect(calls).toEqual(['forbid']);
  });
  it('every request and reply map names the same messages', () => {
    expect(Object.keys(contentRequests).sort()).toEqual(Object.keys(contentReplies).sort());
    expect(Object.keys(tabRequests).sort()).toEqual(Object.keys(tabReplies).sort());
    expect(Object.keys(uiRequests).sort()).toEqual(Object.keys(uiReplies).sort());
    for (const [name, schema] of Object.entries({ ...contentRequests, ...tabRequests, ...uiRequests })) {
      expect((schema as { entries: { type: { literal: string } } }).entries.type.literal).toBe(name);
    }
  });
});

describe('sender check', () => {
  const ID = 'jocguard-id';
  const BASE = 'chrome-extension://jocguard-id/';
  it.each([
    ['our popup', { id: ID, url: `${BASE}popup.html` }, 'page'],
    ['our popup opened as a tab', { id: ID, url: `${BASE}popup.html?tabId=3`, tab: { id: 3 }, frameId: 0 }, 'page'],
    ['our content script, top frame', { id: ID, url: 'https://joc.example:4443/joc/#/login', tab: { id: 4 }, frameId: 0 }, 'content'],
    ['another extension', { id: 'other', url: `${BASE}popup.html` }, 'refused'],
    ['no id', { url: `${BASE}popup.html` }, 'refused'],
    ['our script in a frame', { id: ID, url: 'https://joc.example/joc/', tab: { id: 4 }, frameId: 3 }, 'refused'],
    ['no tab', { id: ID, url: 'https://joc.example/joc/', frameId: 0 }, 'refused'],
    ['a page that is not on the web', { id: ID, url: 'file:///etc/passwd', tab: { id: 4 }, frameId: 0 }, 'refused'],
    ['no url', { id: ID, tab: { id: 4 }, frameId: 0 }, 'refused'],
    ['another extension page URL prefix', { id: ID, url: 'chrome-extension://jocguard-id-evil/x', tab: { id: 4 }, frameId: 0 }, 'refused'],
  ])('%s → %s', (_n, sender, kind) => {
    expect(classifySender(sender, ID, BASE).kind).toBe(kind);
  });
  it('the content kind names the tab and the page origin', () => {
    expect(classifySender({ id: ID, url: 'https://joc.example:4443/joc/#/x', tab: { id: 4 }, frameId: 0 }, ID, BASE)).toEqual({ kind: 'content', tabId: 4, origin: 'https://joc.example:4443' });
  });
});
