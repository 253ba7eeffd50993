// Splunk HTTP Event Collector, `/services/collector/event`: one JSON event
// object per record, batched back to back; the Authorization header is
// `Splunk <token>` (configured as the whole header value). HEC has no
// idempotency key: `event.id` carries the record id, so a search can drop the
// duplicates a resent batch may cause (`| dedup id`). Answers are
// {"text","code"} with the HTTP status; a batch with a malformed event gets
// 400 with `invalid-event-number`, and the forwarder narrows such a batch
// down. Reference: Splunk "Format events for HTTP Event Collector" and
// "Troubleshoot HTTP Event Collector" (status codes). Pure.
import { isPlainObject } from '../../json.ts';
import type { AuditFormat } from './types.ts';
import { excerpt, is2xx, parseJson } from './types.ts';
import { epochMs, originParts } from './semantics.ts';

export const HEC_SOURCE = 'joc-guard';
export const HEC_SOURCETYPE = 'jocguard:audit';

/** HEC codes that refuse the data of a request (not the token, index or channel): 5 no data, 6 invalid format, 12/13 event field missing or blank, 15 indexed fields. */
const DATA_CODES = new Set([5, 6, 12, 13, 15]);

export const splunkHecFormat: AuditFormat = {
  encode: (batch) => ({
    contentType: 'application/json',
    headers: {},
    body: batch
      .map((r) => {
        const e: Record<string, unknown> = { time: epochMs(r) / 1000 };
        // `host`: the JOC server the event is about (a browser extension cannot name its workstation).
        const url = originParts(r.origin);
        if (url !== null) e.host = url.domain;
        e.source = HEC_SOURCE;
        e.sourcetype = HEC_SOURCETYPE;
        e.event = r;
        return JSON.stringify(e);
      })
      .join('\n'),
  }),
  interpret: (res) => {
    const parsed = parseJson(res.body);
    const code = isPlainObject(parsed) && typeof parsed.code === 'number' ? parsed.code : null;
    if (is2xx(res.status)) return { kind: 'delivered' };
    const error = `http-${res.status}${code !== null ? ` hec-${code}` : ''}${isPlainObject(parsed) && parsed.text !== undefined ? ` ${excerpt(parsed.text)}` : ''}`;
    if (res.status === 413 || (res.status === 400 && code !== null && DATA_CODES.has(code))) return { kind: 'split', error };
    return { kind: 'failed', error };
  },
};
