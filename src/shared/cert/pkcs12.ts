// PKCS#12 (.p12/.pfx): extracts certificate bags only. Key bags are counted and skipped (never
// decrypted, interpreted or returned); the password is used transiently for the MAC and for
// decrypting the certificate safes and is never kept.
import * as asn1js from 'asn1js';
import { CryptoEngine, EncryptedContentInfo } from 'pkijs';
import { children, decodeOne, explicit, implicitOctets, octets, oidOf, smallInt } from './asn1.ts';
import { copyBytes } from './bytes.ts';
import { decryptLegacy, legacyName } from './legacy-pbe.ts';
import { p12Steps, p12Work, p12WorkError } from './p12-work.ts';
import { AES_KEY_BYTES, BAG_CERT, BAG_KEY, BAG_SAFE_CONTENTS, BAG_SHROUDED_KEY, CERT_X509, MAC_HASHES, OID_DATA, OID_ENCRYPTED_DATA, OID_HMAC_SHA1, OID_PBES2, OID_PBKDF2, OID_SIGNED_DATA, PRF_BYTES } from './p12-oids.ts';
import { CertError } from './types.ts';

const MAX_MAC_ITERATIONS = 1_000_000;
const MAX_PBKDF2_ITERATIONS = 10_000_000;

export interface P12Result {
  ders: Uint8Array[];
  warnings: string[];
}

let engine: CryptoEngine | null = null;
function getEngine(): CryptoEngine {
  engine ??= new CryptoEngine({ name: 'joc-guard', crypto: globalThis.crypto });
  return engine;
}

const buf = (b: Uint8Array): ArrayBuffer => copyBytes(b).buffer;

/** True when `node` has the outer shape of a PFX: SEQUENCE { INTEGER 3, ContentInfo { data | signedData, … }, … }. */
export function looksLikePfx(node: asn1js.AsnType): boolean {
  const [version, authSafe] = children(node);
  const type = oidOf(children(authSafe)[0]);
  return node instanceof asn1js.Sequence && smallInt(version) === 3 && (type === OID_DATA || type === OID_SIGNED_DATA);
}

async function macMatches(macData: asn1js.AsnType, content: Uint8Array, password: string): Promise<boolean> {
  const [digestInfo, saltNode, iterNode] = children(macData);
  const [algId, digestNode] = children(digestInfo);
  const algOid = oidOf(children(algId)[0]) ?? '';
  const hash = MAC_HASHES[algOid];
  const salt = octets(saltNode);
  const digest = octets(digestNode);
  const iterations = iterNode === undefined ? 1 : smallInt(iterNode);
  if (!hash) throw new CertError('p12-unsupported', `MAC algorithm ${algOid || '(missing)'} is not supported`);
  if (!salt || !digest || iterations === null || iterations < 1) throw new CertError('p12-unsupported', 'malformed MAC data');
  if (iterations > MAX_MAC_ITERATIONS) throw new CertError('p12-unsupported', `MAC iteration count ${iterations} is too high`);
  return getEngine().verifyDataStampedWithPassword({
    password: buf(new TextEncoder().encode(password)),
    hashAlgorithm: hash,
    salt: buf(salt),
    iterationCount: iterations,
    contentToVerify: buf(content),
    signatureToVerify: buf(digest),
  });
}

async function decryptSafe(encryptedData: asn1js.AsnType, password: string): Promise<Uint8Array> {
  const eci = children(encryptedData)[1];
  if (!eci) throw new CertError('p12-unsupported', 'malformed EncryptedData');
  const [, algNode, contentNode] = children(eci);
  const algOid = oidOf(children(algNode)[0]) ?? '';
  if (algOid === OID_PBES2) {
    const [kdf, scheme] = children(children(algNode)[1]);
    const [kdfOid, kdfParams] = [oidOf(children(kdf)[0]), children(children(kdf)[1])];
    const iterations = smallInt(kdfParams[1]) ?? 0;
    const prfOid = oidOf(children(kdfParams.find((n) => n instanceof asn1js.Sequence))[0]) ?? OID_HMAC_SHA1;
    const schemeOid = oidOf(children(scheme)[0]) ?? '';
    if (kdfOid !== OID_PBKDF2 || PRF_BYTES[prfOid] === undefined || AES_KEY_BYTES[schemeOid] === undefined) {
      throw new CertError('p12-unsupported', `PBES2 with ${kdfOid ?? '?'} / ${prfOid} / ${schemeOid || '?'} is not supported`);
    }
    if (iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) throw new CertError('p12-unsupported', `PBKDF2 iteration count ${iterations} is not supported`);
    try {
      const info = new EncryptedContentInfo({ schema: eci });
      const plain = await getEngine().decryptEncryptedContentInfo({ password: buf(pbkdf2Password(password, prfOid)), encryptedContentInfo: info });
      return new Uint8Array(plain);
    } catch {
      throw new DecryptFailed(); // WebCrypto reports a bad padding (= wrong password) as OperationError
    }
  }
  const name = legacyName(algOid);
  if (name !== null) {
    const data = implicitOctets(contentNode);
    if (!data) throw new CertError('p12-unsupported', 'malformed encrypted content');
    const plain = await decryptLegacy(algOid, children(algNode)[1], password, data);
    if (plain === 'unsupported') throw new CertError('p12-unsupported', `certificate safe encrypted with ${name}, which is not supported`);
    if (plain === null) throw new DecryptFailed();
    return plain;
  }
  throw new CertError('p12-unsupported', `certificate safe encryption ${algOid || '(missing)'} is not supported`);
}

class DecryptFailed extends Error {}

/**
 * PBKDF2 password bytes. HMAC zero-pads keys shorter than its block, so the empty password equals a
 * block of zero bytes; that form avoids WebCrypto implementations that refuse zero-length key material.
 */
function pbkdf2Password(password: string, prfOid: string): Uint8Array {
  if (password !== '') return new TextEncoder().encode(password);
  return new Uint8Array(prfOid === '1.2.840.113549.2.10' || prfOid === '1.2.840.113549.2.11' ? 128 : 64);
}

function collectCerts(safeContents: asn1js.AsnType, out: P12Result, depth: number, keys: { n: number }): void {
  if (depth > 4) return;
  for (const bag of children(safeContents)) {
    const [idNode, valueWrap] = children(bag);
    const bagId = oidOf(idNode);
    const value = explicit(valueWrap, 0);
    if (bagId === BAG_KEY || bagId === BAG_SHROUDED_KEY) {
      keys.n++; // only counted: never decrypted, interpreted or returned
    } else if (bagId === BAG_CERT) {
      const [certType, certWrap] = children(value);
      const der = octets(explicit(certWrap, 0));
      if (oidOf(certType) === CERT_X509 && der) out.ders.push(copyBytes(der));
      else out.warnings.push('a non-X.509 certificate bag was ignored');
    } else if (bagId === BAG_SAFE_CONTENTS && value) {
      collectCerts(value, out, depth + 1, keys);
    }
  }
}

function parseSafeContents(bytes: Uint8Array): asn1js.AsnType {
  const sc = decodeOne(bytes);
  if (!sc || !(sc.node instanceof asn1js.Sequence)) throw new CertError('p12-unsupported', 'malformed SafeContents');
  return sc.node;
}

/** Decrypted SafeContents that do not parse: the key was wrong (for a file without MAC). */
function parseOrWrongKey(bytes: Uint8Array): asn1js.AsnType {
  try {
    return parseSafeContents(bytes);
  } catch {
    throw new DecryptFailed();
  }
}

/** Throws CertError for every failure. `password` undefined or '' = try the empty password. */
export async function extractFromPfx(pfx: asn1js.AsnType, password: string | undefined): Promise<P12Result> {
  const out: P12Result = { ders: [], warnings: [] };
  const [versionNode, authSafe, macData] = children(pfx);
  if (smallInt(versionNode) !== 3) throw new CertError('p12-unsupported', `PKCS#12 version ${smallInt(versionNode) ?? '?'} is not supported`);
  const [typeNode, contentWrap] = children(authSafe);
  const type = oidOf(typeNode);
  if (type === OID_SIGNED_DATA) throw new CertError('p12-unsupported', 'public-key integrity mode (signed PKCS#12) is not supported');
  const authBytes = type === OID_DATA ? octets(explicit(contentWrap, 0)) : null;
  if (!authBytes) throw new CertError('p12-unsupported', 'malformed PKCS#12 authSafe');

  const given = password ?? '';
  // Count the whole cost of the key derivations before doing any of it (crafted files, issue 15.5).
  const tooCostly = p12WorkError(p12Work(p12Steps(pfx, given !== '')));
  if (tooCostly !== null) throw new CertError('p12-too-costly', tooCostly);
  let pw = given;
  if (macData) {
    if (!(await macMatches(macData, authBytes, given))) {
      if (given === '') throw new CertError('p12-password-required', 'the file is protected by a password');
      if (!(await macMatches(macData, authBytes, ''))) throw new CertError('p12-wrong-password', 'MAC verification failed with the given password');
      pw = '';
      out.warnings.push('the file has an empty password; the given password was not needed');
    }
  } else {
    out.warnings.push('the file has no integrity MAC');
  }

  const safes = decodeOne(authBytes);
  if (!safes || !(safes.node instanceof asn1js.Sequence)) throw new CertError('p12-unsupported', 'malformed AuthenticatedSafe');
  const keys = { n: 0 };
  for (const ci of children(safes.node)) {
    const [ciType, ciWrap] = children(ci);
    const oid = oidOf(ciType);
    const inner = explicit(ciWrap, 0);
    if (oid === OID_DATA) {
      const bytes = octets(inner);
      if (bytes) collectCerts(parseSafeContents(bytes), out, 0, keys);
    } else if (oid === OID_ENCRYPTED_DATA && inner) {
      let safe: asn1js.AsnType;
      try {
        const plain = await decryptSafe(inner, pw);
        // No MAC: about one wrong key in 256 still ends in valid padding, and the
        // "plaintext" is noise. Only the MAC could have proved the password right.
        safe = macData ? parseSafeContents(plain) : parseOrWrongKey(plain);
      } catch (e) {
        if (!(e instanceof DecryptFailed)) throw e;
        if (pw === '' && !macData) throw new CertError('p12-password-required', 'the file is protected by a password');
        throw new CertError('p12-wrong-password', 'decryption failed with the given password');
      }
      collectCerts(safe, out, 0, keys);
    } else {
      out.warnings.push(`a PKCS#12 safe of type ${oid ?? '?'} was ignored`);
    }
  }
  if (keys.n > 0) out.warnings.push('private key ignored and not stored');
  if (out.ders.length === 0) throw new CertError('p12-no-certificate', 'the PKCS#12 file contains no certificate');
  return out;
}
