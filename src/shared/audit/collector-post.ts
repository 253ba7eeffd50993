// One request to the collector: encode the batch in the configured format,
// post it through the injected fetch (the background passes the browser's,
// see collectorFetch), and read the answer. A redirect is never followed: it
// would re-post the batch, and its Authorization header, to wherever it points.
import type { AuditRecord } from './types.ts';
import type { KeyValueArea } from './kv-area.ts';
import { formatFor, type ForwardFormat, type Verdict } from './formats/index.ts';

/** What the injected fetch reports: the status, the response text, and whether the collector answered with a redirect. */
export interface CollectorReply {
  status: number;
  body?: string;
  redirected?: boolean;
}

export interface ForwarderDeps {
  area: KeyValueArea;
  fetch: (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }) => Promise<CollectorReply>;
  now: () => number;
  /** 0..1; jitter shortens a backoff delay by up to 20 %. Tests pass () => 0 for exact delays. */
  random?: () => number;
  /** A request that takes longer counts as failed (the outbox keeps its batch). */
  timeoutMs?: number;
  product?: { name: string; version: string };
}

export interface ForwardConfig {
  enabled: boolean;
  url: string;
  authHeader: string;
  batchSize: number;
  format: ForwardFormat;
  index: string;
}

export type PostResult = { verdict: Verdict; status?: number };

export async function postBatch(deps: ForwarderDeps, cfg: ForwardConfig, batch: AuditRecord[], id: string): Promise<PostResult> {
  const format = formatFor(cfg.format);
  const enc = format.encode(batch, { batchId: id, index: cfg.index, product: deps.product ?? { name: 'JOC Guard', version: '0.0.0' } });
  const headers: Record<string, string> = { 'Content-Type': enc.contentType, ...enc.headers };
  if (cfg.authHeader !== '') headers.Authorization = cfg.authHeader;
  try {
    const res = await withTimeout(deps.fetch(cfg.url, { method: 'POST', headers, body: enc.body }), deps.timeoutMs ?? 30_000);
    // Never followed: a redirect would re-post the batch (and its credential) to wherever it points.
    if (res.redirected === true || (res.status >= 300 && res.status < 400)) return { verdict: { kind: 'failed', error: 'redirect-refused' }, status: res.status };
    return { verdict: format.interpret({ status: res.status, body: res.body ?? '' }, batch), status: res.status };
  } catch (err) {
    return { verdict: { kind: 'failed', error: err instanceof TimeoutError ? 'timeout' : `network-error: ${message(err)}` } };
  }
}

class TimeoutError extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError('timeout')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 120);
}

/** The part of a fetch Response the adapter reads. */
interface ResponseLike {
  status: number;
  type?: string;
  text(): Promise<string>;
}

/** A collector's answer is read up to this many characters (a bulk answer for 1000 records is ~300 KB). */
export const MAX_REPLY_CHARS = 2_000_000;

/**
 * The fetch the background injects: the browser's own, never following a
 * redirect (`redirect: 'manual'` gives an opaque-redirect answer, status 0, in
 * browsers; Node reports the 3xx itself), no cookies, no cache.
 */
export function collectorFetch(fetchImpl: (url: string, init: RequestInit) => Promise<ResponseLike>): ForwarderDeps['fetch'] {
  return async (url, init) => {
    const res = await fetchImpl(url, { ...init, cache: 'no-store', credentials: 'omit', redirect: 'manual' });
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) return { status: res.status, redirected: true };
    const text = await res.text();
    return { status: res.status, body: text.length > MAX_REPLY_CHARS ? text.slice(0, MAX_REPLY_CHARS) : text };
  };
}
