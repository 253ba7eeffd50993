// CRX3: the signed package Chromium installs from a self-hosted update URL.
// Writer, verifying reader and extension-id derivation, with node:crypto and a
// protobuf encoder/decoder small enough to read. Format (Chromium's
// components/crx_file/crx3.proto):
//
//   "Cr24" | uint32le 3 | uint32le N | CrxFileHeader (N bytes) | zip
//
//   CrxFileHeader { repeated AsymmetricKeyProof sha256_with_rsa = 2;
//                   repeated AsymmetricKeyProof sha256_with_ecdsa = 3;
//                   bytes signed_header_data = 10000; }       // a SignedData
//   AsymmetricKeyProof { bytes public_key = 1; bytes signature = 2; }  // SPKI DER
//   SignedData { bytes crx_id = 1; }   // first 16 bytes of SHA-256(public key)
//
// Each signature is over "CRX3 SignedData\x00" | uint32le(len(signed_header_data))
// | signed_header_data | zip. The extension id is crx_id in hex with 0-f mapped
// to a-p. test/e2e/packaged.e2e.ts checks all this against Chromium itself.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipFiles } from './zip.ts';

const MAGIC = Buffer.from('Cr24', 'latin1');
const SIGNATURE_CONTEXT = Buffer.from('CRX3 SignedData\x00', 'latin1');
/** Chromium refuses headers it cannot safely hold; so do we. */
const MAX_HEADER = 1 << 20;

// Field numbers of crx3.proto.
const HEADER_SHA256_WITH_RSA = 2;
const HEADER_SHA256_WITH_ECDSA = 3;
const HEADER_SIGNED_HEADER_DATA = 10000;
const PROOF_PUBLIC_KEY = 1;
const PROOF_SIGNATURE = 2;
const SIGNED_DATA_CRX_ID = 1;

// ---- protobuf: only what CRX3 needs (length-delimited fields; others skipped) ----

function varint(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`varint out of range: ${n}`);
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Buffer.from(out);
}

/** One length-delimited field (wire type 2). */
export function pbBytes(field: number, payload: Uint8Array): Buffer {
  return Buffer.concat([varint(field * 8 + 2), varint(payload.length), payload]);
}

export interface PbField {
  field: number;
  wireType: number;
  /** Payload of a length-delimited field; empty for the other wire types. */
  bytes: Buffer;
}

function readVarint(buf: Buffer, at: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = at; i < buf.length && i < at + 8; i++) {
    const b = buf[i] ?? 0;
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return [value, i + 1];
    scale *= 0x80;
  }
  throw new Error('truncated or oversized varint');
}

/** Decodes one message's fields in order; unknown fields are kept, malformed input throws. */
export function pbDecode(buf: Buffer): PbField[] {
  const out: PbField[] = [];
  let at = 0;
  while (at < buf.length) {
    const [key, afterKey] = readVarint(buf, at);
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (field === 0) throw new Error('field number 0');
    at = afterKey;
    if (wireType === 0) {
      at = readVarint(buf, at)[1];
      out.push({ field, wireType, bytes: Buffer.alloc(0) });
    } else if (wireType === 1 || wireType === 5) {
      at += wireType === 1 ? 8 : 4;
      if (at > buf.length) throw new Error('truncated fixed-size field');
      out.push({ field, wireType, bytes: Buffer.alloc(0) });
    } else if (wireType === 2) {
      const [len, start] = readVarint(buf, at);
      if (start + len > buf.length) throw new Error(`field ${field} runs past the end`);
      out.push({ field, wireType, bytes: buf.subarray(start, start + len) });
      at = start + len;
    } else {
      throw new Error(`unsupported wire type ${wireType}`);
    }
  }
  return out;
}

const bytesFields = (fields: PbField[], n: number): Buffer[] => fields.filter((f) => f.field === n && f.wireType === 2).map((f) => f.bytes);

// ---- ids ----

/** crx_id: the first 16 bytes of SHA-256 over the DER SubjectPublicKeyInfo. */
export function crxIdFromPublicKey(spkiDer: Uint8Array): Buffer {
  return createHash('sha256').update(spkiDer).digest().subarray(0, 16);
}

/** The 32-letter extension id Chromium shows: crx_id in hex, digits 0-f written as a-p. */
export function extensionIdFromCrxId(crxId: Uint8Array): string {
  return [...Buffer.from(crxId).toString('hex')].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

export function extensionIdFromPublicKey(spkiDer: Uint8Array): string {
  return extensionIdFromCrxId(crxIdFromPublicKey(spkiDer));
}

export function publicKeyDer(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

/** Loads the signing key (PEM, PKCS#1 or PKCS#8); only unencrypted RSA keys of 2048 bits or more. */
export function loadRsaPrivateKey(pem: string | Buffer): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw new Error(`cannot read the CRX signing key (expected an unencrypted PEM private key): ${err instanceof Error ? err.message : String(err)}`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`the CRX signing key must be an RSA key, got ${key.asymmetricKeyType ?? 'unknown'}`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048) throw new Error(`the CRX signing key has ${bits} bits; use 2048 or more`);
  return key;
}

// ---- writer ----

function signedPayload(signedHeaderData: Buffer, zip: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32LE(signedHeaderData.length);
  return Buffer.concat([SIGNATURE_CONTEXT, len, signedHeaderData, zip]);
}

/** A CRX3 file of `zip`, signed (RSASSA-PKCS1-v1_5, SHA-256) with `privateKey`. Deterministic for a given key. */
export function writeCrx3(zip: Uint8Array, privateKey: KeyObject): Buffer {
  const pub = publicKeyDer(privateKey);
  const signedHeaderData = pbBytes(SIGNED_DATA_CRX_ID, crxIdFromPublicKey(pub));
  const signature = sign('sha256', signedPayload(signedHeaderData, zip), privateKey);
  const proof = Buffer.concat([pbBytes(PROOF_PUBLIC_KEY, pub), pbBytes(PROOF_SIGNATURE, signature)]);
  const header = Buffer.concat([pbBytes(HEADER_SHA256_WITH_RSA, proof), pbBytes(HEADER_SIGNED_HEADER_DATA, signedHeaderData)]);
  const prefix = Buffer.alloc(12);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(3, 4);
  prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, header, zip]);
}

// ---- verifying reader ----

export interface VerifiedCrx {
  /** The archive, exactly the bytes that were signed. */
  zip: Buffer;
  /** DER SubjectPublicKeyInfo of the key the id belongs to. */
  publicKey: Buffer;
  crxId: Buffer;
  extensionId: string;
}

/**
 * Parses and verifies a CRX3 file the way Chromium's verifier does: every
 * proof's signature must verify, and one RSA or ECDSA proof must carry the key
 * whose hash is the declared crx_id. Throws on anything else.
 */
export function readCrx3(file: Uint8Array): VerifiedCrx {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (buf.length < 12 || !buf.subarray(0, 4).equals(MAGIC)) throw new Error('not a CRX file (no Cr24 magic)');
  const version = buf.readUInt32LE(4);
  if (version !== 3) throw new Error(`CRX version ${version}, expected 3`);
  const headerLen = buf.readUInt32LE(8);
  if (headerLen > MAX_HEADER || 12 + headerLen > buf.length) throw new Error(`CRX header length ${headerLen} is out of range`);
  const header = pbDecode(buf.subarray(12, 12 + headerLen));
  const zip = buf.subarray(12 + headerLen);
  const signedData = bytesFields(header, HEADER_SIGNED_HEADER_DATA);
  if (signedData.length !== 1 || !signedData[0]) throw new Error('CRX header has no signed_header_data');
  const crxIds = bytesFields(pbDecode(signedData[0]), SIGNED_DATA_CRX_ID);
  const crxId = crxIds[0];
  if (crxIds.length !== 1 || crxId?.length !== 16) throw new Error('signed_header_data has no 16-byte crx_id');
  const payload = signedPayload(signedData[0], zip);
  let developerKey: Buffer | null = null;
  let proofs = 0;
  for (const [kind, fieldNo] of [['RSA', HEADER_SHA256_WITH_RSA], ['ECDSA', HEADER_SHA256_WITH_ECDSA]] as const) {
    for (const proofBytes of bytesFields(header, fieldNo)) {
      proofs++;
      const proof = pbDecode(proofBytes);
      const [pub] = bytesFields(proof, PROOF_PUBLIC_KEY);
      const [signature] = bytesFields(proof, PROOF_SIGNATURE);
      if (!pub || !signature) throw new Error(`${kind} proof without public key or signature`);
      const key = createPublicKey({ key: pub, format: 'der', type: 'spki' });
      if (key.asymmetricKeyType !== (kind === 'RSA' ? 'rsa' : 'ec')) throw new Error(`${kind} proof carries a ${key.asymmetricKeyType ?? 'unknown'} key`);
      if (!verify('sha256', payload, key, signature)) throw new Error(`${kind} signature does not verify`);
      if (crxIdFromPublicKey(pub).equals(crxId)) developerKey = pub;
    }
  }
  if (proofs === 0) throw new Error('CRX header has no signature');
  if (developerKey === null) throw new Error('no signature by the key the crx_id belongs to');
  return { zip, publicKey: developerKey, crxId, extensionId: extensionIdFromCrxId(crxId) };
}

/** The gupdate manifest Chromium polls (ExtensionInstallForcelist "<id>;<update URL>"). */
export function updateXml(o: { extensionId: string; version: string; codebase: string; minChromeVersion?: string }): string {
  const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (!/^[a-p]{32}$/.test(o.extensionId)) throw new Error(`not an extension id: ${o.extensionId}`);
  const min = o.minChromeVersion ? ` prodversionmin='${attr(o.minChromeVersion)}'` : '';
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>",
    `  <app appid='${o.extensionId}'>`,
    `    <updatecheck codebase='${attr(o.codebase)}' version='${attr(o.version)}'${min} />`,
    '  </app>',
    '</gupdate>',
    '',
  ].join('\n');
}

/**
 * Verifies a CRX3 file and writes its files into `dir` (which must not exist
 * yet), for `--load-extension`. With `addKey`, the manifest gets the "key"
 * field as Chromium's installer writes it, so the unpacked copy keeps the
 * CRX's extension id instead of one derived from the directory path.
 */
export function unpackCrx3(file: Uint8Array, dir: string, o: { addKey?: boolean } = {}): VerifiedCrx {
  const crx = readCrx3(file);
  const base = path.resolve(dir);
  mkdirSync(base);
  for (const f of unzipFiles(crx.zip)) {
    let data: Uint8Array = f.data;
    if (o.addKey && f.path === 'manifest.json') {
      const m = JSON.parse(Buffer.from(f.data).toString('utf8')) as Record<string, unknown>;
      data = Buffer.from(JSON.stringify({ ...m, key: crx.publicKey.toString('base64') }, null, 2) + '\n');
    }
    const target = path.join(base, ...f.path.split('/'));
    if (!target.startsWith(base + path.sep)) throw new Error(`archive path escapes the target: ${f.path}`);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, data);
  }
  return crx;
}

// `npx tsx tools/crx3.ts verify <file.crx> [--unpack <dir>]`: checks a CRX3
// file (administrators, reviewers) and prints its extension id and the SHA-256
// of the zip inside, which equals the store zip's line in SHA256SUMS.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [cmd, file, flag, dir] = process.argv.slice(2);
  if (cmd !== 'verify' || !file || (flag !== undefined && (flag !== '--unpack' || !dir))) {
    console.error('usage: tsx tools/crx3.ts verify <file.crx> [--unpack <dir>]');
    process.exit(2);
  }
  try {
    const bytes = readFileSync(file);
    const crx = dir ? unpackCrx3(bytes, dir, { addKey: true }) : readCrx3(bytes);
    console.log(`${file}: valid CRX3, signed by the key of extension id ${crx.extensionId}`);
    console.log(`zip inside: ${unzipFiles(crx.zip).length} files, sha256 ${createHash('sha256').update(crx.zip).digest('hex')}`);
    if (dir) console.log(`unpacked into ${dir} (manifest "key" added, as Chromium's installer does)`);
  } catch (err) {
    console.error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
