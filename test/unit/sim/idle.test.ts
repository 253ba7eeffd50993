// Idle timeout: expiry at lastTouch + timeout; only login and touch move lastTouch.
// (Own file so its sleeps run in parallel with the other simulator tests.)
import { beforeAll, describe, expect, it } from 'vitest';
import type { Pki } from '../../sim/pki.ts';
import { call, field, loginToken, sleep, startSim, unitPki } from './helpers.ts';

let pki: Pki;

beforeAll(async () => {
  pki = await unitPki();
});

describe('idle timeout', () => {
  it('expires after the idle time; touch extends it', async () => {
    const short = await startSim(pki, { idleTimeoutMs: 1500 });
    try {
      const token = await loginToken(short, pki, 'rsa', 'apmacwin', 'secret');
      const h = { 'X-Access-Token': token };
      await sleep(700);
      const t = await call(short, pki, { path: '/joc/api/touch', headers: h });
      expect(t.status).toBe(200);
      expect(field(t, 'ok')).toBe(true);
      await sleep(800); // > 1.5 s after login, 0.8 s after touch
      expect((await call(short, pki, { path: '/joc/api/controller/ids', headers: h })).status).toBe(200);
      await sleep(1000); // > 1.5 s after the touch
      const late = await call(short, pki, { path: '/joc/api/controller/ids', headers: h });
      expect(late.status).toBe(440);
      expect((await call(short, pki, { path: '/joc/api/touch', headers: h })).status).toBe(401);
      expect(short.activeTokens()).toBe(0);
    } finally {
      await short.close();
    }
  });

  it('setIdleTimeoutMs applies to new sessions', async () => {
    const s = await startSim(pki);
    try {
      s.setIdleTimeoutMs(300);
      const token = await loginToken(s, pki, undefined, 'root', 'root');
      await sleep(450);
      expect(s.isTokenValid(token)).toBe(false);
    } finally {
      await s.close();
    }
  });
});
