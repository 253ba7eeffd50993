// Public key and extension facts of an X.509 certificate (asn1js nodes → plain values).
import * as asn1js from 'asn1js';
import { children, decodeOne, octets, oidOf } from './asn1.ts';
import { CURVES, OID_EC, OID_ED25519, OID_RSA, OID_RSA_PSS } from './sig.ts';
import type { CertFacts } from './types.ts';

const OID_EKU = '2.5.29.37';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const EKU_ANY = '2.5.29.37.0';

function rsaBits(key: Uint8Array): number | null {
  const seq = decodeOne(key);
  const modulus = seq ? children(seq.node)[0] : undefined;
  if (!(modulus instanceof asn1js.Integer)) return null;
  let m = modulus.valueBlock.valueHexView;
  while (m.length > 0 && m[0] === 0) m = m.subarray(1);
  const first = m[0];
  if (first === undefined) return 0;
  return (m.length - 1) * 8 + (32 - Math.clz32(first));
}

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING } */
export function keyFacts(spki: asn1js.AsnType): Pick<CertFacts, 'keyAlgorithm' | 'keySize' | 'curve'> & { keyOid: string } {
  const [alg, key] = children(spki);
  const [oidNode, params] = children(alg);
  const keyOid = oidOf(oidNode);
  if (keyOid === null || !(key instanceof asn1js.BitString)) throw new Error('malformed public key');
  switch (keyOid) {
    case OID_RSA:
    case OID_RSA_PSS:
      return { keyOid, keyAlgorithm: 'RSA', keySize: rsaBits(key.valueBlock.valueHexView), curve: null };
    case OID_EC: {
      const curveOid = oidOf(params);
      return { keyOid, keyAlgorithm: 'EC', keySize: null, curve: curveOid ? (CURVES[curveOid]?.name ?? curveOid) : 'unknown' };
    }
    case OID_ED25519:
      return { keyOid, keyAlgorithm: 'Ed25519', keySize: null, curve: null };
    default:
      return { keyOid, keyAlgorithm: 'other', keySize: null, curve: null };
  }
}

/** The DER inside an Extension's extnValue, decoded; null when it is not one DER element. */
function extensionValue(ext: asn1js.AsnType): asn1js.AsnType | null {
  const c = children(ext);
  const bytes = octets(c[c.length - 1]);
  const one = bytes ? decodeOne(bytes) : null;
  return one && one.rest === 0 ? one.node : null;
}

/**
 * Extensions ::= SEQUENCE OF Extension { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }.
 * A malformed EKU still counts as present, without clientAuth (as Java's TLS stack rejects it too).
 */
export function extensionFacts(extensions: asn1js.AsnType | null): Pick<CertFacts, 'ekuPresent' | 'ekuClientAuth' | 'isCA'> {
  let ekuPresent = false;
  let ekuClientAuth = false;
  let isCA = false;
  for (const ext of children(extensions)) {
    const id = oidOf(children(ext)[0]);
    if (id === OID_EKU) {
      ekuPresent = true;
      const value = extensionValue(ext);
      const purposes = value instanceof asn1js.Sequence ? children(value).map(oidOf) : [];
      ekuClientAuth = purposes.some((p) => p === EKU_CLIENT_AUTH || p === EKU_ANY);
    } else if (id === OID_BASIC_CONSTRAINTS) {
      const first = children(extensionValue(ext))[0];
      isCA = first instanceof asn1js.Boolean && first.valueBlock.value;
    }
  }
  return { ekuPresent, ekuClientAuth, isCA };
}
