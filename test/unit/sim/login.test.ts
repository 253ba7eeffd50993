// Login rules of the simulator (reference §5) over real mutual TLS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pki } from '../../sim/pki.ts';
import type { Simulator } from '../../sim/server.ts';
import { basic, call, field, startSim, unitPki } from './helpers.ts';

const LOGIN = '/joc/api/authentication/login';
let pki: Pki;
let want: Simulator;
let certOnly: Simulator;
let need: Simulator;

beforeAll(async () => {
  pki = await unitPki();
  [want, certOnly, need] = await Promise.all([
    startSim(pki, { clientAuth: 'want' }),
    // certificate-only accounts (identity service type CERTIFICATE): no password
    startSim(pki, { clientAuth: 'want', accounts: [{ account: 'apmacwin' }, { account: 'expireduser' }, { account: 'selfuser' }] }),
    startSim(pki, { clientAuth: 'need' }),
  ]);
});
afterAll(async () => {
  await Promise.all([want.close(), certOnly.close(), need.close()]);
});

describe('login with client certificate + password', () => {
  it('accepts the rsa cert with matching account and password', async () => {
    const r = await call(want, pki, { path: LOGIN, client: 'rsa', headers: { Authorization: basic('apmacwin', 'secret') } });
    expect(r.status).toBe(200);
    const token = r.headers['x-access-token'];
    expect(typeof token).toBe('string');
    expect(token).toMatch(/^[\w-]{8}-[\w-]{4}-[\w-]{4}-[\w-]{16}$/);
    expect(r.headers['x-joc-timeout']).toBe('1800000');
    expect(r.json).toMatchObject({
      account: 'apmacwin', isAuthenticated: true, hasRole: true, isPermitted: true, forcePasswordChange: false,
      accessToken: token, sessionTimeout: 1800000, identityService: 'JOC:sim', callerIpAddress: '127.0.0.1',
    });
    expect(want.isTokenValid(String(token))).toBe(true);
  });

  it('uses the CN when the account is empty', async () => {
    const r = await call(want, pki, { path: LOGIN, client: 'ecdsa', headers: { Authorization: basic('', 'secret') } });
    expect(r.status).toBe(200);
    expect(field(r, 'account')).toBe('ecuser');
  });

  it('needs the CN to equal the account exactly (case matters)', async () => {
    const a = await call(want, pki, { path: LOGIN, client: 'casediff', headers: { Authorization: basic('apmacwin', 'secret') } });
    expect(a.status).toBe(401);
    expect(a.json).toMatchObject({ isAuthenticated: false, message: 'Access denied' });
    const b = await call(want, pki, { path: LOGIN, client: 'rsa', headers: { Authorization: basic('APMacWin', 'secret') } });
    expect(b.status).toBe(401);
    const c = await call(want, pki, { path: LOGIN, client: 'rsa', headers: { Authorization: basic('apmacwin ', 'secret') } });
    expect(c.status).toBe(401);
    const ok = await call(want, pki, { path: LOGIN, client: 'casediff', headers: { Authorization: basic('APMacWin', 'secret') } });
    expect(ok.status).toBe(200);
  });

  it('rejects a wrong password even with a valid cert', async () => {
    const r = await call(want, pki, { path: LOGIN, client: 'rsa', headers: { Authorization: basic('apmacwin', 'wrong') } });
    expect(r.status).toBe(401);
  });

  it('treats a missing Authorization header as Basic "<CN>:" (password still required here)', async () => {
    expect((await call(want, pki, { path: LOGIN, client: 'rsa' })).status).toBe(401);
    expect((await call(want, pki, { path: LOGIN })).status).toBe(401);
  });

  it('accepts password-only logins in want mode when no cert is presented', async () => {
    const r = await call(want, pki, { path: LOGIN, headers: { Authorization: basic('root', 'root') } });
    expect(r.status).toBe(200);
    expect(field(r, 'identityService')).toBe('JOC:sim');
  });

  it('accepts the self-signed cert the server trusts directly', async () => {
    const r = await call(want, pki, { path: LOGIN, client: 'selfsigned', headers: { Authorization: basic('selfuser', 'secret') } });
    expect(r.status).toBe(200);
  });
});

describe('certificate-only accounts (want mode)', () => {
  it('logs in on the certificate alone (Basic Og==) and says so in identityService', async () => {
    const r = await call(certOnly, pki, { path: LOGIN, client: 'rsa', headers: { Authorization: 'Basic Og==' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ account: 'apmacwin', identityService: 'CERTIFICATE:sim-cert' });
    const bare = await call(certOnly, pki, { path: LOGIN, client: 'rsa', headers: { Authorization: 'Basic' } });
    expect(bare.status).toBe(200);
  });

  it.each(['untrusted', 'expired', 'noclientauth'] as const)('does not use the %s cert for login', async (client) => {
    const r = await call(certOnly, pki, { path: LOGIN, client, headers: { Authorization: 'Basic Og==' } });
    expect(r.status).toBe(401);
    const named = await call(certOnly, pki, { path: LOGIN, client, headers: { Authorization: basic(pki.clients[client].cn, '') } });
    expect(named.status).toBe(401);
    const last = certOnly.requests.at(-1);
    expect(last?.clientCertUsable).toBe(false);
  });

  it('does not log in without any certificate', async () => {
    expect((await call(certOnly, pki, { path: LOGIN, headers: { Authorization: basic('apmacwin', '') } })).status).toBe(401);
  });
});

describe('need mode', () => {
  it('fails the TLS handshake without a certificate and keeps serving', async () => {
    await expect(call(need, pki, { path: LOGIN })).rejects.toThrow();
    await expect(call(need, pki, { path: LOGIN, client: 'untrusted' })).rejects.toThrow();
    await expect(call(need, pki, { path: LOGIN, client: 'expired' })).rejects.toThrow();
    const r = await call(need, pki, { path: LOGIN, client: 'rsa', headers: { Authorization: basic('', 'secret') } });
    expect(r.status).toBe(200);
    expect(field(r, 'account')).toBe('apmacwin');
  });

  it('also refuses a missing certificate over TLS 1.2', async () => {
    const tls12 = await startSim(pki, { clientAuth: 'need', tlsMaxVersion: 'TLSv1.2' });
    try {
      await expect(call(tls12, pki, { path: LOGIN })).rejects.toThrow(/handshake failure|disconnected|EPROTO/);
      expect((await call(tls12, pki, { path: LOGIN, client: 'ecdsa', headers: { Authorization: basic('ecuser', 'secret') } })).status).toBe(200);
    } finally {
      await tls12.close();
    }
  });
});
