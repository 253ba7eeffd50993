// Token lifecycle: logout, idle timeout + touch, 1.x API, inspection endpoints.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pki } from '../../sim/pki.ts';
import type { Simulator } from '../../sim/server.ts';
import { basic, call, field, loginToken, startSim, unitPki } from './helpers.ts';

let pki: Pki;
let sim: Simulator;
const lines: string[] = [];

beforeAll(async () => {
  pki = await unitPki();
  sim = await startSim(pki, { logger: (l) => lines.push(l) });
});
afterAll(() => sim.close());

const fp = (t: string): string => createHash('sha256').update(t).digest('hex');

describe('JS7 session', () => {
  it('logout invalidates the token; later calls get 440 "Login Timeout"', async () => {
    const token = await loginToken(sim, pki, 'rsa', 'apmacwin', 'secret');
    const ids = await call(sim, pki, { path: '/joc/api/controller/ids', client: 'rsa', headers: { 'X-Access-Token': token } });
    expect(ids.status).toBe(200);
    expect(ids.json).toMatchObject({ controllerIds: ['sim'], selected: 'sim' });
    const out = await call(sim, pki, { path: '/joc/api/authentication/logout', client: 'rsa', headers: { 'X-Access-Token': token } });
    expect(out.status).toBe(200);
    expect(out.json).toEqual({ account: 'apmacwin', isAuthenticated: false, hasRole: false, isPermitted: false, accessToken: '' });
    expect(sim.isTokenValid(token)).toBe(false);
    const after = await call(sim, pki, { path: '/joc/api/controller/ids', client: 'rsa', headers: { 'X-Access-Token': token } });
    expect(after.status).toBe(440);
    expect(after.statusMessage).toBe('Login Timeout');
    expect(String(field(after, 'message'))).toMatch(/^SessionNotExistException/);
    const again = await call(sim, pki, { path: '/joc/api/authentication/logout', headers: { 'X-Access-Token': token } });
    expect(again.status).toBe(440);
    const none = await call(sim, pki, { path: '/joc/api/authentication/logout' });
    expect(none.status).toBe(420);
    expect(none.json).toMatchObject({ error: { code: 'JOC-420' } });
  });

  it('answers 401 "Authentication failure" without a token', async () => {
    const r = await call(sim, pki, { path: '/joc/api/authentication/joc_cockpit_permissions' });
    expect(r.status).toBe(401);
    expect(field(r, 'message')).toBe('Authentication failure');
  });

  it('userbytoken reports validity and remaining time', async () => {
    const token = await loginToken(sim, pki, undefined, 'root', 'root');
    const r = await call(sim, pki, { path: '/joc/api/authentication/userbytoken', headers: { 'X-Access-Token': token } });
    expect(r.json).toMatchObject({ account: 'root', accessToken: 'valid', isAuthenticated: true });
    expect(Number(field(r, 'sessionTimeout'))).toBeGreaterThan(1_790_000);
    sim.expireToken(token);
    const gone = await call(sim, pki, { path: '/joc/api/authentication/userbytoken', headers: { 'X-Access-Token': token } });
    expect(gone.json).toMatchObject({ accessToken: 'not-valid', isAuthenticated: false });
  });

  it('inspection endpoints report token validity by SHA-256 and the session count', async () => {
    const token = await loginToken(sim, pki, 'ecdsa', 'ecuser', 'secret');
    const v = await call(sim, pki, { path: `/__sim/token?fp=${fp(token)}`, method: 'GET' });
    expect(v.json).toEqual({ valid: true });
    const stats = await call(sim, pki, { path: '/__sim/stats', method: 'GET' });
    expect(Number(field(stats, 'active'))).toBe(sim.activeTokens());
    sim.expireToken(token);
    expect((await call(sim, pki, { path: `/__sim/token?fp=${fp(token)}`, method: 'GET' })).json).toEqual({ valid: false });
    expect((await call(sim, pki, { path: '/__sim/token?fp=xyz', method: 'GET' })).status).toBe(400);
  });

  it('never logs tokens or passwords', () => {
    const all = lines.join('\n');
    expect(all).not.toContain('secret');
    for (const r of sim.requests) if (r.token) expect(all).not.toContain(r.token);
    expect(all).toMatch(/tok=[0-9a-f]{8}/);
  });
});

describe('JobScheduler 1.x API', () => {
  it('security/login, calls with access_token, security/logout', async () => {
    const r = await call(sim, pki, { path: '/joc/api/security/login', client: 'rsa', headers: { Authorization: basic('apmacwin', 'secret') } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ user: 'apmacwin', isAuthenticated: true, sessionTimeout: 1800000 });
    const token = String(r.headers['access_token']);
    expect(r.headers['x-access-token']).toBe(token);
    const ids = await call(sim, pki, { path: '/joc/api/jobscheduler/ids', headers: { access_token: token } });
    expect(ids.json).toMatchObject({ jobschedulerIds: ['sim'] });
    const perms = await call(sim, pki, { path: '/joc/api/security/joc_cockpit_permissions', headers: { 'X-Access-Token': token } });
    expect(perms.status).toBe(200);
    const out = await call(sim, pki, { path: '/joc/api/security/logout', headers: { access_token: token, 'X-Access-Token': token } });
    expect(out.json).toMatchObject({ user: 'apmacwin', isAuthenticated: false });
    expect(sim.isTokenValid(token)).toBe(false);
  });

  it('refuses a wrong password with the 1.x message', async () => {
    const r = await call(sim, pki, { path: '/joc/api/security/login', headers: { Authorization: basic('root', 'nope') } });
    expect(r.status).toBe(401);
    expect(field(r, 'message')).toBe('User or password are invalid');
  });
});
