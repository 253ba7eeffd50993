// Runs one certificate reading in a fresh worker (cert-worker.js) with a deadline: the main thread
// of the options page (or of the background's helper, see src/background/cert-reader.ts) never
// parses, and a reading that takes too long is stopped by ending the worker. The PKCS#12 password
// goes to the worker for that one reading and is never stored, logged or sent. The worker is
// injected (`create`), so this runs under vitest as it is.
import type { FileParse, PemsParse, ReaderRequest, SummaryParse } from './reader-api.ts';

/** Second line behind the work cap of p12-work.ts (which refuses hostile files at once). */
export const READ_DEADLINE_MS = 30_000;

export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export interface ReaderDeps {
  create: () => WorkerLike;
  deadlineMs?: number;
}

type Outcome = { reply: unknown } | { failed: 'timeout' | 'crashed'; detail: string };

function run(req: ReaderRequest, deps: ReaderDeps): Promise<Outcome> {
  return new Promise((resolve) => {
    let worker: WorkerLike;
    try {
      worker = deps.create();
    } catch (e) {
      resolve({ failed: 'crashed', detail: `the certificate reader did not start: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    const ms = deps.deadlineMs ?? READ_DEADLINE_MS;
    const done = (o: Outcome): void => {
      clearTimeout(timer);
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
      resolve(o);
    };
    const timer = setTimeout(() => done({ failed: 'timeout', detail: `reading stopped after ${ms / 1000} s` }), ms);
    worker.onmessage = (e) => done({ reply: e.data });
    worker.onerror = () => done({ failed: 'crashed', detail: 'the certificate reader failed' });
    worker.postMessage(req);
  });
}

export async function readFileInWorker(req: Extract<ReaderRequest, { kind: 'file' }>, deps: ReaderDeps): Promise<FileParse> {
  const o = await run(req, deps);
  if ('failed' in o) return { ok: false, error: o.failed === 'timeout' ? 'read-timeout' : 'not-a-certificate', detail: o.detail };
  const r = o.reply as FileParse | null;
  return typeof r === 'object' && r !== null && typeof r.ok === 'boolean' ? r : { ok: false, error: 'not-a-certificate', detail: 'malformed answer' };
}

/** null per PEM that does not read (also when the reader failed or timed out). */
export async function readPemsInWorker(pems: readonly string[], deps: ReaderDeps): Promise<PemsParse> {
  if (pems.length === 0) return [];
  const o = await run({ kind: 'pems', pems: [...pems] }, deps);
  const r = 'reply' in o && Array.isArray(o.reply) && o.reply.length === pems.length ? (o.reply as PemsParse) : null;
  return r ?? pems.map(() => null);
}

/** One certificate's summary for the background's cache; its shape is checked by the cache (registered.ts). */
export async function readSummaryInWorker(der: Uint8Array, deps: ReaderDeps): Promise<SummaryParse> {
  const o = await run({ kind: 'summary', der }, deps);
  if ('failed' in o) return { ok: false, error: o.detail };
  const r = o.reply as { ok?: unknown; error?: unknown; summary?: unknown } | null;
  if (typeof r !== 'object' || r === null) return { ok: false, error: 'malformed answer' };
  if (r.ok === true) return { ok: true, summary: r.summary };
  return { ok: false, error: typeof r.error === 'string' ? r.error.slice(0, 300) : 'malformed answer' };
}
