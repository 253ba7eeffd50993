// The forwarding formats by name.
import type { AuditFormat, ForwardFormat } from './types.ts';
import { jocGuardFormat } from './joc-guard.ts';
import { elasticBulkFormat } from './elastic-bulk.ts';
import { splunkHecFormat } from './splunk-hec.ts';
import { otlpHttpFormat } from './otlp-http.ts';

export * from './types.ts';

const FORMATS: Record<ForwardFormat, AuditFormat> = {
  'joc-guard': jocGuardFormat,
  'elastic-bulk': elasticBulkFormat,
  'splunk-hec': splunkHecFormat,
  'otlp-http': otlpHttpFormat,
};

export function formatFor(name: ForwardFormat): AuditFormat {
  return FORMATS[name];
}
