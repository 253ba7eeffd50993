// Validation of certificate summaries read back from storage (registered.ts): a corrupt, foreign or
// outdated record never reaches the evaluation; it is derived again from the certificate instead.
import * as v from 'valibot';
import type { CertSummary } from './types.ts';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const orNull = <T extends v.GenericSchema>(s: T) => v.nullable(s);
const iso = v.pipe(v.string(), v.isoTimestamp());
const range = v.pipe(v.tuple([v.pipe(v.number(), v.integer(), v.minValue(0)), v.pipe(v.number(), v.integer(), v.minValue(1))]), v.check(([a, b]) => a < b));
const b64 = v.pipe(v.string(), v.maxLength(4096), v.regex(/^[A-Za-z0-9+/]*={0,2}$/));
const hex = v.pipe(v.string(), v.maxLength(1024), v.regex(/^[0-9A-F]*$/));
const hash = v.picklist(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);

const SigSchema = v.nullable(
  v.variant('alg', [
    v.strictObject({ alg: v.literal('rsa-pkcs1'), hash, value: b64 }),
    v.strictObject({ alg: v.literal('rsa-pss'), hash, saltLength: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1024)), value: b64 }),
    v.strictObject({ alg: v.literal('ecdsa'), hash, r: hex, s: hex }),
    v.strictObject({ alg: v.literal('ed25519'), value: b64 }),
  ]),
);

export const CertSummarySchema = v.strictObject({
  v: v.literal(1),
  subject: text(8192),
  subjectCN: orNull(text(4096)),
  issuer: text(8192),
  issuerCN: orNull(text(4096)),
  serial: text(512),
  notBefore: iso,
  notAfter: iso,
  sha256: v.pipe(v.string(), v.regex(/^[0-9A-F]{2}(?::[0-9A-F]{2}){31}$/)),
  keyAlgorithm: v.picklist(['RSA', 'EC', 'Ed25519', 'other']),
  keySize: orNull(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65536))),
  curve: orNull(text(128)),
  ekuPresent: v.boolean(),
  ekuClientAuth: v.boolean(),
  selfSigned: v.boolean(),
  isCA: v.boolean(),
  subjectKey: text(16384),
  issuerKey: text(16384),
  keyOid: text(128),
  spki: range,
  tbs: range,
  sig: SigSchema,
});

/** A cached outcome for a certificate that does not read (so it is not parsed again at every wake-up). */
export const UnreadableSchema = v.strictObject({ v: v.literal(1), sha256: v.string(), error: text(300) });

/** The summary, if `x` is a well-formed summary of the certificate with this fingerprint. */
export function validSummary(x: unknown, sha256: string): CertSummary | null {
  const r = v.safeParse(CertSummarySchema, x);
  return r.success && r.output.sha256 === sha256 ? r.output : null;
}

export function validUnreadable(x: unknown, sha256: string): { error: string } | null {
  const r = v.safeParse(UnreadableSchema, x);
  return r.success && r.output.sha256 === sha256 ? { error: r.output.error } : null;
}
