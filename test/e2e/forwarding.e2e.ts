// Issue 19 and issue 15 item 2: audit forwarding to a SIEM in its own format,
// seen from the collector. For each format, a real session (GUI login →
// logout) reaches the simulated collector as well-formed events of that
// format, with the collector's credential only in the Authorization header and
// no token, password or credential in any body. A collector that answers with
// a redirect (307, 308) to another listener gets nothing re-posted there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORWARD_FORMATS, type ForwardFormat } from '../../src/shared/audit/formats/types.ts';
import { startCollector, type SimCollector } from '../sim/collector.ts';
import type { Simulator } from '../sim/server.ts';
import { BROWSERS, launch, type TestBrowser } from './support/browsers.ts';
import { guiLogin, waitForToken } from './support/gui.ts';
import { auditRecords, configure, eventually, settingsFor, sleep } from './support/jocguard.ts';
import { startSim, testPki } from './support/sim.ts';

const PASSWORD = 'Pw-7f3kQz9-never-forwarded';
const INDEX = 'joc-guard-audit-e2e';
const AUTH: Record<ForwardFormat, string> = {
  'joc-guard': 'Bearer jg-e2e-collector-credential',
  'elastic-bulk': 'ApiKey ZTJlLWVsYXN0aWMtY3JlZGVudGlhbA==',
  'splunk-hec': 'Splunk 6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  'otlp-http': 'Bearer otel-e2e-collector-credential',
};

type Event = { action: string; reason?: string; account?: string; fp?: string };

/** The audit event inside a stored document of each format. */
function eventOf(format: ForwardFormat, doc: unknown): Event {
  const d = doc as Record<string, unknown>;
  if (format === 'joc-guard') {
    const r = d as { type: string; reason?: string; account?: string; fp?: string };
    return { action: r.type, ...pick(r) };
  }
  if (format === 'elastic-bulk') {
    const s = d._source as { event: { action: string; reason?: string }; user?: { name: string }; joc_guard: { token?: { fingerprint: string } } };
    return { action: s.event.action, ...pick({ reason: s.event.reason, account: s.user?.name, fp: s.joc_guard.token?.fingerprint }) };
  }
  if (format === 'splunk-hec') {
    const e = (d as { event: { type: string; reason?: string; account?: string; fp?: string } }).event;
    return { action: e.type, ...pick(e) };
  }
  const attrs = new Map((d as { attributes: { key: string; value: { stringValue?: string } }[] }).attributes.map((a) => [a.key, a.value.stringValue]));
  return { action: attrs.get('joc_guard.event') ?? '', ...pick({ reason: attrs.get('joc_guard.reason'), account: attrs.get('user.name'), fp: attrs.get('joc_guard.token.fingerprint') }) };
}

function pick(o: { reason?: string | undefined; account?: string | undefined; fp?: string | undefined }): Omit<Event, 'action'> {
  const out: Omit<Event, 'action'> = {};
  if (o.reason !== undefined) out.reason = o.reason;
  if (o.account !== undefined) out.account = o.account;
  if (o.fp !== undefined) out.fp = o.fp;
  return out;
}

/** What makes a stored document of each format well-formed beyond the event itself. */
function expectWellFormed(format: ForwardFormat, doc: unknown): void {
  const d = doc as Record<string, unknown>;
  if (format === 'elastic-bulk') {
    expect(d._index).toBe(INDEX);
    const s = d._source as Record<string, unknown>;
    expect(Date.parse(String(s['@timestamp']))).not.toBeNaN();
    expect(s).toMatchObject({ ecs: { version: expect.any(String) as string }, observer: { product: 'JOC Guard' }, event: { kind: 'event', category: expect.any(Array) as unknown[], outcome: expect.any(String) as string } });
  } else if (format === 'splunk-hec') {
    expect(d).toMatchObject({ time: expect.any(Number) as number, source: 'joc-guard', sourcetype: 'jocguard:audit' });
    // host: the JOC server of the event; extension-wide events (no origin) leave it to the token's default.
    if ((d.event as { origin: string }).origin !== '') expect(d.host).toBe('localhost');
  } else if (format === 'otlp-http') {
    expect(d).toMatchObject({ timeUnixNano: expect.stringMatching(/^\d{19}$/) as string, severityNumber: expect.any(Number) as number, body: { stringValue: expect.any(String) as string } });
  } else {
    expect(d).toMatchObject({ v: 1, id: expect.stringMatching(/^[0-9a-f]{16}$/) as string });
  }
}

describe.each(BROWSERS)('audit forwarding in %s', (name) => {
  let sim: Simulator;
  let collector: SimCollector;
  let elsewhere: SimCollector;
  let browser: TestBrowser;

  beforeAll(async () => {
    const pki = await testPki();
    sim = await startSim({ variant: 'js7', clientAuth: 'need', accounts: [{ account: 'apmacwin', password: PASSWORD, roles: ['administrator'] }] });
    collector = await startCollector({ pki, auth: AUTH });
    elsewhere = await startCollector({ pki, auth: AUTH });
    browser = await launch(name, { pki, client: 'rsa' });
  });
  afterAll(async () => {
    await browser?.close();
    await collector?.close();
    await elsewhere?.close();
    await sim?.close();
  });

  async function forwardTo(format: ForwardFormat, url: string): Promise<void> {
    const page = await configure(
      browser,
      sim.origin,
      settingsFor(sim.origin, (s) => {
        s.audit.forward = { enabled: true, url, authHeader: AUTH[format], batchSize: 50, format, index: INDEX };
      }),
    );
    await page.close();
  }

  /** For a failed wait: what reached the collector since `from`, and what JOC Guard recorded of the session and forwarding. */
  async function whatHappened(format: ForwardFormat, from: number): Promise<string> {
    const seen = collector.requests.slice(from).map((r) => `${r.format ?? r.path} ${r.status}`);
    const control = await browser.newPage(`${sim.origin}/__sim/blank`);
    try {
      const audit = await auditRecords(control);
      const mine = audit.filter((r) => /^(session|forward|token)\./.test(r.type)).slice(-8).map((r) => `${r.type}${r.reason ? `(${r.reason})` : ''}`);
      return `collector saw [${seen.join(', ')}]; stored ${collector.stored(format).length}; last records [${mine.join(', ')}]`;
    } finally {
      await control.close();
    }
  }

  /** GUI login and logout; returns the session's token (for the secret checks). */
  async function session(): Promise<string> {
    const page = await browser.newPage(`${sim.url}#/login`);
    await guiLogin(page, { account: 'apmacwin', password: PASSWORD, variant: 'js7' });
    const token = await waitForToken(page);
    await sleep(300); // let the content script report it
    const ends = async (): Promise<number> => (await auditRecords(page)).filter((r) => r.type === 'session.end' && r.reason === 'logout').length;
    const endsBefore = await ends();
    await page.click('#sim-logout');
    await eventually(() => !sim.isTokenValid(token), 'server-side logout');
    // The tab is closed once JOC Guard has recorded the logout, as a user's would be: closed
    // within milliseconds, the close can be heard first and the end recorded as tab-closed.
    await eventually(async () => (await ends()) > endsBefore, 'session.end (logout) recorded');
    await page.close();
    return token;
  }

  for (const format of FORWARD_FORMATS) {
    it(`${format}: a session reaches ${format === 'joc-guard' ? "JOC Guard's own" : 'the'} collector as well-formed events, no secret in any body`, async () => {
      await forwardTo(format, collector.url(format));
      const stored = collector.stored(format).length;
      const requests = collector.requests.length;
      const token = await session();
      const events = () => collector.stored(format).slice(stored).map((e) => eventOf(format, e.doc));
      await eventually(() => events().some((e) => e.action === 'session.end' && e.reason === 'logout'), `${format}: session.end (logout) at the collector`, 20_000, () => whatHappened(format, requests));
      const start = events().find((e) => e.action === 'session.start');
      expect(start).toMatchObject({ account: 'apmacwin', fp: expect.stringMatching(/^[0-9a-f]{12}$/) as string });
      for (const e of collector.stored(format).slice(stored)) expectWellFormed(format, e.doc);
      const sent = collector.requests.slice(requests).filter((r) => r.format === format);
      expect(sent.length).toBeGreaterThan(0);
      for (const r of sent) {
        expect(r.status).toBe(200);
        expect(r.authorization).toBe(AUTH[format]);
        for (const secret of [token, PASSWORD, AUTH[format], AUTH[format].split(' ')[1] ?? '']) expect(r.body).not.toContain(secret);
      }
    });
  }

  it('a collector answering 307 or 308 to another listener: nothing is re-posted there; the records stay queued and arrive later', async () => {
    await forwardTo('joc-guard', collector.url('joc-guard'));
    const ends = () => collector.stored('joc-guard').filter((e) => eventOf('joc-guard', e.doc).action === 'session.end').length;
    const endsBefore = ends();
    // Each round is one attempt of the forwarder: the first one (the pending records or the
    // session's events) gets the 307; the collector answers 308 from then on, which the retry
    // after the backoff (5 s, up to a fifth less) gets; then it answers normally and the retry
    // after the second backoff (10 s, up to a fifth less) delivers. The answer is switched as
    // soon as one is seen, seconds before the next attempt can come, instead of fixed waits.
    const rounds = [
      { status: 307 as const, next: { status: 308 as const, to: elsewhere.origin } },
      { status: 308 as const, next: null },
    ];
    collector.redirect({ status: 307, to: elsewhere.origin });
    for (const { status, next } of rounds) {
      const seen = collector.requests.length;
      const running = session();
      await eventually(() => collector.requests.slice(seen).some((r) => r.status === status), `a POST answered with ${status}`, 20_000);
      collector.redirect(next);
      await running;
      // A fetch that follows a redirect posts to its target at once, before it settles; the
      // check comes after the rest of the session (and again at the end, seconds later).
      expect(elsewhere.requests).toEqual([]);
    }
    // The refused batches stayed in the outbox: once the collector answers again, they arrive with the next.
    await session();
    await eventually(() => ends() >= endsBefore + 3, 'the two queued session ends and the new one at the collector', 20_000);
    expect(elsewhere.requests).toEqual([]);
  });
});
