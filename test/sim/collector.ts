// A simulated SIEM collector for the forwarding tests: one HTTPS listener
// (the simulator's server certificate) that takes JOC Guard's audit records
// at the paths of the real services — Elasticsearch/OpenSearch `/_bulk` (or
// `/<index>/_bulk`), Splunk HEC `/services/collector/event`, OpenTelemetry
// Collector `/v1/logs`, and JOC Guard's own `/joc-guard/v1/records` — checks
// the Authorization header as each service does, answers as it does
// (collector-formats.ts; faults on request: per-item bulk failures, HEC
// codes, OTLP partial success, any status), and records what it received.
// `redirect` makes it answer every POST with a 307/308 to another URL.
// Test-only; it contains no code of the services it imitates.
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { ForwardFormat } from '../../src/shared/audit/formats/types.ts';
import { authProblem, parse, success, type Answer, type Fault, type Parsed } from './collector-formats.ts';
import { BodyTooLarge, header, readBody, sendJson } from './http-util.ts';
import type { Pki } from './pki.ts';

export type { Fault } from './collector-formats.ts';

export const COLLECTOR_PATHS: Record<ForwardFormat, string> = {
  'joc-guard': '/joc-guard/v1/records',
  'elastic-bulk': '/_bulk',
  'splunk-hec': '/services/collector/event',
  'otlp-http': '/v1/logs',
};

export interface CollectorRequest {
  time: number;
  method: string;
  path: string;
  format: ForwardFormat | null;
  authorization?: string;
  contentType?: string;
  body: string;
  status: number;
}

export interface SimCollector {
  origin: string;
  url(format: ForwardFormat): string;
  /** Every request, in order (bodies included: tests look for secrets in them). */
  readonly requests: ReadonlyArray<CollectorRequest>;
  /** What the collector stored, per format, in arrival order (an Elasticsearch id once; HEC keeps duplicates, as Splunk does). */
  stored(format: ForwardFormat): { id: string; doc: unknown }[];
  /** The next request gets this instead of the normal answer (queued, one per request). */
  fault(f: Fault): void;
  /** Answer every POST with this redirect to `to` + the request path; null ends it. */
  redirect(r: { status: 307 | 308; to: string } | null): void;
  close(): Promise<void>;
}

function formatOf(path: string): ForwardFormat | null {
  if (path === COLLECTOR_PATHS['joc-guard']) return 'joc-guard';
  if (path === '/_bulk' || /^\/[a-z0-9][a-z0-9._+-]*\/_bulk$/.test(path)) return 'elastic-bulk';
  if (path === '/services/collector/event' || path === '/services/collector/event/1.0' || path === '/services/collector') return 'splunk-hec';
  if (path === '/v1/logs') return 'otlp-http';
  return null;
}

const CONTENT_TYPES: Record<ForwardFormat, string[]> = {
  'joc-guard': ['application/json'],
  'elastic-bulk': ['application/x-ndjson', 'application/json'],
  'splunk-hec': ['application/json', 'text/plain'],
  'otlp-http': ['application/json'],
};

export async function startCollector(o: { pki: Pki; auth: Partial<Record<ForwardFormat, string>>; log?: (line: string) => void }): Promise<SimCollector> {
  const requests: CollectorRequest[] = [];
  const stored = new Map<ForwardFormat, { id: string; doc: unknown }[]>();
  const faults: Fault[] = [];
  let redirect: { status: 307 | 308; to: string } | null = null;

  function handle(req: IncomingMessage, rec: CollectorRequest): Answer {
    if (redirect) return { status: redirect.status, body: {}, headers: { Location: redirect.to + rec.path } };
    if (rec.format === null) return { status: 404, body: { error: 'no such endpoint' } };
    if (req.method !== 'POST') return { status: 405, body: { error: 'POST only' } };
    const format = rec.format;
    const type = (rec.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!CONTENT_TYPES[format].includes(type)) return { status: format === 'elastic-bulk' ? 406 : 415, body: { error: `content type ${type} not supported` } };
    const denied = authProblem(format, rec.authorization, o.auth[format] ?? '');
    if (denied) return denied;
    const fault = faults.shift() ?? null;
    if (fault?.kind === 'status') return { status: fault.status, body: fault.body ?? {} };
    const parsed: Parsed = parse(format, rec.body);
    if (!parsed.ok) return parsed.error ?? { status: 400, body: {} };
    const list = stored.get(format) ?? [];
    stored.set(format, list);
    const known = new Set(list.map((e) => e.id));
    const out = success(format, parsed.events, known, fault);
    list.push(...out.stored);
    return out.answer;
  }

  const server = https.createServer({ key: readFileSync(o.pki.server.key), cert: readFileSync(o.pki.server.chain), minVersion: 'TLSv1.2' }, (req, res) => {
    const path = new URL(req.url ?? '/', 'https://localhost').pathname;
    const rec: CollectorRequest = { time: Date.now(), method: req.method ?? 'GET', path, format: formatOf(path), body: '', status: 0 };
    const auth = header(req, 'authorization');
    if (auth !== undefined) rec.authorization = auth;
    const ct = header(req, 'content-type');
    if (ct !== undefined) rec.contentType = ct;
    readBody(req, 10 * 1024 * 1024)
      .then((buf) => {
        rec.body = buf.toString('utf8');
        const a = handle(req, rec);
        rec.status = a.status;
        requests.push(rec);
        o.log?.(`[collector] ${rec.method} ${path} ${a.status}`);
        sendJson(res, a.status, a.body, a.headers ?? {});
      })
      .catch((err: unknown) => {
        rec.status = err instanceof BodyTooLarge ? 413 : 500;
        requests.push(rec);
        sendJson(res, rec.status, { error: err instanceof Error ? err.message : 'error' });
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  let closed: Promise<void> | null = null;
  return {
    origin,
    url: (f) => origin + COLLECTOR_PATHS[f],
    get requests() {
      return requests;
    },
    stored: (f) => [...(stored.get(f) ?? [])],
    fault: (f) => void faults.push(f),
    redirect: (r) => void (redirect = r),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
