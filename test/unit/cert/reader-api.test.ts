// The certificate worker's request handler: real files in, FileParse out; anything else is refused.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Pki } from '../../sim/pki.ts';
import { answerReaderRequest, type FileParse, type PemsParse } from '../../../src/shared/cert/reader-api.ts';
import { read, readText, unitPki } from './fixtures.ts';

let pki: Pki;
beforeAll(async () => {
  pki = await unitPki();
}, 60_000);

describe('answerReaderRequest', () => {
  it('a password-protected .p12: leaf, all certificates, warnings', async () => {
    const r = (await answerReaderRequest({ kind: 'file', bytes: read(pki.rsaP12WithPassword.p12), name: 'a.p12', password: pki.rsaP12WithPassword.password })) as FileParse;
    expect(r.ok && r.leaf.sha256).toBe(pki.clients.rsa.sha256);
    expect(r.ok && r.all.length).toBeGreaterThan(1);
  });

  it('stored PEMs: certificates per text, null for one that does not read', async () => {
    const r = (await answerReaderRequest({ kind: 'pems', pems: [readText(pki.clients.rsa.cert), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'] })) as PemsParse;
    expect(r[0]?.[0]?.sha256).toBe(pki.clients.rsa.sha256);
    expect(r[1]).toBeNull();
  });

  it.each([null, 'x', {}, { kind: 'file' }, { kind: 'file', bytes: [1, 2], name: 'a' }, { kind: 'file', bytes: new Uint8Array(1), name: 1 }, { kind: 'file', bytes: new Uint8Array(1), name: 'a', password: 5 }, { kind: 'other' }])(
    'malformed request %j → error, never a throw',
    async (req) => {
      expect(await answerReaderRequest(req)).toEqual({ ok: false, error: 'not-a-certificate', detail: 'malformed request' });
    },
  );

  it('malformed PEM lists → nothing', async () => {
    expect(await answerReaderRequest({ kind: 'pems', pems: 'x' })).toEqual([]);
    expect(await answerReaderRequest({ kind: 'pems', pems: [5, null] })).toEqual([null, null]);
  });
});
