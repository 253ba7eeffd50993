// Shared types of the certificate module (src/shared/cert). Pure: no browser APIs.

/** What JOC Guard needs to know about one X.509 certificate. Derived once from its DER by the
 * asn1js reader (x509.ts) and kept by the background (registered.ts) so that a wake-up never
 * parses a certificate again. Holds public facts only. */
export interface CertFacts {
  /** Subject DN in RFC 4514 order (most specific first), e.g. "CN=apmacwin,O=SOS,C=DE". */
  subject: string;
  /** The first CN attribute in encoding order (what JOC's LdapName lookup takes); null when absent. */
  subjectCN: string | null;
  issuer: string;
  issuerCN: string | null;
  /** Serial number as uppercase hex byte pairs joined by ':' (no DER sign byte). */
  serial: string;
  /** ISO 8601 timestamps. */
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER, "AA:BB:…" uppercase (same format as `openssl x509 -fingerprint -sha256`). */
  sha256: string;
  keyAlgorithm: 'RSA' | 'EC' | 'Ed25519' | 'other';
  /** RSA modulus length in bits; null for other key types. */
  keySize: number | null;
  /** EC curve ('P-256', 'P-384', 'P-521', or the dotted OID); null for non-EC keys. */
  curve: string | null;
  ekuPresent: boolean;
  /** True when the EKU extension lists clientAuth or anyExtendedKeyUsage. False when EKU is absent. */
  ekuClientAuth: boolean;
  /** subject == issuer AND the signature verifies with the certificate's own key. */
  selfSigned: boolean;
  /** basicConstraints cA = TRUE. */
  isCA: boolean;
}

/** How the certificate is signed, reduced to what WebCrypto needs (sig.ts); null = not checkable. */
export type SigInfo =
  | { alg: 'rsa-pkcs1'; hash: string; value: string }
  | { alg: 'rsa-pss'; hash: string; saltLength: number; value: string }
  /** r and s as hex without leading zero bytes: padded to the issuer's curve size when verifying. */
  | { alg: 'ecdsa'; hash: string; r: string; s: string }
  | { alg: 'ed25519'; value: string };

/** Byte range [start, end) inside the certificate's DER. */
export type DerRange = [number, number];

/** Facts plus what an offline chain check needs, without keeping a parser around: names compared
 * the way RFC 5280 matches them, the key and the signed part as ranges into the DER. */
export interface CertSummary extends CertFacts {
  /** Summary format; a cached record of another version is derived again. */
  v: 1;
  subjectKey: string;
  issuerKey: string;
  /** Public key algorithm OID (RSA, RSA-PSS, EC, Ed25519 …). */
  keyOid: string;
  spki: DerRange;
  tbs: DerRange;
  sig: SigInfo | null;
}

/** A certificate read from a file or from the settings: its summary and its PEM. */
export interface ParsedCert extends CertSummary {
  /** The certificate as PEM (one CERTIFICATE block, 64-char lines, trailing newline). */
  pem: string;
}

export type CertErrorCode =
  | 'empty'
  | 'too-large'
  | 'not-a-certificate'
  | 'truncated'
  | 'pem-invalid'
  | 'p12-password-required'
  | 'p12-wrong-password'
  | 'p12-no-certificate'
  | 'p12-unsupported'
  | 'p12-too-costly'
  | 'read-timeout'
  | 'private-key-only';

export type ParseResult =
  | { ok: true; certs: ParsedCert[]; warnings: string[] }
  | { ok: false; error: CertErrorCode; detail: string };

export type Level = 'ok' | 'warning' | 'error';

/** A finding; `code` is a stable id that doubles as the i18n key. */
export interface Finding {
  level: Level;
  code: string;
  params?: Record<string, string | number>;
}

export type ChainFailure = 'no-ca-configured' | 'issuer-not-found' | 'signature-invalid' | 'ca-expired' | 'path-too-long';

export interface ChainResult {
  ok: boolean;
  reason?: ChainFailure;
  /** Subjects from the leaf up to the last certificate reached (informational). */
  path?: string[];
}

/** Thrown internally and turned into `{ ok: false }`; never escapes the public API. */
export class CertError extends Error {
  constructor(
    readonly code: CertErrorCode,
    detail: string,
  ) {
    super(detail);
    this.name = 'CertError';
  }
}
