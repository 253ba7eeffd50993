// OpenTelemetry logs over OTLP/HTTP with the JSON encoding
// (ExportLogsServiceRequest, `POST /v1/logs`): one LogRecord per audit record
// under a resource with `service.name`. 64-bit integers are decimal strings and
// the severity is the enum's number, as the OTLP specification's JSON mapping
// requires. `log.record.uid` (OpenTelemetry semantic conventions) carries the
// record id, so a resent batch can be deduplicated. Answers: 200 with an
// optional `partialSuccess.rejectedLogRecords` (must not be retried, and does
// not name the records); 429/502/503/504 are retryable; 400 and 413 refuse the
// data (narrowed down); other codes fail the request. References:
// opentelemetry-proto docs/specification.md (OTLP/HTTP) and examples/logs.json. Pure.
import { isPlainObject } from '../../json.ts';
import type { AuditRecord } from '../types.ts';
import type { AuditFormat, EncodeContext, Verdict } from './types.ts';
import { excerpt, is2xx, parseJson } from './types.ts';
import { describe, epochMs, meaning, originParts } from './semantics.ts';

/** SeverityNumber values of the OTLP logs data model. */
const SEVERITY = { info: { number: 9, text: 'INFO' }, warn: { number: 13, text: 'WARN' }, error: { number: 17, text: 'ERROR' } } as const;

type AnyValue = { stringValue: string } | { intValue: string };
const str = (key: string, value: string) => ({ key, value: { stringValue: value } as AnyValue });
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } as AnyValue });

function logRecord(r: AuditRecord): Record<string, unknown> {
  const sev = SEVERITY[meaning(r.type).severity];
  const nanos = `${BigInt(epochMs(r)) * 1_000_000n}`;
  const attributes = [str('log.record.uid', r.id), str('joc_guard.event', r.type), int('joc_guard.seq', r.seq)];
  const url = originParts(r.origin);
  if (url !== null) attributes.push(str('url.full', url.original), str('url.domain', url.domain), str('url.scheme', url.scheme), int('url.port', url.port));
  if (r.account !== undefined) attributes.push(str('user.name', r.account));
  if (r.reason !== undefined) attributes.push(str('joc_guard.reason', r.reason));
  if (r.fp !== undefined) attributes.push(str('joc_guard.token.fingerprint', r.fp));
  if (r.storage !== undefined) attributes.push(str('joc_guard.storage', r.storage));
  if (r.key !== undefined) attributes.push(str('joc_guard.key', r.key));
  if (r.result !== undefined) attributes.push(str('joc_guard.result', r.result));
  if (r.detail !== undefined) attributes.push(str('joc_guard.detail', r.detail));
  return {
    timeUnixNano: nanos,
    observedTimeUnixNano: nanos,
    severityNumber: sev.number,
    severityText: sev.text,
    body: { stringValue: describe(r) },
    attributes,
  };
}

function request(batch: readonly AuditRecord[], ctx: EncodeContext): unknown {
  return {
    resourceLogs: [
      {
        resource: { attributes: [str('service.name', 'joc-guard'), str('service.version', ctx.product.version)] },
        scopeLogs: [{ scope: { name: 'joc-guard.audit', version: ctx.product.version }, logRecords: batch.map(logRecord) }],
      },
    ],
  };
}

const RETRYABLE = new Set([429, 502, 503, 504]);
const BAD_DATA = new Set([400, 413]);

export const otlpHttpFormat: AuditFormat = {
  encode: (batch, ctx) => ({ contentType: 'application/json', headers: {}, body: JSON.stringify(request(batch, ctx)) }),
  interpret: (res, batch): Verdict => {
    if (!is2xx(res.status)) {
      const error = `http-${res.status}`;
      if (BAD_DATA.has(res.status)) return { kind: 'split', error };
      return { kind: 'failed', error: RETRYABLE.has(res.status) ? error : `${error} (not retryable by OTLP; retried after backoff)` };
    }
    const parsed = parseJson(res.body);
    const partial = isPlainObject(parsed) ? parsed.partialSuccess : undefined;
    const raw = isPlainObject(partial) ? partial.rejectedLogRecords : undefined;
    // int64 in JSON: a decimal string or a number.
    const rejected = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : typeof raw === 'number' && Number.isSafeInteger(raw) ? raw : 0;
    if (rejected <= 0) return { kind: 'delivered' };
    const message = isPlainObject(partial) ? excerpt(partial.errorMessage) : '';
    return { kind: 'partial', retry: [], refused: [], rejected: Math.min(rejected, batch.length), error: `otlp partial success: ${rejected} rejected ${message}`.trim() };
  },
};
