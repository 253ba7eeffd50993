// How the simulated SIEM collectors read a request and answer, per format,
// as the real services do (see test/unit/forwarder/golden/README.md for the
// published references): Elasticsearch `_bulk` (per-item statuses, 409 for an
// id it already holds), Splunk HEC ({"text","code"}), OTLP/HTTP JSON (partial
// success), and JOC Guard's own JSON. Test-only.
import type { ForwardFormat } from '../../src/shared/audit/formats/types.ts';

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What a test asks the next request to get, instead of the normal answer. */
export type Fault =
  | { kind: 'status'; status: number; body?: unknown }
  /** Elasticsearch: these item statuses in order (others 201), `errors: true`. */
  | { kind: 'bulk-items'; statuses: number[] }
  /** OTLP: accept, but report this many records rejected. */
  | { kind: 'otlp-partial'; rejected: number };

export interface Parsed {
  ok: boolean;
  /** What this request delivered, one entry per record/event, in order. */
  events: { id: string; doc: unknown }[];
  error?: Answer;
}

const hecError = (status: number, code: number, text: string, extra: Record<string, unknown> = {}): Answer => ({ status, body: { text, code, ...extra } });

/** Parses a request body; a malformed one gets the answer the real service gives. */
export function parse(format: ForwardFormat, body: string): Parsed {
  try {
    if (format === 'joc-guard') {
      const records = (JSON.parse(body) as { records: { id: string }[] }).records;
      return { ok: true, events: records.map((r) => ({ id: r.id, doc: r })) };
    }
    if (format === 'elastic-bulk') {
      if (!body.endsWith('\n')) return { ok: false, events: [], error: { status: 400, body: { error: { type: 'illegal_argument_exception', reason: 'The bulk request must be terminated by a newline [\\n]' }, status: 400 } } };
      const lines = body.slice(0, -1).split('\n');
      const events: Parsed['events'] = [];
      for (let i = 0; i < lines.length; i += 2) {
        const action = JSON.parse(lines[i] ?? '') as { create?: { _index: string; _id: string } };
        if (!action.create) return { ok: false, events: [], error: { status: 400, body: { error: { type: 'illegal_argument_exception', reason: 'expected create' }, status: 400 } } };
        events.push({ id: action.create._id, doc: { _index: action.create._index, _source: JSON.parse(lines[i + 1] ?? '') as unknown } });
      }
      return { ok: true, events };
    }
    if (format === 'splunk-hec') {
      const events: Parsed['events'] = [];
      for (const [n, line] of body.split('\n').entries()) {
        const e = JSON.parse(line) as { event?: { id?: string } };
        if (e.event === undefined) return { ok: false, events: [], error: hecError(400, 12, 'Event field is required', { 'invalid-event-number': n }) };
        events.push({ id: e.event.id ?? '', doc: e });
      }
      return events.length === 0 ? { ok: false, events, error: hecError(400, 5, 'No data') } : { ok: true, events };
    }
    const req = JSON.parse(body) as { resourceLogs: { scopeLogs: { logRecords: { attributes: { key: string; value: { stringValue?: string } }[] }[] }[] }[] };
    const records = req.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords));
    return { ok: true, events: records.map((r) => ({ id: r.attributes.find((a) => a.key === 'log.record.uid')?.value.stringValue ?? '', doc: r })) };
  } catch {
    if (format === 'splunk-hec') return { ok: false, events: [], error: hecError(400, 6, 'Invalid data format', { 'invalid-event-number': 0 }) };
    return { ok: false, events: [], error: { status: 400, body: format === 'otlp-http' ? { code: 3, message: 'unmarshal error' } : { error: 'bad json' } } };
  }
}

/** The authorization the real service would refuse, or null. */
export function authProblem(format: ForwardFormat, header: string | undefined, expected: string): Answer | null {
  if (format === 'splunk-hec') {
    if (header === undefined) return hecError(401, 2, 'Token is required');
    if (!header.startsWith('Splunk ')) return hecError(401, 3, 'Invalid authorization');
    return header === expected ? null : hecError(403, 4, 'Invalid token');
  }
  if (header === expected) return null;
  if (format === 'elastic-bulk') return { status: 401, body: { error: { type: 'security_exception', reason: 'unable to authenticate' }, status: 401 }, headers: { 'WWW-Authenticate': 'ApiKey' } };
  return { status: 401, body: format === 'otlp-http' ? { code: 16, message: 'unauthenticated' } : { error: 'unauthorized' } };
}

/** The normal answer for accepted events; `known` holds the ids the collector already stored (Elasticsearch: 409 for those). */
export function success(format: ForwardFormat, events: Parsed['events'], known: ReadonlySet<string>, fault: Fault | null): { answer: Answer; stored: Parsed['events'] } {
  if (format === 'elastic-bulk') {
    const statuses = events.map((e, i) => (fault?.kind === 'bulk-items' ? (fault.statuses[i] ?? 201) : known.has(e.id) ? 409 : 201));
    const items = events.map((e, i) => {
      const status = statuses[i] ?? 201;
      const base = { _index: (e.doc as { _index: string })._index, _id: e.id, status };
      if (status === 201) return { create: { ...base, _version: 1, result: 'created', _shards: { total: 2, successful: 1, failed: 0 } } };
      const type = status === 409 ? 'version_conflict_engine_exception' : status === 429 ? 'es_rejected_execution_exception' : 'mapper_parsing_exception';
      return { create: { ...base, error: { type, reason: `simulated ${type}` } } };
    });
    return { answer: { status: 200, body: { took: 1, errors: statuses.some((s) => s !== 201), items } }, stored: events.filter((_, i) => statuses[i] === 201) };
  }
  if (format === 'splunk-hec') return { answer: { status: 200, body: { text: 'Success', code: 0 } }, stored: events };
  if (format === 'otlp-http') {
    const rejected = fault?.kind === 'otlp-partial' ? Math.min(fault.rejected, events.length) : 0;
    const body = rejected > 0 ? { partialSuccess: { rejectedLogRecords: String(rejected), errorMessage: 'simulated rejection' } } : {};
    return { answer: { status: 200, body }, stored: events.slice(rejected) };
  }
  return { answer: { status: 200, body: { accepted: events.length } }, stored: events };
}
