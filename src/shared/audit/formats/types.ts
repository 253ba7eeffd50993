// One small interface per forwarding format, so the forwarder stays
// format-agnostic: a format turns a batch into a request body and reads the
// collector's answer as "delivered", "partly delivered" (which records to
// resend, which the collector refused for good), "too much for one request"
// or "failed". Pure.
import type { AuditRecord } from '../types.ts';

export const FORWARD_FORMATS = ['joc-guard', 'elastic-bulk', 'splunk-hec', 'otlp-http'] as const;
export type ForwardFormat = (typeof FORWARD_FORMATS)[number];

export interface EncodeContext {
  /** Same batch, same id (see forwarder batchId): the idempotency key of formats that take one. */
  batchId: string;
  /** Elasticsearch index or data stream (elastic-bulk only). */
  index: string;
  product: { name: string; version: string };
}

export interface Encoded {
  contentType: string;
  /** Extra headers of the format (never the Authorization header: the forwarder adds that). */
  headers: Record<string, string>;
  body: string;
}

/** What the forwarder saw: the HTTP status and the (bounded) response text. */
export interface CollectorResponse {
  status: number;
  body: string;
}

export type Verdict =
  | { kind: 'delivered' }
  /** Indexes into the batch: `retry` to send again later, `refused` the collector will never take. `rejected`: refused, not named (OTLP). */
  | { kind: 'partial'; retry: number[]; refused: number[]; rejected: number; error: string }
  /** The request was refused as content (too large, or one record is bad): try smaller batches. */
  | { kind: 'split'; error: string }
  /** The request as a whole failed (down, auth, throttled): back off, send the same batch again. */
  | { kind: 'failed'; error: string };

export interface AuditFormat {
  encode(batch: readonly AuditRecord[], ctx: EncodeContext): Encoded;
  interpret(res: CollectorResponse, batch: readonly AuditRecord[]): Verdict;
}

export const is2xx = (status: number): boolean => Number.isInteger(status) && status >= 200 && status < 300;

/** The common reading of a status alone (no body needed): 2xx delivered, listed content codes split, the rest failed. */
export function statusVerdict(status: number, contentRejected: ReadonlySet<number>): Verdict {
  if (is2xx(status)) return { kind: 'delivered' };
  const error = `http-${status}`;
  return contentRejected.has(status) ? { kind: 'split', error } : { kind: 'failed', error };
}

/** JSON.parse that never throws (a proxy's HTML error page is not JSON). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A short, printable excerpt of a collector's own error text for lastError. */
export function excerpt(s: unknown, max = 80): string {
  // eslint-disable-next-line no-control-regex -- control characters from a remote answer are dropped
  return typeof s === 'string' ? s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, max) : '';
}
