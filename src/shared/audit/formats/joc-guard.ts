// JOC Guard's own format (the default): {"records":[…]} as stored, with an
// Idempotency-Key per batch. Any 2xx delivers the batch; 400/413/422 refuse it
// as content (the forwarder narrows the batch down); anything else fails it.
import type { AuditFormat } from './types.ts';
import { statusVerdict } from './types.ts';

const CONTENT_REJECTED = new Set([400, 413, 422]);

export const jocGuardFormat: AuditFormat = {
  encode: (batch, ctx) => ({
    contentType: 'application/json',
    headers: { 'Idempotency-Key': ctx.batchId, 'X-Batch-Id': ctx.batchId },
    body: JSON.stringify({ records: batch }),
  }),
  interpret: (res) => statusVerdict(res.status, CONTENT_REJECTED),
};
