// CRX3 writer and verifying reader (tools/crx3.ts). The e2e test
// test/e2e/packaged.e2e.ts also checks the bytes against Chromium's packer.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  crxIdFromPublicKey,
  extensionIdFromCrxId,
  loadRsaPrivateKey,
  pbBytes,
  pbDecode,
  publicKeyDer,
  readCrx3,
  unpackCrx3,
  updateXml,
  writeCrx3,
} from '../../../tools/crx3.ts';
import { run } from '../../../tools/proc.ts';
import { deterministicZip } from '../../../tools/zip.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

const rsa = (bits = 2048): KeyObject => generateKeyPairSync('rsa', { modulusLength: bits }).privateKey;
const key = rsa();
const zip = deterministicZip([
  { path: 'manifest.json', data: Buffer.from('{"manifest_version":3,"name":"t","version":"1.0"}') },
  { path: 'a/b.js', data: Buffer.from('console.log(1)') },
]);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'jg-crx3-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Rebuilds a CRX from parts, to forge what a writer must never produce. */
function forge(header: Buffer, archive: Uint8Array, version = 3): Buffer {
  const prefix = Buffer.alloc(12);
  prefix.write('Cr24', 0, 'latin1');
  prefix.writeUInt32LE(version, 4);
  prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, header, archive]);
}
const signedPrefix = (sd: Buffer): Buffer => {
  const n = Buffer.alloc(4);
  n.writeUInt32LE(sd.length);
  return Buffer.concat([Buffer.from('CRX3 SignedData\x00', 'latin1'), n, sd]);
};

describe('protobuf subset', () => {
  it('encodes field 10000 (signed_header_data) with the 3-byte key 82 F1 04', () => {
    expect(pbBytes(10000, Buffer.from([7])).toString('hex')).toBe('82f1040107');
    expect(pbBytes(2, Buffer.alloc(300)).subarray(0, 3).toString('hex')).toBe('12ac02');
  });

  it('decodes what it encodes, skips varint and fixed fields, refuses truncation', () => {
    const msg = Buffer.concat([pbBytes(1, Buffer.from('ab')), Buffer.from([0x18, 0x96, 0x01]), Buffer.from([0x25, 1, 2, 3, 4]), pbBytes(10000, Buffer.from('z'))]);
    expect(pbDecode(msg).map((f) => [f.field, f.wireType, f.bytes.toString()])).toEqual([
      [1, 2, 'ab'],
      [3, 0, ''],
      [4, 5, ''],
      [10000, 2, 'z'],
    ]);
    expect(() => pbDecode(pbBytes(1, Buffer.from('abc')).subarray(0, 4))).toThrow(/past the end/);
    expect(() => pbDecode(Buffer.from([0x80]))).toThrow(/varint/);
  });
});

describe('extension id', () => {
  it('is SHA-256 of the DER SubjectPublicKeyInfo, first 16 bytes, hex written with a-p', () => {
    const spki = publicKeyDer(key);
    const hex = createHash('sha256').update(spki).digest('hex').slice(0, 32);
    const id = extensionIdFromCrxId(crxIdFromPublicKey(spki));
    expect(id).toMatch(/^[a-p]{32}$/);
    expect([...id].map((c) => (c.charCodeAt(0) - 97).toString(16)).join('')).toBe(hex);
    expect(extensionIdFromCrxId(Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'))).toBe('aaabacadaeafagahaiajakalamanaoap');
  });
});

describe('CRX3 writer and reader', () => {
  const crx = writeCrx3(zip, key);

  it('writes Cr24, version 3, the header length, the header, then the zip unchanged', () => {
    expect(crx.subarray(0, 4).toString('latin1')).toBe('Cr24');
    expect(crx.readUInt32LE(4)).toBe(3);
    const n = crx.readUInt32LE(8);
    expect(crx.subarray(12 + n).equals(Buffer.from(zip))).toBe(true);
    const header = pbDecode(crx.subarray(12, 12 + n));
    expect(header.map((f) => f.field)).toEqual([2, 10000]);
    const proof = pbDecode(header[0]!.bytes);
    expect(proof[0]!.bytes.equals(publicKeyDer(key))).toBe(true);
    expect(proof[1]!.bytes.length).toBe(256); // RSA-2048 signature
    expect(pbDecode(header[1]!.bytes)[0]!.bytes.equals(crxIdFromPublicKey(publicKeyDer(key)))).toBe(true);
  });

  it('is deterministic for the same key and zip (PKCS#1 v1.5 signatures are)', () => {
    expect(writeCrx3(zip, key).equals(crx)).toBe(true);
  });

  it('reads back the zip, the key and the id', () => {
    const r = readCrx3(crx);
    expect(r.zip.equals(Buffer.from(zip))).toBe(true);
    expect(r.publicKey.equals(publicKeyDer(key))).toBe(true);
    expect(r.extensionId).toBe(extensionIdFromCrxId(crxIdFromPublicKey(publicKeyDer(key))));
  });

  it('rejects a changed archive byte, a wrong magic, another version and an impossible header length', () => {
    const tampered = Buffer.from(crx);
    tampered[tampered.length - 30] = (tampered[tampered.length - 30] ?? 0) ^ 1;
    expect(() => readCrx3(tampered)).toThrow(/signature does not verify/);
    const magic = Buffer.from(crx);
    magic.write('Cr25', 0, 'latin1');
    expect(() => readCrx3(magic)).toThrow(/magic/);
    const v2 = Buffer.from(crx);
    v2.writeUInt32LE(2, 4);
    expect(() => readCrx3(v2)).toThrow(/version 2/);
    const long = Buffer.from(crx);
    long.writeUInt32LE(crx.length, 8);
    expect(() => readCrx3(long)).toThrow(/out of range/);
  });

  it('rejects a crx_id that belongs to no signing key, and a header without signature', () => {
    const other = rsa();
    // Properly signed by `key`, but declaring the id of `other`.
    const sd = pbBytes(1, crxIdFromPublicKey(publicKeyDer(other)));
    const signature = sign('sha256', Buffer.concat([signedPrefix(sd), zip]), key);
    const proof = Buffer.concat([pbBytes(1, publicKeyDer(key)), pbBytes(2, signature)]);
    expect(() => readCrx3(forge(Buffer.concat([pbBytes(2, proof), pbBytes(10000, sd)]), zip))).toThrow(/no signature by the key/);
    expect(() => readCrx3(forge(pbBytes(10000, sd), zip))).toThrow(/no signature/);
  });

  it('rejects a second proof that does not verify, as Chromium does', () => {
    const n = crx.readUInt32LE(8);
    const header = crx.subarray(12, 12 + n);
    const stranger = Buffer.concat([pbBytes(1, publicKeyDer(rsa())), pbBytes(2, Buffer.alloc(256, 1))]);
    expect(() => readCrx3(forge(Buffer.concat([header, pbBytes(2, stranger)]), zip))).toThrow(/signature does not verify/);
  });

  it('unpacks into a new directory, optionally adding the manifest key as Chromium does', () => {
    const dir = path.join(tmp, 'unpacked');
    const r = unpackCrx3(crx, dir, { addKey: true });
    expect(readFileSync(path.join(dir, 'a/b.js'), 'utf8')).toBe('console.log(1)');
    const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { key: string; name: string };
    expect(m.name).toBe('t');
    expect(extensionIdFromCrxId(crxIdFromPublicKey(Buffer.from(m.key, 'base64')))).toBe(r.extensionId);
    expect(() => unpackCrx3(crx, dir)).toThrow(/EEXIST/);
    const evil = writeCrx3(zipWithRawName('../evil.txt'), key);
    expect(() => unpackCrx3(evil, path.join(tmp, 'evil'))).toThrow(/escapes/);
    expect(existsSync(path.join(tmp, 'evil.txt'))).toBe(false);
  });
});

describe('tsx tools/crx3.ts verify', () => {
  it('prints the id and the zip hash of a good file and fails on a bad one', async () => {
    const good = path.join(tmp, 'good.crx');
    const crx = writeCrx3(zip, key);
    writeFileSync(good, crx);
    const cli = (file: string) =>
      run(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'tools/crx3.ts'), 'verify', file], { quiet: true, allowFail: true, timeoutMs: 60_000 });
    const ok = await cli(good);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`extension id ${readCrx3(crx).extensionId}`);
    expect(ok.stdout).toContain(`sha256 ${createHash('sha256').update(zip).digest('hex')}`);
    const bad = path.join(tmp, 'bad.crx');
    writeFileSync(bad, Buffer.concat([crx.subarray(0, -1), Buffer.from([crx[crx.length - 1]! ^ 1])]));
    const failed = await cli(bad);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('signature does not verify');
  });
});

describe('signing key', () => {
  it('takes RSA keys of 2048 bits or more in PKCS#8 or PKCS#1 PEM, and nothing else', () => {
    expect(loadRsaPrivateKey(key.export({ type: 'pkcs8', format: 'pem' })).asymmetricKeyType).toBe('rsa');
    expect(loadRsaPrivateKey(key.export({ type: 'pkcs1', format: 'pem' })).asymmetricKeyType).toBe('rsa');
    expect(() => loadRsaPrivateKey(rsa(1024).export({ type: 'pkcs8', format: 'pem' }))).toThrow(/1024 bits/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(() => loadRsaPrivateKey(ec.export({ type: 'pkcs8', format: 'pem' }))).toThrow(/must be an RSA key/);
    expect(() => loadRsaPrivateKey('not a key')).toThrow(/cannot read/);
  });
});

describe('update.xml', () => {
  it('is a gupdate manifest with appid, codebase, version and the minimum Chrome version', () => {
    const id = 'abcdefghijklmnopabcdefghijklmnop';
    const xml = updateXml({ extensionId: id, version: '1.2.3', codebase: "https://h.example/a&b'c.crx", minChromeVersion: '121' });
    expect(xml).toContain("<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>");
    expect(xml).toContain(`<app appid='${id}'>`);
    expect(xml).toContain("<updatecheck codebase='https://h.example/a&amp;b&apos;c.crx' version='1.2.3' prodversionmin='121' />");
    expect(() => updateXml({ extensionId: 'ABC', version: '1', codebase: 'https://x' })).toThrow(/not an extension id/);
  });
});

// ---- helpers ----

/** A zip holding one entry with a raw (unchecked) name, built by hand. */
function zipWithRawName(name: string): Uint8Array {
  const n = Buffer.from(name);
  const data = Buffer.from('x');
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(1, 18);
  local.writeUInt32LE(1, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(1, 20);
  central.writeUInt32LE(1, 24);
  central.writeUInt16LE(n.length, 28);
  const localPart = Buffer.concat([local, n, data]);
  const centralPart = Buffer.concat([central, n]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, centralPart, end]);
}

