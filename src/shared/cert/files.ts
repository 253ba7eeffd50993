// Limits and helpers around certificate files that the pages need without loading a parser.
import type { CertSummary } from './types.ts';

/** Files above this size are refused before any decoding. */
export const MAX_FILE_BYTES = 256 * 1024;
export const KEY_IGNORED_WARNING = 'private key ignored and not stored';

/** The end-entity certificate: the first one that is not a CA, else the first one; null for an empty list. */
export function leafOf<T extends CertSummary>(certs: readonly T[]): T | null {
  return certs.find((c) => !c.isCA) ?? certs[0] ?? null;
}
