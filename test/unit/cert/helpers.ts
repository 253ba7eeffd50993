// Small assertion helpers shared by the certificate tests.
import type { ParseResult, ParsedCert } from '../../../src/shared/cert/types.ts';

/** The certificates of a successful parse; throws with the error otherwise. */
export function okCerts(r: ParseResult): ParsedCert[] {
  if (!r.ok) throw new Error(`expected success, got ${r.error}: ${r.detail}`);
  return r.certs;
}

export function firstCert(r: ParseResult): ParsedCert {
  const c = okCerts(r)[0];
  if (!c) throw new Error('no certificate');
  return c;
}

export function errorOf(r: ParseResult): string {
  return r.ok ? 'ok' : r.error;
}

export const DAY = 86_400_000;
