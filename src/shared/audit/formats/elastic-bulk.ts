// Elasticsearch / OpenSearch `_bulk` (NDJSON): one `create` action per record
// with `_id` = the record id, so a batch sent again after a lost answer cannot
// index a record twice — Elasticsearch answers 409 for an id it already has,
// which counts as delivered. The answer lists a status per item
// (`errors: true` when any failed): 429 and 5xx items are sent again, other
// failed items are refused for good. Reference: Elasticsearch "Bulk API"
// (https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-bulk). Pure.
import { isPlainObject } from '../../json.ts';
import type { AuditFormat, Verdict } from './types.ts';
import { excerpt, is2xx, parseJson, statusVerdict } from './types.ts';
import { ecsDocument } from './ecs.ts';

/** A whole request refused as content: too large, or unparseable NDJSON. */
const CONTENT_REJECTED = new Set([400, 413]);

export const elasticBulkFormat: AuditFormat = {
  encode: (batch, ctx) => ({
    contentType: 'application/x-ndjson',
    headers: {},
    // Every line ends with a newline, the last one included (the API requires it).
    body: batch.map((r) => `${JSON.stringify({ create: { _index: ctx.index, _id: r.id } })}\n${JSON.stringify(ecsDocument(r, ctx.product))}\n`).join(''),
  }),
  interpret: (res, batch) => {
    if (!is2xx(res.status)) return statusVerdict(res.status, CONTENT_REJECTED);
    const parsed = parseJson(res.body);
    if (!isPlainObject(parsed) || typeof parsed.errors !== 'boolean') return { kind: 'failed', error: 'bad-response: not a bulk answer' };
    if (parsed.errors === false) return { kind: 'delivered' };
    return itemVerdict(parsed.items, batch.length);
  },
};

/** Items come back in request order, one per action. */
function itemVerdict(items: unknown, n: number): Verdict {
  // Without a readable per-item list nothing is known: send the batch again (create + _id makes that safe).
  if (!Array.isArray(items) || items.length !== n) return { kind: 'failed', error: 'bad-response: item list does not match the batch' };
  const retry: number[] = [];
  const refused: number[] = [];
  let reason = '';
  items.forEach((item: unknown, i) => {
    const result = isPlainObject(item) ? item.create : undefined;
    const status = isPlainObject(result) ? result.status : undefined;
    if (typeof status !== 'number') return retry.push(i);
    if (is2xx(status) || status === 409) return; // 409: the id exists, i.e. delivered before
    const error = isPlainObject(result) ? result.error : undefined;
    reason ||= `${status} ${excerpt(isPlainObject(error) ? error.type : '')}`.trim();
    if (status === 429 || status >= 500) retry.push(i);
    else refused.push(i);
  });
  if (retry.length === 0 && refused.length === 0) return { kind: 'delivered' };
  return { kind: 'partial', retry, refused, rejected: 0, error: `bulk items failed: ${reason}` };
}
