// The object identifiers of PKCS#12 (RFC 7292), PKCS#7 content types and PBES2
// (RFC 8018) that the PKCS#12 reader and its work estimate both need.
export const OID_DATA = '1.2.840.113549.1.7.1';
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
export const OID_PBES2 = '1.2.840.113549.1.5.13';
export const OID_PBKDF2 = '1.2.840.113549.1.5.12';
export const OID_HMAC_SHA1 = '1.2.840.113549.2.7';
export const BAG_KEY = '1.2.840.113549.1.12.10.1.1';
export const BAG_SHROUDED_KEY = '1.2.840.113549.1.12.10.1.2';
export const BAG_CERT = '1.2.840.113549.1.12.10.1.3';
export const BAG_SAFE_CONTENTS = '1.2.840.113549.1.12.10.1.6';
export const CERT_X509 = '1.2.840.113549.1.9.22.1';

/** MAC digest algorithms → WebCrypto hash names. */
export const MAC_HASHES: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

/** PBES2 PRFs (HMAC-SHA-1/256/384/512) → output bytes. */
export const PRF_BYTES: Readonly<Record<string, number>> = { [OID_HMAC_SHA1]: 20, '1.2.840.113549.2.9': 32, '1.2.840.113549.2.10': 48, '1.2.840.113549.2.11': 64 };

/** PBES2 ciphers WebCrypto can decrypt (AES-128/192/256-CBC) → key bytes. */
export const AES_KEY_BYTES: Readonly<Record<string, number>> = { '2.16.840.1.101.3.4.1.2': 16, '2.16.840.1.101.3.4.1.22': 24, '2.16.840.1.101.3.4.1.42': 32 };
