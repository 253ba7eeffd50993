// The simulator never crashes: malformed input, huge bodies, wrong methods, unknown paths; GUI serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pki } from '../../sim/pki.ts';
import type { Simulator } from '../../sim/server.ts';
import { call, field, startSim, unitPki } from './helpers.ts';

let pki: Pki;
let sim: Simulator;
let sim1x: Simulator;

beforeAll(async () => {
  pki = await unitPki();
  [sim, sim1x] = await Promise.all([startSim(pki), startSim(pki, { variant: '1x', enableRememberMe: false, legacyLocalStorageTokens: true })]);
});
afterAll(async () => {
  await Promise.all([sim.close(), sim1x.close()]);
});

const alive = async (s: Simulator): Promise<void> => {
  expect((await call(s, pki, { path: '/joc/api/configuration/login' })).status).toBe(200);
};

describe('bad requests', () => {
  it.each([
    ['bad base64', 'Basic !!!!'],
    ['no colon', 'Basic ' + Buffer.from('apmacwin').toString('base64')],
    ['not UTF-8', 'Basic ' + Buffer.from([0xff, 0x3a, 0x61]).toString('base64')],
  ])('malformed Basic (%s) → 420', async (_name, authorization) => {
    const r = await call(sim, pki, { path: '/joc/api/authentication/login', client: 'rsa', headers: { Authorization: authorization } });
    expect(r.status).toBe(420);
    expect(r.json).toMatchObject({ error: { code: 'JOC-420' } });
  });

  it('a 1 MB body gets 413 or a closed connection, and the server lives on', async () => {
    const body = Buffer.alloc(1024 * 1024, 'a');
    const outcome = await call(sim, pki, { path: '/joc/api/authentication/login', body }).then((r) => r.status, () => 'closed');
    expect([413, 'closed']).toContain(outcome);
    await alive(sim);
  });

  it('unknown paths → 404 text; wrong methods → 405', async () => {
    const r = await call(sim, pki, { path: '/nope', method: 'GET' });
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect((await call(sim, pki, { path: '/joc/api/no/such/call' })).status).toBe(404);
    expect((await call(sim, pki, { path: '/joc/api/authentication/login', method: 'GET' })).status).toBe(405);
    expect((await call(sim, pki, { path: '/joc/index.html', method: 'DELETE' })).status).toBe(405);
    expect((await call(sim, pki, { path: '/joc/%2e%2e/server.ts', method: 'GET' })).status).toBe(404);
    expect((await call(sim, pki, { path: '/joc/..%2f..%2fpki.ts', method: 'GET' })).status).toBe(404);
    expect((await call(sim, pki, { path: '/joc/%E0%A4%A', method: 'GET' })).status).toBe(400);
    await alive(sim);
  });

  it('configuration/login and iam/identityproviders need no token', async () => {
    const c = await call(sim1x, pki, { path: '/joc/api/configuration/login' });
    expect(c.json).toMatchObject({ title: 'Simulator', enableRememberMe: false, simLegacyLocalStorageTokens: true });
    const i = await call(sim, pki, { path: '/joc/api/iam/identityproviders' });
    expect(i.json).toMatchObject({ oidcServiceItems: [], needAccountPassword: true, needLoginButton: true });
    expect(field(await call(sim, pki, { path: '/joc/api/configuration/login' }), 'enableRememberMe')).toBe(true);
  });
});

describe('GUI', () => {
  it('redirects / to /joc/ and serves the variant GUI with probe.js first in <head>', async () => {
    const root = await call(sim, pki, { path: '/', method: 'GET', client: 'rsa' });
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe('/joc/');
    for (const [s, variant] of [[sim, 'js7'], [sim1x, '1x']] as const) {
      const page = await call(s, pki, { path: '/joc/', method: 'GET', client: 'rsa' });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain(`data-sim-variant="${variant}"`);
      expect(page.text).toMatch(/<head>\s*<script src="probe\.js"><\/script>/);
      for (const file of ['probe.js', 'app.js', 'sim-core.js', 'sim-crypto.js', 'style.css']) {
        expect((await call(s, pki, { path: `/joc/${file}`, method: 'GET' })).status).toBe(200);
      }
    }
    const js7 = await call(sim, pki, { path: '/joc/app.js', method: 'GET' });
    expect(js7.text).toContain("'$SOSJS7'");
    const old = await call(sim1x, pki, { path: '/joc/app.js', method: 'GET' });
    expect(old.text).toContain("'$SOSJOBSCHEDULER'");
  });

  it('records requests with the client certificate CN', async () => {
    await call(sim, pki, { path: '/joc/', method: 'GET', client: 'ecdsa' });
    const last = sim.requests.at(-1);
    expect(last).toMatchObject({ method: 'GET', path: '/joc/', status: 200, clientCn: 'ecuser', clientCertUsable: true });
  });
});
