// Hostile PKCS#12 files for the tests (issue 15, item 5): a valid PFX with the empty password whose
// certificate safes each ask for a legacy password-based decryption (3DES) with a huge iteration
// count, and really decrypt (to an empty SafeContents), so a reader goes on to the next one.
// Deriving one safe's key and IV costs 3 × iterations SHA-1 rounds; a file can hold hundreds.
import { createCipheriv, createHmac } from 'node:crypto';
import * as asn1js from 'asn1js';
import { pkcs12Kdf } from '../../src/shared/cert/legacy-pbe.ts';

const OID_DATA = '1.2.840.113549.1.7.1';
const OID_ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
const PBE_SHA1_3DES = '1.2.840.113549.1.12.1.3';
const OID_SHA1 = '1.3.14.3.2.26';

const SALT = new Uint8Array([0x4a, 0x47, 0x2d, 0x31, 0x35, 0x2e, 0x35, 0x21]);
const MAC_SALT = new Uint8Array([0x4a, 0x47, 0x2d, 0x6d, 0x61, 0x63, 0x2d, 0x31]);
/** pkcs12Kdf('', SALT or MAC_SALT, 1,000,000, id, n), computed once (5 s): 3DES key (id 1), IV (id 2), MAC key (id 3). */
const AT_1M: Record<number, string> = {
  1: '6f620088c056b70cfe037fee79522f61bfba838282e4255c',
  2: '02dd7c4f9d34b37a',
  3: '9eed92d87ca269857e7d92a6921cde4559adc5a8',
};

function derive(iterations: number, id: 1 | 2 | 3, n: number): Buffer {
  const known = AT_1M[id];
  if (iterations === 1_000_000 && known) return Buffer.from(known, 'hex');
  return Buffer.from(pkcs12Kdf('', id === 3 ? MAC_SALT : SALT, iterations, id, n));
}

export interface CraftOptions {
  /** Number of encrypted certificate safes. */
  safes: number;
  /** Iteration count of each safe's key derivation. */
  iterations: number;
  /** Iteration count of an integrity MAC (omitted: no MAC). */
  macIterations?: number;
}

function encryptedSafe(iterations: number, encrypted: Uint8Array): asn1js.Sequence {
  const encryptedContentInfo = new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: OID_DATA }),
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: PBE_SHA1_3DES }),
          new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: SALT }), new asn1js.Integer({ value: iterations })] }),
        ],
      }),
      // [0] IMPLICIT OCTET STRING
      new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: encrypted }),
    ],
  });
  const encryptedData = new asn1js.Sequence({ value: [new asn1js.Integer({ value: 0 }), encryptedContentInfo] });
  return new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: OID_ENCRYPTED_DATA }), new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [encryptedData] })],
  });
}

/** DER bytes of the crafted PFX. */
export function craftedP12(o: CraftOptions): Uint8Array {
  // Every safe holds the same ciphertext: an empty SafeContents (SEQUENCE {}) under the empty password.
  const cipher = createCipheriv('des-ede3-cbc', derive(o.iterations, 1, 24), derive(o.iterations, 2, 8));
  const encrypted = new Uint8Array(Buffer.concat([cipher.update(Buffer.from([0x30, 0x00])), cipher.final()]));
  const safes = Array.from({ length: o.safes }, () => encryptedSafe(o.iterations, encrypted));
  const authSafe = new Uint8Array(new asn1js.Sequence({ value: safes }).toBER(false));
  const content = new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: OID_DATA }),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: authSafe })] }),
    ],
  });
  const parts: asn1js.AsnType[] = [new asn1js.Integer({ value: 3 }), content];
  if (o.macIterations !== undefined) {
    const digestInfo = new asn1js.Sequence({
      value: [
        new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_SHA1 }), new asn1js.Null()] }),
        new asn1js.OctetString({ valueHex: createHmac('sha1', derive(o.macIterations, 3, 20)).update(authSafe).digest() }),
      ],
    });
    parts.push(new asn1js.Sequence({ value: [digestInfo, new asn1js.OctetString({ valueHex: MAC_SALT }), new asn1js.Integer({ value: o.macIterations })] }));
  }
  return new Uint8Array(new asn1js.Sequence({ value: parts }).toBER(false));
}

/** How many safes the reader's ASN.1 decoder takes in one file (asn1js stops at 10,000 nodes). */
export const CRAFTED_SAFES = 600;
