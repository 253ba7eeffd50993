// Shared types of the certificate module (src/shared/cert). Pure: no browser APIs.

/** A parsed X.509 certificate. Never holds key material other than the public key facts. */
export interface ParsedCert {
  /** The certificate as PEM (one CERTIFICATE block, 64-char lines, trailing newline). */
  pem: string;
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
